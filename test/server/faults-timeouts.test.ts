import assert from 'node:assert/strict';
import { ChatEvent } from '../../protocol';
import { readSse } from './harness';
import { readStream, recorded, startFaultServer, type FaultServer } from './faults-harness';

describe('server faults: timeouts (connect, first token, silence mid-stream)', () => {
  let s: FaultServer;
  afterEach(async () => { await s?.close(); });

  it('hang before the first token (headers sent, no chunk): first-token timeout, upstream aborted, falls back', async () => {
    s = await startFaultServer({ firstTokenTimeoutMs: 300 });
    s.fake.setDefault({ firstTokenDelayMs: 60_000 });
    s.backup.script({ chunks: ['rescued'] });
    const res = await s.chat({ stream: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    const stream = await readStream(res);
    assert.equal(stream.text, 'rescued');
    assert.ok(stream.done);
    assert.equal(await s.fake.waitForDisconnect(5000, 2), 2, 'both timed-out attempts were aborted upstream');
    assert.ok(s.fake.chatRequests.every((r) => r.aborted));
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 3, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: 'timeout' }), 2);
    assert.equal(await s.metric('churnistic_llm_fallbacks_total', { provider: 'groq', model: 'primary', reason: 'timeout' }), 1);
  });

  it('hang before the first token with no next model: 504 upstream_timeout, every attempt aborted', async () => {
    s = await startFaultServer({ firstTokenTimeoutMs: 300 });
    s.backup.setDefault({ firstTokenDelayMs: 60_000 });
    const res = await s.chat({ model: 'secondary', stream: true });
    assert.equal(res.status, 504);
    assert.equal((await res.json()).error.code, 'upstream_timeout');
    assert.equal(await s.backup.waitForDisconnect(5000, 2), 2);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'upstream_timeout', attempts: 2, fallbacks: 1, model: 'secondary', requested_model: 'secondary', provider: 'backup',
    });
  });

  it('hang without even response headers (non-stream): the connect timeout aborts it and the chain falls back', async () => {
    s = await startFaultServer({ connectTimeoutMs: 300, maxAttemptsPerModel: 1 });
    s.fake.script({ fault: 'hang' });
    s.backup.script({ text: 'answered' });
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal((await res.json()).choices[0].message.content, 'answered');
    assert.equal(await s.fake.waitForDisconnect(5000), 1);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 2, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });

  it('a non-streamed answer slower than the first-token deadline: 504 for that model, aborted, falls back', async () => {
    s = await startFaultServer({ firstTokenTimeoutMs: 300, maxAttemptsPerModel: 1 });
    s.fake.script({ text: 'too late', firstTokenDelayMs: 60_000 });
    s.backup.script({ text: 'in time' });
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal((await res.json()).choices[0].message.content, 'in time');
    assert.equal(await s.fake.waitForDisconnect(5000), 1);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 2, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });

  it('silence mid-stream: idle timeout → finish_reason "error" and an error event, no [DONE], no fallback', async () => {
    s = await startFaultServer({ idleTimeoutMs: 300 });
    s.fake.script({ chunks: ['partial ', 'never ', 'sent'], chunkDelayMs: 60_000, usage: { prompt_tokens: 7, completion_tokens: 9 } });
    const res = await s.chat({ stream: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'primary');
    const stream = await readStream(res);
    assert.equal(stream.text, 'partial ');
    assert.ok(!stream.done, `a broken stream never ends with [DONE]: ${JSON.stringify(stream.data)}`);
    const final = stream.chunks.at(-2);
    assert.equal(final.object, 'chat.completion.chunk');
    assert.deepEqual(final.choices, [{ index: 0, delta: {}, finish_reason: 'error' }]);
    assert.equal(stream.last.error.code, 'upstream_timeout');
    assert.match(stream.last.error.message, /silent/);
    assert.equal(await s.fake.waitForDisconnect(5000), 1, 'the silent upstream request was aborted');
    assert.equal(s.backup.chatRequests.length, 0, 'tokens were sent: no fallback');
    const row = await s.usageRow();
    assert.deepEqual(recorded(row), {
      status: 'error', error_code: 'upstream_timeout', attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(row.completion_tokens, 2, 'tokens so far, estimated from the text that arrived ("partial ")');
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: 'timeout' }), 1);
  });

  it('silence mid-stream in the chat panel (/api/v1/chat): its typed error event, no [DONE]', async () => {
    s = await startFaultServer({ idleTimeoutMs: 300 });
    s.fake.script({ chunks: ['half ', 'an ', 'answer'], chunkDelayMs: 60_000 });
    const res = await s.api('/api/v1/chat', { json: { message: 'hello', model: 'primary' } });
    assert.equal(res.status, 200);
    const { data } = await readSse(res);
    assert.ok(!data.includes('[DONE]'), JSON.stringify(data));
    const events = data.map((d) => ChatEvent.parse(JSON.parse(d)));
    assert.deepEqual(events.map((e) => e.type), ['start', 'context', 'delta', 'error']);
    const error = events[3] as Extract<ChatEvent, { type: 'error' }>;
    assert.equal(error.code, 'upstream_timeout');
    assert.match(error.message, /silent/);
    assert.equal(await s.fake.waitForDisconnect(5000), 1);
    const row = await s.usageRow();
    assert.deepEqual(recorded(row), {
      status: 'error', error_code: 'upstream_timeout', attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(row.task, 'chat');
  });
});
