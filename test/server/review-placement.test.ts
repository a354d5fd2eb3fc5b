import assert from 'node:assert/strict';
import type { ReviewFile } from '../../protocol';
import { check } from '../../server/src/domain/review/json-answer';
import { placeFindings } from '../../server/src/domain/review/placement';
import { RawFinding, RawReviewAnswer } from '../../server/src/domain/review/raw-finding';

const piece = (path: string, startLine: number, lines: string[]): ReviewFile => ({ path, language: 'ts', startLine, content: lines.join('\n') });
const raw = (extra: Record<string, unknown>) => RawFinding.parse({ file: 'a.ts', startLine: 1, severity: 'low', category: 'bug', title: 't', message: 'm', ...extra });

describe('server: review finding placement and the lenient answer schema (domain/review)', () => {
  const A = piece('a.ts', 1, ['let x = 1;', 'x = x + 1;', 'return x;']);

  it('clamps columns to the line, and an end past the piece to its last line', () => {
    const { findings } = placeFindings([raw({ startLine: 2, endLine: 9, startColumn: 3, endColumn: 99 })], [A]);
    assert.deepEqual(findings[0]!.range, { startLine: 2, startColumn: 3, endLine: 3, endColumn: 'return x;'.length + 1 });
  });

  it('accepts ./ and backslash paths for a file that was sent, and answers with the path as sent', () => {
    const { findings, discarded } = placeFindings([raw({ file: './a.ts' }), raw({ file: 'src\\b.ts' })], [A, piece('src/b.ts', 1, ['y'])]);
    assert.deepEqual(findings.map((f) => f.file), ['a.ts', 'src/b.ts']);
    assert.equal(discarded, 0);
  });

  it('with two chunks of one file, places each finding in the chunk that holds its line', () => {
    const chunks = [piece('big.ts', 1, ['one', 'two']), piece('big.ts', 101, ['hundred-one', 'hundred-two'])];
    const { findings, discarded } = placeFindings([
      raw({ file: 'big.ts', startLine: 102, quote: 'hundred-two' }), raw({ file: 'big.ts', startLine: 50 }),
    ], chunks);
    assert.deepEqual(findings.map((f) => f.range.startLine), [102]);
    assert.equal(discarded, 1, 'line 50 was never sent');
  });

  it('keeps the reported line when a quote is not found nearby but the line is real (a paraphrased quote)', () => {
    const { findings } = placeFindings([raw({ startLine: 3, quote: 'return  the value' })], [A]);
    assert.deepEqual(findings[0]!.range, { startLine: 3, endLine: 3 });
  });

  it('reads common model slips without a retry: synonyms, numbers as text, a bare array, percent confidence, null fix', () => {
    const answer = RawReviewAnswer.parse([{ file: 'a.ts', startLine: '2', severity: 'Warning', category: 'Documentation',
      title: ' Missing doc ', message: null, fix: null, cwe: 'cwe-79', confidence: 85, startColumn: 'x' }]);
    const f = answer.findings[0]!;
    assert.equal(f.startLine, 2);
    assert.equal(f.severity, 'medium');
    assert.equal(f.category, 'docs');
    assert.equal(f.title, 'Missing doc');
    assert.equal(f.message, '');
    assert.equal(f.fix, undefined);
    assert.equal(f.cwe, 'CWE-79');
    assert.equal(f.confidence, 0.85);
    assert.equal(f.startColumn, undefined);
  });

  it('rejects what cannot be understood (for the retry): unknown severity, missing line, empty title', () => {
    const result = RawReviewAnswer.safeParse({ findings: [{ file: 'a.ts', severity: 'dire', category: 'bug', title: '  ' }] });
    assert.ok(!result.success);
    const paths = result.error.issues.map((i) => i.path.join('.'));
    for (const p of ['findings.0.startLine', 'findings.0.severity', 'findings.0.title']) assert.ok(paths.includes(p), `${p} in ${paths}`);
  });

  it('finds the JSON in a code fence, in prose around an object, or as a bare array; says why otherwise', () => {
    const one = { file: 'a.ts', startLine: 1, severity: 'low', category: 'bug', title: 't', message: 'm' };
    for (const text of ['```json\n' + JSON.stringify({ findings: [one] }) + '\n```', `Here you go: ${JSON.stringify({ findings: [one] })} Hope it helps.`,
      JSON.stringify([one])]) {
      const result = check(RawReviewAnswer, text, 'stop');
      assert.ok(result.ok && result.value.findings.length === 1, text);
    }
    const cut = check(RawReviewAnswer, '{"findings": [{"file": "a.ts", "startL', 'length');
    assert.ok(!cut.ok);
    assert.match(cut.problems[0]!, /not valid JSON: .*cut off at the token limit/);
  });
});
