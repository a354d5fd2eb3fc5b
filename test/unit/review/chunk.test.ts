import assert from 'node:assert/strict';
import { chunkFile, splitLines } from '../../../extension/src/core/review/chunk';

const numbered = (n: number, line = (i: number) => `line ${i}`) => Array.from({ length: n }, (_, i) => line(i + 1)).join('\n');

describe('review: chunkFile', () => {
  it('a small file is one piece starting at line 1, trailing newline not counted as a line', () => {
    const chunks = chunkFile('a\nb\nc\n');
    assert.deepEqual(chunks, [{ content: 'a\nb\nc', startLine: 1, endLine: 3 }]);
    assert.deepEqual(splitLines('a\n'), ['a']);
  });

  it('covers every line, each piece\'s content is exactly its lines, pieces overlap by the overlap', () => {
    const text = numbered(250);
    const lines = text.split('\n');
    const chunks = chunkFile(text, { maxLines: 100, maxChars: 1e6, overlapLines: 3 });
    for (const c of chunks) assert.equal(c.content, lines.slice(c.startLine - 1, c.endLine).join('\n'));
    assert.equal(chunks[0]!.startLine, 1);
    assert.equal(chunks.at(-1)!.endLine, 250);
    for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i]!.startLine, chunks[i - 1]!.endLine - 2, 'three lines of overlap');
    assert.ok(chunks.every((c) => c.endLine - c.startLine + 1 <= 100));
  });

  it('cuts before a top-level declaration that follows a blank line, when one is in the second half', () => {
    // 10 functions of 10 lines (9 lines of body + a blank line)
    const text = Array.from({ length: 10 }, (_, f) => [`function f${f}() {`, ...Array.from({ length: 7 }, (_, i) => `  x(${i});`), '}', ''].join('\n')).join('\n');
    const chunks = chunkFile(text, { maxLines: 25, maxChars: 1e6, overlapLines: 2 });
    // window 1..25 → cut at the blank line 20, so f2 starts the next piece's new text at line 21
    assert.deepEqual([chunks[0]!.startLine, chunks[0]!.endLine], [1, 20]);
    assert.equal(chunks[1]!.startLine, 19);
    assert.ok(chunks[1]!.content.includes('function f2()'));
  });

  it('respects maxChars, and a line longer than maxChars is cut by characters on the same line number', () => {
    const long = 'x'.repeat(250);
    const chunks = chunkFile(`a\n${long}\nb`, { maxChars: 100, overlapLines: 0 });
    assert.deepEqual(chunks.map((c) => [c.startLine, c.endLine, c.content.length]), [[1, 1, 1], [2, 2, 100], [2, 2, 100], [2, 2, 50], [3, 3, 1]]);
    const text = numbered(400, (i) => `const value${i} = ${i};`);
    for (const c of chunkFile(text, { maxChars: 500, maxLines: 1000 })) assert.ok(c.content.length <= 500);
  });

  it('a window shorter than the overlap still moves forward', () => {
    const chunks = chunkFile(numbered(10), { maxLines: 2, overlapLines: 5 });
    assert.equal(chunks.at(-1)!.endLine, 10);
    assert.ok(chunks.length < 20);
  });
});
