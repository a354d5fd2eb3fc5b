import assert from 'node:assert/strict';
import { readStream, recorded, startFaultServer, type FaultServer } from './faults-harness';

/** The two events a stream that broke after it began must end with (and nothing after them). */
function assertBrokenStream(stream: Awaited<ReturnType<typeof readStream>>, code: string) {
  assert.ok(!stream.done, `a broken stream never ends with [DONE]: ${JSON.stringify(stream.data)}`);
  assert.deepEqual(stream.chunks.at(-2).choices, [{ index: 0, delta: {}, finish_reason: 'error' }]);
  assert.equal(stream.last.error.code, code);
  assert.equal(typeof stream.last.error.message, 'string');
}

describe('server faults: failures after the first token, and clients that leave', () => {
  let s: FaultServer;
  afterEach(async () => { await s?.close(); });

  it('drop mid-stream: what arrived, then finish_reason "error" and an error event; no fallback', async () => {
    s = await startFaultServer();
    s.fake.script({ chunks: ['one ', 'two ', 'three ', 'four'], fault: 'drop', dropAfterChunks: 2 });
    const res = await s.chat({ stream: true });
    assert.equal(res.status, 200);
    const stream = await readStream(res);
    assert.equal(stream.text, 'one two ');
    assertBrokenStream(stream, 'upstream_error');
    assert.match(stream.last.error.message, /closed the connection/);
    assert.equal(s.backup.chatRequests.length, 0, 'tokens were sent: no fallback');
    const row = await s.usageRow();
    assert.deepEqual(recorded(row), {
      status: 'error', error_code: 'upstream_error', attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(row.completion_tokens, 2, 'tokens so far ("one two " ≈ 2)');
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: 'connection' }), 1);
  });

  it('malformed chunk mid-stream: finish_reason "error" and an upstream_error event; no fallback', async () => {
    s = await startFaultServer();
    s.fake.script({ chunks: ['fine ', 'then broken'], fault: 'malformed' });
    const res = await s.chat({ stream: true });
    const stream = await readStream(res);
    assert.equal(stream.text, 'fine ');
    assertBrokenStream(stream, 'upstream_error');
    assert.equal(s.backup.chatRequests.length, 0);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'error', error_code: 'upstream_error', attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(await s.metric('churnistic_llm_upstream_errors_total', { provider: 'groq', status_class: 'malformed' }), 1);
  });

  it('malformed answer before anything was sent (non-stream): retried, then the next model answers', async () => {
    s = await startFaultServer();
    s.fake.setDefault({ fault: 'malformed' });
    s.backup.script({ text: 'well-formed' });
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal((await res.json()).choices[0].message.content, 'well-formed');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [2, 1]);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 3, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });

  it('client abort mid-stream: the upstream request is aborted at once; recorded as aborted, no fallback', async () => {
    s = await startFaultServer({ idleTimeoutMs: 60_000 });
    s.fake.script({ chunks: ['a ', 'b ', 'c ', 'd'], chunkDelayMs: 30_000 });
    const controller = new AbortController();
    const res = await s.chat({ stream: true }, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream is under way
    controller.abort();
    assert.equal(await s.fake.waitForDisconnect(5000), 1);
    assert.equal(s.fake.chatRequests[0]!.aborted, true);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'aborted', error_code: null, attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.equal(s.backup.chatRequests.length, 0);
  });

  it('client abort during a retry wait: the chain stops, no further upstream call', async () => {
    s = await startFaultServer({ maxRetryAfterMs: 10_000 });
    s.fake.script([{ status: 429, retryAfter: 5 }, { text: 'must never be asked for' }]);
    const controller = new AbortController();
    const pending = s.chat({}, { signal: controller.signal }).catch((e: Error) => e);
    await s.fake.waitForRequests(1, 5000); // the 429 arrived; the server now waits 5 s to retry
    controller.abort();
    assert.equal((await pending as Error).name, 'AbortError');
    // The row is written when the chain stops, so after it no upstream call can follow.
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'aborted', error_code: null, attempts: 1, fallbacks: 0, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [1, 0]);
    assert.equal(s.fake.queued, 1, 'the retry\'s script is still waiting');
  });

  it('client abort while the next model is being tried: that upstream request is aborted too', async () => {
    s = await startFaultServer({ firstTokenTimeoutMs: 60_000 });
    s.fake.setDefault({ status: 500 });
    s.backup.script({ fault: 'hang' });
    const controller = new AbortController();
    const pending = s.chat({ stream: true }, { signal: controller.signal }).catch((e: Error) => e);
    await s.backup.waitForRequests(1, 5000);
    controller.abort();
    await pending;
    assert.equal(await s.backup.waitForDisconnect(5000), 1);
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'aborted', error_code: null, attempts: 3, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
  });
});
