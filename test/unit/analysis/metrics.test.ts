// Function metrics on hand-counted functions, and the maintainability findings they trigger.
import assert from 'node:assert/strict';
import { createAnalyzer, type Analyzer, type FunctionMetric } from '../../../extension/src/core/analysis';

const byName = (ms: FunctionMetric[]) => Object.fromEntries(ms.map((m) => [m.name, m]));

describe('analysis: metrics', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await createAnalyzer();
  });

  it('JS/TS: cyclomatic = 1 + if/?:/loops/case/catch/&&/||/??, callbacks are their own scope', () => {
    const text = [
      'export function classify(n: number, opts?: { strict: boolean }) {', //  1
      '  if (n < 0 && opts?.strict) return "neg";', //                         if, && (not ?.)  → 3
      '  for (const x of [1, 2]) { while (x > n) n++; }', //                   for-of, while   → 5
      '  switch (n) { case 1: return "one"; case 2: return "two"; default: return n > 9 ? "big" : "small"; }', // 2 cases, ?: → 8
      '  try { [1].map((v) => (v > 1 ? v : 0)); } catch { return opts ?? null; }', // catch, ?? (callback ?: not counted) → 10
      '}',
      'class Box { get size(): number { return this.n || 0; } constructor(private n: number) {} }',
      'const add = (a: number, b: number) => a + b;',
      'function f(this: Window, a = 1, ...rest: number[]) { return a; }',
    ].join('\n');
    const m = byName(analyzer.analyze({ path: 'm.ts', text }).metrics);
    assert.equal(m.classify!.cyclomatic, 10);
    assert.equal(m.classify!.parameters, 2);
    assert.equal(m.classify!.lines, 6);
    assert.deepEqual(m.classify!.range, { startLine: 1, startColumn: 1, endLine: 6, endColumn: 2 });
    assert.equal(m['Box.size']!.cyclomatic, 2);
    assert.equal(m['Box.constructor']!.parameters, 1);
    assert.deepEqual([m.add!.cyclomatic, m.add!.parameters, m.add!.lines], [1, 2, 1]);
    assert.equal(m.f!.parameters, 2, 'the `this` parameter is not a parameter');
    assert.ok(!Object.keys(m).includes('<anonymous>'), 'anonymous callbacks are not reported');
  });

  it('Python: if/elif/for/while/except/and/or/ternary/comprehension clauses', () => {
    const text = [
      'class Repo:',
      '    def find(self, items, key=None, *, strict=False):',
      '        if not items or key is None:', //         if, or            → 3
      '            return None',
      '        elif strict and key < 0:', //             elif, and         → 5
      '            raise ValueError()',
      '        try:',
      '            out = [i for i in items if i == key]', //  for, if     → 7
      '        except KeyError:', //                        except        → 8
      '            out = []',
      '        while out:', //                             while          → 9
      '            out.pop()',
      '        return out[0] if out else None', //           ternary        → 10
      '',
      'def helper(*args, **kwargs):',
      '    return 1',
    ].join('\n');
    const m = byName(analyzer.analyze({ path: 'm.py', text }).metrics);
    assert.equal(m['Repo.find']!.cyclomatic, 10);
    assert.equal(m['Repo.find']!.parameters, 3, 'self and the bare * are not parameters');
    assert.equal(m['Repo.find']!.lines, 12);
    assert.deepEqual([m.helper!.cyclomatic, m.helper!.parameters], [1, 2]);
  });

  it('emits metrics/complexity over 15 and metrics/function-length over 80 lines, on the name', () => {
    const branches = Array.from({ length: 16 }, (_, i) => `  if (x === ${i}) y++;`).join('\n');
    const body = Array.from({ length: 80 }, () => '  y++;').join('\n');
    const text = `function busy(x, y) {\n${branches}\n}\nfunction long(y) {\n${body}\n}\n`;
    const findings = analyzer.analyze({ path: 'busy.js', text }).findings;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.startLine, f.range.startColumn, f.range.endColumn, f.category]), [
      ['metrics/complexity', 1, 10, 14, 'maintainability'],
      ['metrics/function-length', 19, 10, 14, 'maintainability'],
    ]);
    assert.match(findings[0]!.title, /complexity 17/);
  });
});
