import assert from 'node:assert/strict';
import { readStream, recorded, startFaultServer, UPSTREAM_NAMES, type FaultServer } from './faults-harness';

const modelOf = (r: { body: unknown }) => (r.body as { model: string }).model;

describe('server faults: retries and fallbacks before the first token (429, 5xx, client errors)', () => {
  let s: FaultServer;
  afterEach(async () => { await s?.close(); });

  it('429 with a short Retry-After: waits for it, retries the same model, and answers', async () => {
    s = await startFaultServer();
    s.fake.script([{ status: 429, retryAfter: 0.05 }, { text: 'after the wait' }]);
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'primary');
    assert.equal((await res.json()).choices[0].message.content, 'after the wait');
    const [first, second] = s.fake.chatRequests;
    assert.equal(s.fake.chatRequests.length, 2);
    // A lower bound the server guarantees (it must not call earlier), not a speed claim.
    assert.ok(second!.at - first!.at >= 45, `retried ${second!.at - first!.at} ms after a 50 ms Retry-After`);
    assert.deepEqual(s.fake.chatRequests.map(modelOf), [UPSTREAM_NAMES.primary, UPSTREAM_NAMES.primary]);
    assert.equal(s.backup.chatRequests.length, 0);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 2, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: '429' }), 1);
  });

  it('429 with a long Retry-After: no wait, falls back to the next model at once', async () => {
    s = await startFaultServer();
    s.fake.script({ status: 429, retryAfter: 30 });
    s.backup.script({ text: 'from the backup' });
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    assert.equal((await res.json()).choices[0].message.content, 'from the backup');
    assert.equal(s.fake.chatRequests.length, 1, 'no retry on the rate-limited model');
    assert.deepEqual(s.backup.chatRequests.map(modelOf), [UPSTREAM_NAMES.secondary], 'the provider\'s own name for the model');
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 2, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(await s.metric('churnistic_llm_fallbacks_total', { provider: 'groq', model: 'primary', reason: 'rate_limited' }), 1);
  });

  it('429 with a long Retry-After and no next model: 429 to the client with that Retry-After', async () => {
    s = await startFaultServer();
    s.backup.script({ status: 429, retryAfter: 30 });
    const res = await s.chat({ model: 'secondary' }); // the last model of the route: no fallback after it
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '30');
    assert.equal((await res.json()).error.code, 'rate_limited');
    assert.equal(s.backup.chatRequests.length, 1);
    assert.equal(s.fake.chatRequests.length, 0);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'rate_limited', attempts: 1, fallbacks: 1, model: 'secondary', requested_model: 'secondary', provider: 'backup',
    });
  });

  it('every model rate-limited: 429 with the smallest Retry-After of the chain', async () => {
    s = await startFaultServer();
    s.fake.script({ status: 429, retryAfter: 40 });
    s.backup.script({ status: 429, retryAfter: 20 });
    const res = await s.chat();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '20');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [1, 1]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'rate_limited', attempts: 2, fallbacks: 2, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });

  it('500: retried on the same model, then falls back to the next one, which answers', async () => {
    s = await startFaultServer();
    s.fake.script([{ status: 500 }, { status: 500 }]);
    s.backup.script({ text: 'backup answer' });
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    assert.equal((await res.json()).choices[0].message.content, 'backup answer');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [2, 1]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 3, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: '5xx' }), 2);
    assert.equal(await s.metric('churnistic_llm_fallbacks_total', { provider: 'groq', model: 'primary', reason: 'server' }), 1);
  });

  it('503 on a stream request: falls back before any chunk, and the client gets one clean stream', async () => {
    s = await startFaultServer();
    s.fake.setDefault({ status: 503 });
    s.backup.script({ chunks: ['from ', 'the ', 'backup'] });
    const res = await s.chat({ stream: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    const stream = await readStream(res);
    assert.equal(stream.text, 'from the backup');
    assert.deepEqual(stream.finishReasons, ['stop']);
    assert.ok(stream.done, 'a real finish ends with [DONE]');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [2, 1]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 3, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });

  it('an upstream 4xx about the request itself (404 model) is passed on: no retry, no fallback', async () => {
    s = await startFaultServer();
    s.fake.script({ status: 404, errorMessage: 'The model `x` does not exist' });
    const res = await s.chat();
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error.code, 'upstream_rejected');
    assert.match(body.error.message, /does not exist/);
    assert.equal(res.headers.get('x-churnistic-model'), null, 'no model answered');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [1, 0]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'upstream_rejected', attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
  });

  it('our own validation error never reaches an upstream and never falls back', async () => {
    s = await startFaultServer();
    const res = await s.api('/v1/chat/completions', { json: { model: 'primary', messages: [] } });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.code, 'bad_request');
    assert.deepEqual([s.fake.requests.length, s.backup.requests.length], [0, 0]);
  });

  it('every provider in the chain down (all 5xx): 502 after every retry and fallback', async () => {
    s = await startFaultServer();
    s.fake.setDefault({ status: 500 });
    s.backup.setDefault({ status: 502 });
    const res = await s.chat();
    assert.equal(res.status, 502);
    assert.equal((await res.json()).error.code, 'upstream_error');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [2, 2]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'upstream_error', attempts: 4, fallbacks: 2, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'backup', status_class: '5xx' }), 2);
  });
});
