import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Finding, ReviewRequest } from '../../../protocol';
import { ChurnisticClient } from '../../../extension/src/core/server-client';
import { runReview, serverReviewer, type ReviewAnalyzer } from '../../../extension/src/core/review/run-review';

const finding = (over: Partial<Finding> & Pick<Finding, 'file'>): Finding => ({
  ruleId: 'js/eval', source: 'analyzer', severity: 'high', category: 'security', title: 'eval', message: '',
  range: { startLine: 1, endLine: 1 }, ...over,
});

/** Flags every line containing `eval(` as js/eval, and `TODO` as a low maintainability note. */
const fakeAnalyzer: ReviewAnalyzer & { seen: string[] } = {
  seen: [],
  analyze({ path, text }) {
    this.seen.push(path);
    const findings: Finding[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.includes('eval(')) findings.push(finding({ file: path, range: { startLine: i + 1, endLine: i + 1, startColumn: line.indexOf('eval(') + 1 } }));
      if (line.includes('TODO')) findings.push(finding({ file: path, ruleId: 'todo', severity: 'low', category: 'maintainability', title: 'todo', range: { startLine: i + 1, endLine: i + 1 } }));
    });
    return { findings, metrics: [] };
  },
};

/** A real HTTP server standing in for `POST /api/v1/review`: answers from each request's files. */
async function startReviewServer(answer: (req: ReviewRequest, n: number) => { status?: number; body: unknown; delayMs?: number }) {
  const requests: { body: ReviewRequest; auth?: string }[] = [];
  let inFlight = 0, maxInFlight = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      assert.equal(req.url, '/api/v1/review');
      const body = JSON.parse(data) as ReviewRequest;
      requests.push({ body, auth: req.headers.authorization });
      inFlight++; maxInFlight = Math.max(maxInFlight, inFlight);
      const a = answer(body, requests.length);
      setTimeout(() => {
        inFlight--;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
      }, a.delayMs ?? 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, maxInFlight: () => maxInFlight, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

const client = (url: string, token = 'chur_test') => new ChurnisticClient({ serverUrl: () => url, token: async () => token });

describe('review: runReview (fake analyzer, real HTTP server)', () => {
  const files = [
    { path: 'src/b.ts', text: 'const x = 1;\neval(input);\n// TODO tidy\n' },
    { path: 'src/a.ts', text: 'query("SELECT " + id);\n' },
    { path: '.env', text: 'SECRET=1' },
  ];

  it('merges model and analyzer findings, drops the model\'s duplicate of an analyzer finding, sorts by file/line/severity', async () => {
    const srv = await startReviewServer((req) => ({
      body: {
        model: 'fake-70b', attempts: 1, discarded: 1,
        findings: req.files.flatMap((f) => f.path === 'src/b.ts'
          // the same eval the analyzer found (same category, same line) and a new bug
          ? [finding({ file: f.path, source: 'llm', ruleId: 'llm/security', severity: 'critical', title: 'eval of input', range: { startLine: 2, endLine: 2 } }),
             finding({ file: f.path, source: 'llm', ruleId: 'llm/bug', category: 'bug', severity: 'medium', title: 'x unused', range: { startLine: 1, endLine: 1 } })]
          : [finding({ file: f.path, source: 'llm', ruleId: 'llm/security', severity: 'high', cwe: 'CWE-89', title: 'SQL injection', range: { startLine: 1, endLine: 1 } })]),
      },
    }));
    try {
      const progress: string[] = [];
      const result = await runReview({ files, analyzer: fakeAnalyzer, server: serverReviewer(client(srv.url)), onProgress: (p) => progress.push(`${p.done}/${p.total}`) });
      assert.equal(srv.requests.length, 1);
      assert.equal(srv.requests[0]!.auth, 'Bearer chur_test');
      assert.deepEqual(srv.requests[0]!.body.files.map((f) => f.path), ['src/b.ts', 'src/a.ts'], '.env is never sent');
      assert.deepEqual(result.skipped, [{ path: '.env', reason: 'sensitive', detail: 'dotenv' }]);
      assert.deepEqual(result.findings.map((f) => `${f.file}:${f.range.startLine} ${f.severity} ${f.ruleId}`), [
        'src/a.ts:1 high llm/security',
        'src/b.ts:1 medium llm/bug',
        'src/b.ts:2 critical js/eval', // the analyzer's finding kept, with the model's worse severity
        'src/b.ts:3 low todo',
      ]);
      assert.equal(result.mode, 'online');
      assert.deepEqual(result.stats.models, ['fake-70b']);
      assert.equal(result.stats.discarded, 1);
      assert.deepEqual(progress, ['0/3', '1/3', '2/3', '3/3']);
    } finally { await srv.close(); }
  });

  it('sends at most 2 requests at once, and --kind security keeps only security findings', async () => {
    const many = Array.from({ length: 90 }, (_, i) => ({ path: `src/f${String(i).padStart(2, '0')}.py`, text: 'eval(x)\n# TODO\n' }));
    const srv = await startReviewServer(() => ({ body: { model: 'm', attempts: 1, discarded: 0, findings: [] }, delayMs: 40 }));
    try {
      const result = await runReview({ files: many, kind: 'security', analyzer: fakeAnalyzer, server: serverReviewer(client(srv.url)) });
      assert.equal(srv.requests.length, 5);
      assert.equal(srv.maxInFlight(), 2);
      assert.ok(srv.requests.every((r) => r.body.kind === 'security'));
      assert.equal(result.findings.length, 90);
      assert.ok(result.findings.every((f) => f.category === 'security'));
    } finally { await srv.close(); }
  });

  it('with a diff, only changed files are reviewed and only findings near changed lines kept', async () => {
    const long = { path: 'src/long.ts', text: Array.from({ length: 40 }, (_, i) => (i === 4 || i === 30 ? 'eval(a)' : `ok(${i})`)).join('\n') };
    const diff = 'diff --git a/src/long.ts b/src/long.ts\n--- a/src/long.ts\n+++ b/src/long.ts\n@@ -30,2 +30,3 @@\n ok(29)\n+eval(a)\n ok(31)\n';
    const result = await runReview({ files: [long, files[0]!], diff, analyzer: fakeAnalyzer, offlineReason: '--offline' });
    assert.deepEqual(result.findings.map((f) => `${f.file}:${f.range.startLine}`), ['src/long.ts:31']);
    assert.equal(result.stats.files, 1);
    assert.equal(result.mode, 'offline');
    assert.equal(result.offlineReason, '--offline');
  });

  it('a server error is reported and the analyzer findings still come back; a 401 stops further requests', async () => {
    const srv = await startReviewServer(() => ({ status: 401, body: { error: { code: 'unauthorized', message: 'bad token' } } }));
    try {
      const many = Array.from({ length: 50 }, (_, i) => ({ path: `f${i}.ts`, text: 'eval(1)' }));
      const result = await runReview({ files: many, analyzer: fakeAnalyzer, server: serverReviewer(client(srv.url)), concurrency: 1 });
      assert.equal(srv.requests.length, 1);
      assert.equal(result.errors.length, 1);
      assert.ok(result.errors[0]!.unauthorized);
      assert.equal(result.findings.length, 50);
    } finally { await srv.close(); }
  });

  it('cancellation: aborting rejects with the abort reason and stops sending', async () => {
    const srv = await startReviewServer(() => ({ body: { model: 'm', attempts: 1, discarded: 0, findings: [] }, delayMs: 300 }));
    try {
      const controller = new AbortController();
      const many = Array.from({ length: 100 }, (_, i) => ({ path: `f${i}.ts`, text: 'x'.repeat(2000) }));
      const running = runReview({ files: many, analyzer: fakeAnalyzer, server: serverReviewer(client(srv.url)), signal: controller.signal,
        onProgress: (p) => { if (p.done === 100) setTimeout(() => controller.abort(new Error('user cancelled')), 50); } });
      await assert.rejects(running, /user cancelled/);
      await new Promise((r) => setTimeout(r, 400));
      assert.ok(srv.requests.length <= 2, `${srv.requests.length} requests sent`);
    } finally { await srv.close(); }
  });
});
