// Where Apply puts a code block: selection, whole file, or at the cursor.
import assert from 'node:assert/strict';
import { looksLikeWholeFile, planApply } from '../../extension/src/core/apply-plan';

const FILE = ['import { a } from "./a";', '', 'export function add(x, y) {', '  return x + y;', '}', '', 'export const z = 1;', ''].join('\n');

describe('extension core: apply plan', () => {
  it('replaces the selection when there is one', () => {
    const start = FILE.indexOf('return x + y;');
    const plan = planApply({ original: FILE, code: 'return x - y;\n', selection: { start, end: start + 'return x + y;'.length }, cursor: start });
    assert.equal(plan.mode, 'replace selection');
    assert.equal(plan.result, FILE.replace('return x + y;', 'return x - y;'));
  });

  it('replaces the file when the block is a rewritten version of it', () => {
    const rewritten = FILE.replace('x + y', 'Number(x) + Number(y)');
    const plan = planApply({ original: FILE, code: rewritten, cursor: 0 });
    assert.equal(plan.mode, 'replace file');
    assert.equal(plan.result, rewritten);
  });

  it('inserts a fragment at the cursor on a line of its own', () => {
    const cursor = FILE.indexOf('export const z');
    const plan = planApply({ original: FILE, code: 'export function sub(x, y) {\n  return x - y;\n}', cursor });
    assert.equal(plan.mode, 'insert at cursor');
    assert.equal(plan.result, FILE.slice(0, cursor) + 'export function sub(x, y) {\n  return x - y;\n}\n' + FILE.slice(cursor));
  });

  it('a cursor in the middle of a line puts the block on the next line', () => {
    const plan = planApply({ original: 'abc\ndef', code: 'X', cursor: 1 });
    assert.equal(plan.result, 'a\nX\nbc\ndef');
  });

  it('a short block that shares one line with the file is not the whole file', () => {
    assert.equal(looksLikeWholeFile(FILE, '}'), false);
    assert.equal(looksLikeWholeFile(FILE, 'import { a } from "./a";\nconsole.log(a);'), false);
    assert.equal(looksLikeWholeFile('', 'x'), false);
  });
});
