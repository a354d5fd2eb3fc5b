import assert from 'node:assert/strict';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { chatBody, readSse, startTestServer, TEST_UPSTREAM_KEY, waitForUsageRows, type TestServer } from './harness';

describe('server: OpenAI-compatible gateway (/v1, /openai/v1)', () => {
  let s: TestServer;
  // One request that fails on every attempt of the chain would open the provider's circuit and turn the
  // next test's request into a 503; the breaker has its own tests (faults-circuit.test.ts).
  before(async () => { s = await startTestServer({ modelConfig: { reliability: { circuitFailureThreshold: 1000 } } }); });
  after(async () => { await s.close(); });
  beforeEach(async () => {
    s.fake.reset();
    await s.db.execute('DELETE FROM usage_records');
  });

  const openai = () => new OpenAI({ apiKey: s.token, baseURL: `${s.url}/v1`, maxRetries: 0 });

  it('the official openai client gets a non-streamed answer, and a usage row is recorded', async () => {
    s.fake.script({ text: 'Hello from the fake upstream', usage: { prompt_tokens: 11, completion_tokens: 5 } });
    const completion = await openai().chat.completions.create(chatBody('hi') as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.equal(completion.choices[0]?.message.content, 'Hello from the fake upstream');
    const upstream = s.fake.chatRequests[0]!;
    assert.equal(upstream.path, '/openai/v1/chat/completions', 'forwarded through groq-sdk');
    assert.equal(upstream.headers.authorization, `Bearer ${TEST_UPSTREAM_KEY}`, 'the server key, not the client token');
    const [row] = await waitForUsageRows(s.db, 1);
    assert.equal(row!.status, 'ok');
    assert.equal(row!.model, 'llama-3.3-70b-versatile');
    assert.equal(row!.user_id, 'user_admin');
    assert.equal(row!.prompt_tokens, 11);
    assert.equal(row!.completion_tokens, 5);
    assert.equal(row!.task, 'gateway');
  });

  it('the official openai client streams, and the chunks arrive as they are produced', async () => {
    s.fake.script({ chunks: ['one ', 'two ', 'three'], chunkDelayMs: 150, usage: { prompt_tokens: 3, completion_tokens: 3 } });
    const stream = await openai().chat.completions.create({ ...chatBody('count'), stream: true } as OpenAI.ChatCompletionCreateParamsStreaming);
    const seen: { text: string; at: number }[] = [];
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) seen.push({ text, at: performance.now() });
    }
    assert.deepEqual(seen.map((c) => c.text), ['one ', 'two ', 'three']);
    assert.ok(seen[2]!.at - seen[0]!.at >= 200, 'chunks were not buffered until the end');
    const [row] = await waitForUsageRows(s.db, 1);
    assert.equal(row!.status, 'ok');
    assert.equal(row!.completion_tokens, 3);
    assert.ok(Number(row!.first_token_ms) >= 0);
  });

  it('a groq-sdk client with baseURL at the server works unchanged, streaming and not', async () => {
    const groq = new Groq({ apiKey: s.token, baseURL: s.url, maxRetries: 0 });
    s.fake.script([{ text: 'plain answer' }, { chunks: ['str', 'eamed'] }]);
    const plain = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'a' }] });
    assert.equal(plain.choices[0]?.message.content, 'plain answer');
    const stream = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'b' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'streamed');
  });

  it('GET /v1/models lists the configured models, not the provider\'s list', async () => {
    const models = await openai().models.list();
    const ids = models.data.map((m) => m.id);
    assert.ok(ids.includes('llama-3.3-70b-versatile'));
    assert.equal(s.fake.requests.length, 0);
  });

  it('upstream 500 (every retry and fallback) → 502 JSON error, and the server keeps serving', async () => {
    s.fake.setDefault({ status: 500 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi') });
    assert.equal(res.status, 502);
    assert.equal((await res.json()).error.code, 'upstream_error');
    s.fake.script({ text: 'recovered' });
    const ok = await s.api('/v1/chat/completions', { json: chatBody('again') });
    assert.equal((await ok.json()).choices[0].message.content, 'recovered');
    const rows = await waitForUsageRows(s.db, 2);
    assert.deepEqual(rows.map((r) => r.status), ['error', 'ok']);
  });

  it('upstream 503 on a stream request, before any chunk → 502 JSON, not an empty stream', async () => {
    s.fake.setDefault({ status: 503 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { stream: true }) });
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /json/);
  });

  it('upstream 429 on every model of the chain → 429 with Retry-After', async () => {
    s.fake.setDefault({ status: 429, retryAfter: 7 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi') });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal((await res.json()).error.code, 'rate_limited');
  });

  it('upstream 401 (our key is wrong) → 502, never passed on as the client\'s 401', async () => {
    s.fake.setDefault({ status: 401 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi') });
    assert.equal(res.status, 502);
    assert.match((await res.json()).error.message, /API key/);
  });

  it('a stream dropped by the upstream midway ends with an error event, never [DONE]', async () => {
    s.fake.script({ chunks: ['a ', 'b ', 'c ', 'd'], fault: 'drop', dropAfterChunks: 2 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { stream: true }) });
    assert.equal(res.status, 200);
    const { data } = await readSse(res);
    assert.ok(!data.includes('[DONE]'), `got ${JSON.stringify(data)}`);
    const last = JSON.parse(data.at(-1)!);
    assert.ok(last.error, `last event is an error: ${data.at(-1)}`);
    const text = data.slice(0, -1).map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('');
    assert.equal(text, 'a b ');
    const [row] = await waitForUsageRows(s.db, 1);
    assert.equal(row!.status, 'error');
  });

  it('a malformed chunk mid-stream → an error event, never [DONE]', async () => {
    s.fake.script({ chunks: ['fine ', 'then broken'], fault: 'malformed' });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { stream: true }) });
    const { data } = await readSse(res);
    assert.ok(!data.includes('[DONE]'), `got ${JSON.stringify(data)}`);
    assert.ok(JSON.parse(data.at(-1)!).error);
  });

  it('a client that disconnects mid-stream aborts the upstream request', async () => {
    s.fake.script({ chunks: ['a ', 'b ', 'c ', 'd ', 'e ', 'f'], chunkDelayMs: 300 });
    const controller = new AbortController();
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { stream: true }), signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the first chunk has arrived: the stream is under way
    controller.abort();
    await s.fake.waitForDisconnect(5000);
    assert.equal(s.fake.chatRequests[0]!.aborted, true);
    const [row] = await waitForUsageRows(s.db, 1);
    assert.equal(row!.status, 'aborted');
  });

  it('a client that gives up while the upstream hangs aborts the upstream request', async () => {
    s.fake.script({ fault: 'hang' });
    const controller = new AbortController();
    const pending = s.api('/v1/chat/completions', { json: chatBody('hi'), signal: controller.signal }).catch((e) => e);
    await s.fake.waitForRequests(1, 5000);
    controller.abort();
    await s.fake.waitForDisconnect(5000);
    assert.equal((await pending).name, 'AbortError');
  });

  it('the overhead header tells how long Churnistic itself took', async () => {
    s.fake.script({ text: 'x', firstTokenDelayMs: 100 });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi') });
    const overhead = Number(res.headers.get('x-churnistic-overhead-ms'));
    assert.ok(Number.isFinite(overhead) && overhead >= 0, `header: ${res.headers.get('x-churnistic-overhead-ms')}`);
  });
});
