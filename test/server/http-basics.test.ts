import assert from 'node:assert/strict';
import { ErrorBody } from '../../protocol';
import { chatBody, startTestServer, type TestServer } from './harness';

async function expectError(res: Response, status: number, code?: string) {
  assert.equal(res.status, status, `status of ${res.url}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = ErrorBody.parse(await res.json());
  if (code) assert.equal(body.error.code, code);
  return body;
}

describe('server: HTTP basics', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  it('GET /healthz answers without a token', async () => {
    const res = await fetch(`${s.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('GET /readyz is ready when the database answers and Groq has a key', async () => {
    const res = await fetch(`${s.url}/readyz`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.checks.providers, ['groq']);
    assert.equal(s.fake.requests.length, 0, 'readiness must not call the upstream');
  });

  it('no token → 401 JSON error', async () => {
    const res = await fetch(`${s.url}/v1/models`);
    const body = await expectError(res, 401, 'unauthorized');
    assert.match(body.error.message, /Authorization: Bearer/);
  });

  it('an unknown token → 401', async () => {
    const res = await fetch(`${s.url}/api/v1/me`, { headers: { authorization: 'Bearer chur_not_a_real_token' } });
    await expectError(res, 401, 'unauthorized');
  });

  it('GET /api/v1/me tells who the token belongs to', async () => {
    const res = await s.api('/api/v1/me');
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.user.role, 'owner');
    assert.equal(typeof body.teamId, 'string');
  });

  it('malformed JSON → 400 JSON error, never an HTML page', async () => {
    const res = await s.api('/v1/chat/completions', {
      method: 'POST', body: '{"model": "x", "messages": [', headers: { 'content-type': 'application/json' },
    });
    await expectError(res, 400, 'invalid_json');
  });

  it('a body that fails validation → 400 naming the field', async () => {
    const res = await s.api('/v1/chat/completions', { json: { model: 'm', messages: [{ role: 'wizard', content: 'hi' }] } });
    const body = await expectError(res, 400, 'bad_request');
    assert.ok(body.error.issues?.some((i) => i.path === 'messages.0.role'), JSON.stringify(body.error.issues));
  });

  it('a body over the 1 MB limit → 413 JSON error', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const res = await s.api('/v1/chat/completions', { json: chatBody(big) });
    await expectError(res, 413, 'payload_too_large');
    assert.equal(s.fake.chatRequests.length, 0);
  });

  it('an unknown route → 404 JSON error', async () => {
    await expectError(await s.api('/api/v1/nothing-here'), 404, 'not_found');
  });

  it('every response carries a request id, and an incoming one is kept', async () => {
    const res = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(res.headers.get('x-request-id'), 'trace-123');
  });

  it('GET /openapi.json describes the routes with the same schemas the server validates with', async () => {
    const res = await fetch(`${s.url}/openapi.json`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
    const chat = doc.paths['/api/v1/chat'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(chat.required, ['message']);
    assert.equal(chat.properties.conversationId.format, 'uuid');
    assert.ok(doc.paths['/v1/chat/completions'].post);
  });

  it('GET /metrics needs a token and then serves Prometheus text', async () => {
    assert.equal((await fetch(`${s.url}/metrics`)).status, 401);
    const res = await s.api('/metrics');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /churnistic_http_requests_total/);
  });
});

describe('server: without GROQ_API_KEY', () => {
  let s: TestServer;
  before(async () => { s = await startTestServer({ withGroq: false }); });
  after(async () => { await s.close(); });

  it('starts, and /readyz says why it is not ready', async () => {
    const res = await fetch(`${s.url}/readyz`);
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.status, 'not_ready');
    assert.ok(body.reasons.some((r: string) => r.includes('GROQ_API_KEY')), JSON.stringify(body));
  });

  it('chat requests get a 503 JSON error that says to set the key', async () => {
    for (const [path, json] of [['/v1/chat/completions', chatBody('hi')], ['/api/v1/chat', { message: 'hi' }]] as const) {
      const res = await s.api(path, { json });
      const body = await expectError(res, 503, 'no_provider');
      assert.match(body.error.message, /GROQ_API_KEY/);
      assert.ok(res.headers.get('retry-after'));
    }
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200, 'still serving');
  });
});
