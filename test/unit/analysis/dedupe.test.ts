// dedupeFindings: the merge rule for analyzer and model findings.
import assert from 'node:assert/strict';
import { dedupeFindings, type Finding } from '../../../extension/src/core/analysis';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'js/sql-injection', source: 'analyzer', severity: 'high', category: 'security', title: 'SQL built by string concatenation',
  message: 'Use placeholders.', file: 'src/db.ts', range: { startLine: 10, startColumn: 5, endLine: 10, endColumn: 40 }, cwe: 'CWE-89', ...over,
});
const llm = (over: Partial<Finding>): Finding => finding({
  ruleId: 'llm/security', source: 'llm', severity: 'critical', title: 'SQL injection in getUser', message: 'The id is concatenated.',
  range: { startLine: 9, endLine: 11 }, confidence: 0.9, ...over,
});

describe('analysis: dedupeFindings', () => {
  it('same file, overlapping lines, same CWE: one finding with the analyzer range and the higher severity', () => {
    const fix = { description: 'Use a placeholder', range: { startLine: 10, endLine: 10 }, replacement: 'x' };
    const [merged, ...rest] = dedupeFindings([finding({})], [llm({ fix })]);
    assert.equal(rest.length, 0);
    assert.equal(merged!.ruleId, 'js/sql-injection');
    assert.equal(merged!.source, 'analyzer');
    assert.deepEqual(merged!.range, finding({}).range);
    assert.equal(merged!.severity, 'critical');
    assert.deepEqual(merged!.fix, fix, "the model's fix when the analyzer has none");
    assert.equal(merged!.confidence, 0.9);
    assert.match(merged!.message, /^Use placeholders\.\n\n\*\*Model review:\*\* SQL injection in getUser\. The id is concatenated\.$/);
  });

  it("keeps the analyzer's fix over the model's", () => {
    const own = { description: 'Turn it on', range: { startLine: 10, endLine: 10 }, replacement: 'true' };
    const [merged] = dedupeFindings([finding({ fix: own })], [llm({ fix: { ...own, replacement: 'other' } })]);
    assert.equal(merged!.fix?.replacement, 'true');
  });

  it('without a CWE on one side, the same category is enough', () => {
    assert.equal(dedupeFindings([finding({})], [llm({ cwe: undefined })]).length, 1);
  });

  it('keeps both when CWEs differ, categories differ, lines do not overlap, or files differ', () => {
    assert.equal(dedupeFindings([finding({})], [llm({ cwe: 'CWE-95' })]).length, 2);
    assert.equal(dedupeFindings([finding({ cwe: undefined })], [llm({ cwe: undefined, category: 'bug' })]).length, 2);
    assert.equal(dedupeFindings([finding({})], [llm({ range: { startLine: 12, endLine: 14 } })]).length, 2);
    assert.equal(dedupeFindings([finding({})], [llm({ file: 'src/other.ts' })]).length, 2);
  });

  it('never merges two different analyzer rules, nor findings within one list', () => {
    const ev = finding({ ruleId: 'js/eval', cwe: 'CWE-95' });
    assert.equal(dedupeFindings([finding({})], [finding({ ruleId: 'js/inner-html', cwe: undefined })]).length, 2);
    assert.equal(dedupeFindings([finding({}), ev], []).length, 2);
    assert.deepEqual(dedupeFindings([finding({})], [finding({})]), [finding({})], 'the same analyzer hit twice is one');
    assert.deepEqual(dedupeFindings([], [ev]), [ev]);
  });

  it('a model finding merges into the best match only', () => {
    const ev = finding({ ruleId: 'js/eval', cwe: 'CWE-95', range: { startLine: 10, endLine: 10 } });
    const out = dedupeFindings([ev, finding({})], [llm({})]);
    assert.equal(out.length, 2);
    assert.equal(out[0]!.severity, 'high', 'eval is untouched');
    assert.equal(out[1]!.severity, 'critical', 'the SQL finding absorbed the model one');
  });
});
