import assert from 'node:assert/strict';
import { ReviewResponse, type ReviewRequest } from '../../protocol';
import { startTestServer, waitForUsageRows, type TestServer } from './harness';

// Lines of src/users.ts as the client sends them (1-based numbers in the comments).
const USERS = [
  "import { db } from './db';", // 1
  '', // 2
  'export function findUser(name: string) {', // 3
  "  const sql = 'SELECT * FROM users WHERE name = ' + name;", // 4
  '  return db.query(sql);', // 5
  '}', // 6
  '', // 7
  'export function total(items: number[]) {', // 8
  '  let t = 0;', // 9
  '  for (const i of items) t += i;', // 10
  '  return t;', // 11
  '}', // 12
].join('\n');

const finding = (extra: Record<string, unknown> = {}) => ({
  file: 'src/users.ts', startLine: 4, endLine: 4, severity: 'high', category: 'security', title: 'SQL injection',
  message: 'Concatenating `name` into SQL lets a caller run any query; use a parameter.', quote: "'SELECT * FROM users WHERE name = ' + name",
  cwe: 'CWE-89', confidence: 0.9, ...extra,
});
const answer = (...findings: unknown[]) => ({ text: JSON.stringify({ findings }) });
type Sent = { messages: { role: string; content: string }[]; stream?: boolean; response_format?: unknown; model: string };

describe('server: POST /api/v1/review (model findings)', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { review: { requestsPerMinute: 1000 } } } } });
  });
  after(async () => { await s.close(); });
  beforeEach(() => s.fake.reset());

  const review = (extra: Partial<ReviewRequest> = {}) => s.api('/api/v1/review', {
    json: { kind: 'security', files: [{ path: 'src/users.ts', language: 'typescript', content: USERS }], ...extra },
  });
  const ok = async (res: Response) => {
    assert.equal(res.status, 200, await res.clone().text());
    return ReviewResponse.parse(await res.json());
  };

  it('places valid findings on the lines cited, as llm findings with ruleId llm/<category>', async () => {
    s.fake.script(answer(finding(), finding({ startLine: 10, endLine: 10, severity: 'Low', category: 'performance',
      title: 'Use reduce', quote: 't += i', cwe: undefined, confidence: undefined })));
    const body = await ok(await review());
    assert.equal(body.attempts, 1);
    assert.equal(body.discarded, 0);
    assert.equal(body.model, 'llama-3.3-70b-versatile');
    assert.deepEqual(body.findings[0], {
      ruleId: 'llm/security', source: 'llm', severity: 'high', category: 'security', title: 'SQL injection',
      message: finding().message, file: 'src/users.ts', range: { startLine: 4, endLine: 4 }, cwe: 'CWE-89', confidence: 0.9,
    });
    assert.equal(body.findings[1]!.ruleId, 'llm/performance');
    assert.equal(body.findings[1]!.severity, 'low', '"Low" is read as low, not a retry');
    assert.deepEqual(body.findings[1]!.range, { startLine: 10, endLine: 10 });

    const sent = s.fake.chatRequests[0]!.body as Sent;
    assert.equal(s.fake.chatRequests.length, 1);
    assert.equal(sent.stream, false, 'non-streamed');
    assert.deepEqual(sent.response_format, { type: 'json_object' }, 'the default review model has jsonMode');
    assert.match(sent.messages[0]!.content, /security vulnerabilities/);
    assert.match(sent.messages[0]!.content, /"findings": \[/, 'the exact JSON shape is in the prompt');
    assert.match(sent.messages[1]!.content, /^ 4 \| {3}const sql = 'SELECT/m, 'every line carries its number');
    assert.match(sent.messages[1]!.content, /^12 \| \}$/m);
  });

  it('moves a finding whose line is miscounted to the line that holds its quote (within ±5), with the quote\'s columns', async () => {
    s.fake.script(answer(finding({ startLine: 7, endLine: 7, startColumn: 40 })));
    const body = await ok(await review());
    assert.equal(body.discarded, 0);
    const quoteAt = USERS.split('\n')[3]!.indexOf("'SELECT") + 1;
    assert.deepEqual(body.findings[0]!.range, { startLine: 4, endLine: 4, startColumn: quoteAt, endColumn: quoteAt + finding().quote.length });
  });

  it('discards and counts findings for a path that was not sent, or lines that cannot be placed', async () => {
    s.fake.script(answer(finding(), finding({ file: 'src/other.ts' }), finding({ startLine: 40, endLine: 41, quote: 'nowhere()' })));
    const body = await ok(await review());
    assert.equal(body.findings.length, 1);
    assert.equal(body.discarded, 2);
  });

  it('drops a fix whose range is outside the piece sent and keeps the finding; a fix inside replaces whole lines', async () => {
    s.fake.script(answer(
      finding({ fix: { description: 'Use a parameter', startLine: 4, endLine: 5,
        replacement: "  return db.query('SELECT * FROM users WHERE name = ?', [name]);\n" } }),
      finding({ startLine: 10, endLine: 10, category: 'performance', title: 'x', quote: 't += i', fix: { replacement: 'y', startLine: 11, endLine: 30 } }),
    ));
    const body = await ok(await review());
    assert.deepEqual(body.findings[0]!.fix, {
      description: 'Use a parameter',
      range: { startLine: 4, startColumn: 1, endLine: 5, endColumn: '  return db.query(sql);'.length + 1 },
      replacement: "  return db.query('SELECT * FROM users WHERE name = ?', [name]);",
    });
    assert.equal(body.findings[1]!.title, 'x');
    assert.equal(body.findings[1]!.fix, undefined);
    assert.equal(body.discarded, 0);
  });

  it('maps lines of a chunk that starts at line 201', async () => {
    s.fake.script(answer(
      finding({ startLine: 204, endLine: 204 }),
      finding({ startLine: 4, endLine: 4, quote: undefined }), // the chunk's own numbering: not a line that was sent
      finding({ startLine: 207, endLine: 208, quote: 'return t;', title: 'miscounted by 4, found by its quote' }),
    ));
    const body = await ok(await review({ files: [{ path: 'src/users.ts', language: 'typescript', content: USERS, startLine: 201 }] }));
    assert.deepEqual(body.findings.map((f) => f.range.startLine), [204, 211]);
    assert.equal(body.findings[1]!.range.endLine, 212);
    assert.equal(body.discarded, 1);
    const prompt = (s.fake.chatRequests[0]!.body as Sent).messages[1]!.content;
    assert.match(prompt, /^201 \| import/m);
    assert.match(prompt, /^212 \| \}$/m);
    assert.match(prompt, /lines 201-212 \(a part of the file\)/);
  });

  it('retries once with the validation errors when the first answer is not JSON: 200 with attempts 2', async () => {
    s.fake.script([{ text: 'Sure! Here are the findings: none really.' }, answer(finding())]);
    const body = await ok(await review());
    assert.equal(body.attempts, 2);
    assert.equal(body.findings.length, 1);
    assert.equal(s.fake.chatRequests.length, 2);
    const second = (s.fake.chatRequests[1]!.body as Sent).messages;
    assert.deepEqual(second.slice(-2).map((m) => m.role), ['assistant', 'user']);
    assert.equal(second.at(-2)!.content, 'Sure! Here are the findings: none really.');
    assert.match(second.at(-1)!.content, /not valid JSON/);
  });

  it('a retry names the fields that failed validation', async () => {
    s.fake.script([answer(finding({ severity: 'dreadful', startLine: 'four' })), answer(finding())]);
    const body = await ok(await review());
    assert.equal(body.attempts, 2);
    const repair = (s.fake.chatRequests[1]!.body as Sent).messages.at(-1)!.content;
    assert.match(repair, /findings\.0\.severity/);
    assert.match(repair, /findings\.0\.startLine/);
  });

  it('answers 502 with a readable message when the model fails validation twice', async () => {
    s.fake.script([{ text: 'not json' }, answer({ file: 'src/users.ts', title: 'no line' })]);
    const res = await review();
    assert.equal(res.status, 502);
    const { error } = await res.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'bad_model_output');
    assert.match(error.message, /the model's review answer was not valid after 2 attempts/);
    assert.match(error.message, /findings\.0\.startLine/);
    assert.equal(s.fake.chatRequests.length, 2);
  });

  it('records one usage row with task review per model call', async () => {
    await new Promise((r) => setTimeout(r, 100)); // earlier tests' rows are written after their responses
    await s.db.execute('DELETE FROM usage_records');
    s.fake.script([{ text: '{' }, answer()]);
    const body = await ok(await review({ kind: 'review' }));
    assert.deepEqual(body, { findings: [], model: 'llama-3.3-70b-versatile', attempts: 2, discarded: 0 });
    const rows = await waitForUsageRows(s.db, 2);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => [r.task, r.status, r.model]), [['review', 'ok', 'llama-3.3-70b-versatile'], ['review', 'ok', 'llama-3.3-70b-versatile']]);
  });

  it('docs: asks for doc comments as fixes that keep the declaration line', async () => {
    s.fake.script(answer(finding({ startLine: 8, endLine: 8, category: 'documentation', severity: 'info', title: 'Document total',
      quote: 'export function total', cwe: undefined, fix: { description: 'Add JSDoc', startLine: 8, endLine: 8,
        replacement: '/** Sum of the items. */\nexport function total(items: number[]) {' } })));
    const body = await ok(await review({ kind: 'docs' }));
    assert.equal(body.findings[0]!.ruleId, 'llm/docs');
    assert.equal(body.findings[0]!.fix!.replacement, '/** Sum of the items. */\nexport function total(items: number[]) {');
    assert.match((s.fake.chatRequests[0]!.body as Sent).messages[0]!.content, /doc comment followed by that same line/);
  });

  it('400 with messages for bad requests, before any model call', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'review', files: [] }, /files/],
      [{ kind: 'lint', files: [{ path: 'a.ts', language: 'ts', content: 'x' }] }, /kind/],
      [{ kind: 'review', files: [{ path: 'a.ts', language: 'ts', content: '  \n' }] }, /a\.ts is empty/],
      [{ kind: 'review', files: [{ path: 'a.ts', language: 'ts', content: 'x', startLine: 0 }] }, /startLine/],
    ];
    for (const [json, message] of cases) {
      const res = await s.api('/api/v1/review', { json });
      assert.equal(res.status, 400, JSON.stringify(json));
      const { error } = await res.json() as { error: { code: string; message: string } };
      assert.equal(error.code, 'bad_request');
      assert.match(error.message, message);
    }
    assert.equal(s.fake.chatRequests.length, 0);
  });

  it('401 without a token', async () => {
    const res = await fetch(`${s.url}/api/v1/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 401);
    assert.equal(s.fake.chatRequests.length, 0);
  });

  it('is documented in /openapi.json with the protocol schemas', async () => {
    const doc = await (await fetch(`${s.url}/openapi.json`)).json() as { paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
    const props = doc.paths['/api/v1/review']!.post!.requestBody.content['application/json']!.schema.properties;
    assert.ok(props.kind && props.files && props.diff);
  });
});
