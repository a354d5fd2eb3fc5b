import assert from 'node:assert/strict';
import { CircuitBreaker, CircuitBreakers } from '../../server/src/llm/circuit-breaker';

/** A clock the test moves by hand. */
const fakeClock = () => {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
};

/** One request through the breaker: acquire, then report the outcome. */
const call = (b: CircuitBreaker, outcome: 'success' | 'failure' | 'release') => {
  const gate = b.tryAcquire();
  if (!gate.ok) return gate;
  b[outcome](gate.probe);
  return gate;
};

describe('gateway circuit breaker (fake clock)', () => {
  it('stays closed below the threshold; a success resets the count of consecutive failures', () => {
    const b = new CircuitBreaker(3, 10_000, fakeClock().now);
    call(b, 'failure');
    call(b, 'failure');
    call(b, 'success');
    call(b, 'failure');
    call(b, 'failure');
    assert.equal(b.state, 'closed');
    assert.equal(b.snapshot().consecutiveFailures, 2);
  });

  it('opens at the threshold: requests are refused with the remaining cooldown', () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(3, 10_000, clock.now);
    for (let i = 0; i < 3; i++) call(b, 'failure');
    assert.equal(b.state, 'open');
    assert.deepEqual(b.tryAcquire(), { ok: false, retryAfterMs: 10_000 });
    clock.advance(4_000);
    assert.deepEqual(b.tryAcquire(), { ok: false, retryAfterMs: 6_000 });
    assert.deepEqual(b.snapshot(), { state: 'open', consecutiveFailures: 3, retryAfterMs: 6_000 });
  });

  it('after the cooldown it is half-open and lets exactly one probe through', () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(1, 10_000, clock.now);
    call(b, 'failure');
    clock.advance(10_000);
    assert.equal(b.state, 'half_open');
    assert.deepEqual(b.tryAcquire(), { ok: true, probe: true });
    const second = b.tryAcquire();
    assert.equal(second.ok, false, 'a second request while the probe is out skips the provider');
  });

  it('a successful probe closes the circuit', () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(2, 10_000, clock.now);
    call(b, 'failure');
    call(b, 'failure');
    clock.advance(10_000);
    assert.deepEqual(call(b, 'success'), { ok: true, probe: true });
    assert.deepEqual(b.snapshot(), { state: 'closed', consecutiveFailures: 0 });
    assert.deepEqual(b.tryAcquire(), { ok: true, probe: false });
  });

  it('a failed probe re-opens it for a whole new cooldown', () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(2, 10_000, clock.now);
    call(b, 'failure');
    call(b, 'failure');
    clock.advance(12_000);
    call(b, 'failure');
    assert.equal(b.state, 'open');
    assert.deepEqual(b.tryAcquire(), { ok: false, retryAfterMs: 10_000 });
    clock.advance(10_000);
    assert.equal(b.state, 'half_open');
  });

  it('a neutral probe outcome (429, client left) frees the probe slot without deciding', () => {
    const clock = fakeClock();
    const b = new CircuitBreaker(1, 10_000, clock.now);
    call(b, 'failure');
    clock.advance(10_000);
    call(b, 'release');
    assert.equal(b.state, 'half_open');
    assert.deepEqual(b.tryAcquire(), { ok: true, probe: true }, 'the next request may probe');
  });

  it('keeps one breaker per provider and reports never-used providers as closed', () => {
    const clock = fakeClock();
    const all = new CircuitBreakers(1, 5_000, clock.now);
    call(all.get('groq'), 'failure');
    assert.equal(all.get('groq'), all.get('groq'));
    assert.deepEqual(all.snapshot(['groq', 'backup']), {
      groq: { state: 'open', consecutiveFailures: 1, retryAfterMs: 5_000 },
      backup: { state: 'closed', consecutiveFailures: 0 },
    });
  });
});
