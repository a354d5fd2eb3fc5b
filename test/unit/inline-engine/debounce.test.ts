import assert from 'node:assert/strict';
import { AdaptiveDebouncer } from '../../../extension/src/core/inline/debounce';
import { FakeClock } from './fakes';

/** Records when each wait settled and with what. */
function track(promise: Promise<boolean>, clock: FakeClock): { result?: boolean; at?: number } {
  const state: { result?: boolean; at?: number } = {};
  void promise.then((r) => {
    state.result = r;
    state.at = clock.now();
  });
  return state;
}

describe('inline engine: adaptive debounce (fake clock)', () => {
  it('waits the middle of the bounds before it has seen any typing', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 50, maxMs: 250 });
    const start = clock.now();
    const w = track(d.wait(), clock);
    await clock.advance(149);
    assert.equal(w.result, undefined);
    await clock.advance(1);
    assert.equal(w.result, true);
    assert.equal(w.at! - start, 150);
  });

  it('a new call cancels the pending one; only the last of a burst fires', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 50, maxMs: 250 });
    const first = track(d.wait(), clock);
    await clock.advance(30);
    const second = track(d.wait(), clock);
    await clock.advance(0);
    assert.equal(first.result, false);
    await clock.advance(1_000);
    assert.equal(second.result, true);
    assert.equal(clock.pendingTimers, 0);
  });

  it('an aborted signal ends the wait at once and clears its timer', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 50, maxMs: 250 });
    const controller = new AbortController();
    const w = track(d.wait(controller.signal), clock);
    await clock.advance(10);
    controller.abort();
    await clock.advance(0);
    assert.equal(w.result, false);
    assert.equal(w.at, clock.now());
    assert.equal(clock.pendingTimers, 0);
    assert.equal(await d.wait(controller.signal), false, 'already aborted: no wait at all');
  });

  it('adapts to a fast typist: the delay follows the keystroke interval (×1.5)', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 20, maxMs: 400 });
    for (let i = 0; i < 30; i++) {
      void d.wait();
      await clock.advance(60);
    }
    assert.ok(Math.abs(d.typingIntervalMs! - 60) < 1);
    assert.equal(d.delayMs, 90);
    // the burst never fired: every wait was superseded 60 ms in, before its 90 ms delay
    const last = track(d.wait(), clock);
    await clock.advance(89);
    assert.equal(last.result, undefined);
    await clock.advance(1);
    assert.equal(last.result, true);
  });

  it('clamps to the bounds for very fast and very slow typing', async () => {
    const clock = new FakeClock();
    const fast = new AdaptiveDebouncer(clock, { minMs: 50, maxMs: 250 });
    for (let i = 0; i < 20; i++) {
      fast.observe();
      await clock.advance(10);
    }
    assert.equal(fast.delayMs, 50);
    const slow = new AdaptiveDebouncer(clock, { minMs: 50, maxMs: 250 });
    for (let i = 0; i < 20; i++) {
      slow.observe();
      await clock.advance(400);
    }
    assert.equal(slow.delayMs, 250);
  });

  it('does not count long pauses as typing speed', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 20, maxMs: 200 });
    for (let i = 0; i < 10; i++) {
      d.observe();
      await clock.advance(40);
    }
    const before = d.typingIntervalMs;
    await clock.advance(5_000); // the user went for coffee
    d.observe();
    assert.equal(d.typingIntervalMs, before);
  });

  it('moves smoothly rather than jumping to the last interval', async () => {
    const clock = new FakeClock();
    const d = new AdaptiveDebouncer(clock, { minMs: 0, maxMs: 1_000, smoothing: 0.5 });
    d.observe();
    await clock.advance(100);
    d.observe(); // average 100
    await clock.advance(200);
    d.observe(); // 100 + 0.5 × (200 − 100)
    assert.equal(d.typingIntervalMs, 150);
  });

  it('applies new bounds from settings', () => {
    const d = new AdaptiveDebouncer(new FakeClock(), { minMs: 50, maxMs: 250 });
    d.setBounds(10, 30);
    assert.equal(d.delayMs, 20);
    d.setBounds(300, 100); // reversed input is normalised
    assert.equal(d.delayMs, 200);
  });
});
