// Golden tests: every fixture under test/fixtures/analysis/rules declares its expectations inline.
// A line with `expect: <rule>[, <rule>]` must produce exactly those rule ids on that line; every
// other line (the `ok` look-alikes) must produce nothing. Adding a case is adding a line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createAnalyzer, type Analyzer } from '../../../extension/src/core/analysis';
import { FIXTURE_DIR as DIR, loadFixture } from './fixtures';

const MARKER = /expect"?:\s*"?([a-z]+\/[\w-]+(?:\s*,\s*[a-z]+\/[\w-]+)*)/;

function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) for (const rule of m[1]!.split(',')) out.push(`${i + 1} ${rule.trim()}`);
  });
  return out.sort();
}

describe('analysis: golden fixtures', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await createAnalyzer();
  });

  for (const name of fs.readdirSync(DIR).sort()) {
    it(`${name}: exactly the marked findings`, () => {
      const file = loadFixture(name);
      const want = expected(file.text);
      assert.ok(want.length > 0, 'a fixture without expectations tests nothing');
      const got = analyzer.analyze(file).findings.map((f) => `${f.range.startLine} ${f.ruleId}`).sort();
      assert.deepEqual(got, want);
    });
  }

  it('every rule id has at least one true positive in the fixtures', () => {
    const marked = new Set(fs.readdirSync(DIR).flatMap((n) => expected(loadFixture(n).text).map((e) => e.split(' ')[1])));
    const rules = ['js/eval', 'js/new-function', 'js/timer-string', 'js/command-injection', 'js/sql-injection', 'js/inner-html',
      'js/dangerously-set-inner-html', 'js/weak-hash', 'js/weak-cipher', 'js/insecure-random', 'js/tls-disabled', 'js/path-traversal',
      'py/eval', 'py/command-injection', 'py/sql-injection', 'py/weak-hash', 'py/weak-cipher', 'py/tls-disabled', 'py/deserialization',
      'py/path-traversal', 'py/insecure-random', 'secrets/hardcoded-credential', 'secrets/password-in-config', 'secrets/private-key',
      'secrets/github-token', 'secrets/jwt', 'secrets/aws-access-key-id', 'secrets/connection-string-password', 'secrets/authorization-header'];
    assert.deepEqual(rules.filter((r) => !marked.has(r)), []);
  });
});
