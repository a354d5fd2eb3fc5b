import assert from 'node:assert/strict';
import { recorded, startFaultServer, waitForCircuit, type FaultServer } from './faults-harness';

/** One attempt per model, so each request counts exactly one failure per failing provider. */
const BREAKER = { maxAttemptsPerModel: 1, circuitFailureThreshold: 2, circuitCooldownMs: 60_000 };

describe('server faults: circuit breaker per provider', () => {
  let s: FaultServer;
  afterEach(async () => { await s?.close(); });

  it('opens after N consecutive failures: /readyz and the gauge show it, and the chain skips the provider', async () => {
    s = await startFaultServer(BREAKER);
    s.fake.setDefault({ status: 500 });
    for (let i = 0; i < 2; i++) assert.equal((await s.chat()).status, 200, 'the backup answers meanwhile');
    assert.equal(s.fake.chatRequests.length, 2);
    const ready = await (await fetch(`${s.url}/readyz`)).json();
    assert.equal(ready.status, 'ready', 'an open circuit is reported, not a reason to leave the rotation');
    assert.equal(ready.checks.circuits.groq?.state, 'open');
    assert.ok(ready.checks.circuits.groq.retryAfterMs > 0);
    assert.equal(ready.checks.circuits.backup.state, 'closed');
    assert.equal(await s.metric('churnistic_llm_circuit_state', { provider: 'groq' }), 2);
    assert.equal(await s.metric('churnistic_llm_circuit_state', { provider: 'backup' }), 0);
    assert.equal(s.fake.requests.length, 2, 'readyz and metrics never call the upstream');

    await s.db.execute('DELETE FROM usage_records');
    const res = await s.chat();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    assert.equal(s.fake.chatRequests.length, 2, 'the open provider got no request');
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 1, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(await s.metric('churnistic_llm_fallbacks_total', { provider: 'groq', model: 'primary', reason: 'circuit_open' }), 1);
  });

  it('every circuit in the chain open: 503 with Retry-After = the remaining cooldown, no upstream call', async () => {
    s = await startFaultServer({ ...BREAKER, circuitFailureThreshold: 1 });
    s.fake.setDefault({ status: 500 });
    s.backup.setDefault({ status: 503 });
    assert.equal((await s.chat()).status, 502, 'both providers fail once: both circuits open');
    await s.db.execute('DELETE FROM usage_records');
    const res = await s.chat({ stream: true });
    assert.equal(res.status, 503);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers.get('retry-after')}`);
    assert.equal((await res.json()).error.code, 'circuit_open');
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [1, 1], 'no new upstream call');
    const row = await s.usageRow();
    assert.deepEqual(recorded(row), {
      status: 'error', error_code: 'circuit_open', attempts: 0, fallbacks: 2, model: 'primary', requested_model: 'primary', provider: 'groq',
    });
  });

  it('after the cooldown one probe goes through; its success closes the circuit', async () => {
    s = await startFaultServer({ ...BREAKER, circuitFailureThreshold: 1, circuitCooldownMs: 300 });
    s.fake.script({ status: 500 });
    assert.equal((await s.chat()).headers.get('x-churnistic-model'), 'secondary');
    assert.equal((await s.readyz()).checks.circuits.groq?.state, 'open');
    await waitForCircuit(s, 'groq', 'half_open');
    assert.equal(await s.metric('churnistic_llm_circuit_state', { provider: 'groq' }), 1);

    s.fake.script({ text: 'back on my feet' });
    const res = await s.chat();
    assert.equal(res.headers.get('x-churnistic-model'), 'primary');
    assert.equal((await res.json()).choices[0].message.content, 'back on my feet');
    assert.equal((await s.readyz()).checks.circuits.groq?.state, 'closed');
    assert.equal(await s.metric('churnistic_llm_circuit_state', { provider: 'groq' }), 0);
    assert.deepEqual([s.fake.chatRequests.length, s.backup.chatRequests.length], [2, 1]);
  });

  it('a probe that fails re-opens the circuit, and that request still falls back', async () => {
    s = await startFaultServer({ ...BREAKER, circuitFailureThreshold: 1, circuitCooldownMs: 300 });
    s.fake.setDefault({ status: 500 });
    await s.chat();
    await waitForCircuit(s, 'groq', 'half_open');
    await s.db.execute('DELETE FROM usage_records');
    const res = await s.chat();
    assert.equal(res.headers.get('x-churnistic-model'), 'secondary');
    assert.equal((await s.readyz()).checks.circuits.groq?.state, 'open');
    assert.deepEqual(recorded(await s.usageRow()), {
      status: 'ok', error_code: null, attempts: 2, fallbacks: 1, model: 'secondary', requested_model: 'primary', provider: 'backup',
    });
    assert.equal(s.fake.chatRequests.length, 2, 'one failure, then one probe');
  });

  it('a stream that breaks mid-way counts as a failure of its provider', async () => {
    s = await startFaultServer({ ...BREAKER, circuitFailureThreshold: 1 });
    s.fake.script({ chunks: ['a ', 'b ', 'c'], fault: 'drop', dropAfterChunks: 1 });
    const res = await s.chat({ stream: true });
    await res.text();
    await s.usageRow();
    assert.equal((await s.readyz()).checks.circuits.groq?.state, 'open');
  });
});
