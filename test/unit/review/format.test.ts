import assert from 'node:assert/strict';
import type { Finding } from '../../../protocol';
import { formatJson, formatText, ReviewJsonOutput, shouldColor } from '../../../extension/src/core/review/format';
import { parseReviewArgs, UsageError } from '../../../extension/src/core/review/cli-review';
import type { ReviewResult } from '../../../extension/src/core/review/run-review';

const f = (file: string, line: number, severity: Finding['severity'], ruleId = 'js/eval'): Finding => ({
  ruleId, source: 'analyzer', severity, category: 'security', title: `${ruleId} here`, message: '', file, range: { startLine: line, startColumn: 4, endLine: line },
});
const result = (over: Partial<ReviewResult> = {}): ReviewResult => ({
  findings: [f('src/a.ts', 3, 'high'), f('src/a.ts', 9, 'low', 'todo'), f('src/b.py', 1, 'medium')],
  skipped: [{ path: '.env', reason: 'sensitive', detail: 'dotenv' }], mode: 'offline', offlineReason: '--offline was given', errors: [],
  stats: { files: 2, requests: 0, analyzerFindings: 3, llmFindings: 0, discarded: 0, models: [] }, ...over,
});

describe('review: text and JSON output', () => {
  it('text: grouped by file, `path:line:col severity rule title`, a summary line, offline said clearly', () => {
    assert.equal(formatText(result()), [
      'src/a.ts',
      '  src/a.ts:3:4 high js/eval js/eval here',
      '  src/a.ts:9:4 low todo todo here',
      '',
      'src/b.py',
      '  src/b.py:1:4 medium js/eval js/eval here',
      '',
      '3 findings (1 high, 1 medium, 1 low) in 2 files reviewed — analyzers only',
      'offline: --offline was given; the AI review did not run',
      'skipped: 1 sensitive',
      '',
    ].join('\n'));
    assert.equal(formatText(result({ findings: [], skipped: [], mode: 'online', offlineReason: undefined })), '0 findings in 2 files reviewed\n');
  });

  it('colour only for a TTY without NO_COLOR', () => {
    assert.match(formatText(result(), { color: true }), /\x1b\[31mhigh\x1b\[0m/);
    assert.doesNotMatch(formatText(result()), /\x1b/);
    assert.equal(shouldColor({ isTTY: true }, {}), true);
    assert.equal(shouldColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(shouldColor({ isTTY: false }, {}), false);
  });

  it('JSON: { findings, summary, skipped } matching its zod schema, counts by severity', () => {
    const parsed = ReviewJsonOutput.parse(JSON.parse(formatJson(result({ errors: [{ paths: ['a.ts'], message: 'HTTP 502' }] }))));
    assert.deepEqual(Object.keys(parsed), ['findings', 'summary', 'skipped']);
    assert.deepEqual(parsed.summary.bySeverity, { critical: 0, high: 1, medium: 1, low: 1, info: 0 });
    assert.equal(parsed.summary.mode, 'offline');
    assert.deepEqual(parsed.summary.errors, [{ paths: ['a.ts'], message: 'HTTP 502' }]);
    assert.equal(parsed.findings.length, 3);
  });
});

describe('review: CLI arguments', () => {
  it('defaults and every option', () => {
    assert.deepEqual(parseReviewArgs([]), { paths: [], format: 'text', failOn: 'none', kind: 'review', offline: false });
    assert.deepEqual(parseReviewArgs(['src', 'lib/x.ts', '--diff', 'origin/main..HEAD', '--format', 'sarif', '-o', 'out.sarif', '--fail-on', 'high', '--offline', '--server', 'https://c.example', '--kind', 'security']),
      { paths: ['src', 'lib/x.ts'], diff: 'origin/main..HEAD', format: 'sarif', output: 'out.sarif', failOn: 'high', kind: 'security', offline: true, server: 'https://c.example' });
  });

  for (const [argv, message] of [
    [['--format', 'xml'], /--format must be one of text, json, sarif \(got "xml"\)/],
    [['--fail-on', 'severe'], /--fail-on must be one of critical, high, medium, low, info, none/],
    [['--kind', 'docs'], /--kind must be one of review, security/],
    [['--diff=--output=/etc/x'], /--diff wants a revision range/],
    [['--server', 'ftp://x'], /--server must be an http\(s\) URL/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ] as const) {
    it(`rejects ${argv.join(' ')} with a clear message`, () => {
      assert.throws(() => parseReviewArgs([...argv]), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});
