import assert from 'node:assert/strict';
import { InFlightTracker } from '../../../extension/src/core/inline/in-flight';
import { FakeClock, flush } from './fakes';

const URI = 'file:///ws/a.ts';
const BEFORE = 'const total = items.';
const AFTER = '\nexport {};\n';
const doc = (typed: string): [string, string, number] => [URI, BEFORE + typed + AFTER, BEFORE.length + typed.length];

/** A request that runs until resolved by hand, or until its signal aborts (resolving undefined). */
function manual(): { run: (signal: AbortSignal) => Promise<string | undefined>; resolve: (v: string) => void; signal?: AbortSignal } {
  const handle: ReturnType<typeof manual> = {
    resolve: () => {},
    run: (signal) => {
      handle.signal = signal;
      return new Promise((resolve) => {
        handle.resolve = resolve;
        signal.addEventListener('abort', () => resolve(undefined));
      });
    },
  };
  return handle;
}

describe('inline engine: request in flight', () => {
  it('keeps the request when the new keystroke continues it, with the typed count', () => {
    const clock = new FakeClock();
    const tracker = new InFlightTracker<string | undefined>(clock);
    const req = manual();
    tracker.start(...doc(''), req.run);
    const lease = tracker.arrive(...doc('red'));
    assert.ok(lease);
    assert.equal(lease.typed, 3);
    assert.equal(req.signal!.aborted, false);
    assert.equal(tracker.arrive(...doc(''))?.typed, 0, 'the same position (re-trigger) continues it too');
  });

  it('aborts at once when the keystroke does not continue it, so the upstream sees the disconnect', () => {
    const clock = new FakeClock();
    let aborted = 0;
    const tracker = new InFlightTracker<string | undefined>(clock, {}, () => aborted++);
    const cases: Array<[string, string, number]> = [
      [URI, 'const total = item' + AFTER, 'const total = item'.length], // backspace
      [URI, BEFORE + 'x' + AFTER + 'more', BEFORE.length + 1], // the suffix changed
      [URI, 'let total = items.x' + AFTER, 'let total = items.x'.length], // edited before the position
      ['file:///ws/other.ts', BEFORE + 'x' + AFTER, BEFORE.length + 1], // another document
    ];
    for (const args of cases) {
      const req = manual();
      tracker.start(...doc(''), req.run);
      assert.equal(tracker.arrive(...args), undefined);
      assert.equal(req.signal!.aborted, true, JSON.stringify(args[1]));
      assert.equal(tracker.active, undefined);
    }
    assert.equal(aborted, cases.length);
  });

  it('starting a new request aborts the old one', () => {
    const tracker = new InFlightTracker<string | undefined>(new FakeClock());
    const a = manual();
    const b = manual();
    tracker.start(...doc(''), a.run);
    tracker.start(...doc('x'), b.run);
    assert.equal(a.signal!.aborted, true);
    assert.equal(b.signal!.aborted, false);
  });

  it('a request nobody holds is aborted after the grace period, unless a keystroke adopts it first', async () => {
    const clock = new FakeClock();
    const tracker = new InFlightTracker<string | undefined>(clock, { graceMs: 100 });
    const req = manual();
    const starter = tracker.start(...doc(''), req.run);
    starter.release(); // the editor cancelled the call that started it
    starter.release(); // idempotent
    await clock.advance(60);
    const next = tracker.arrive(...doc('r')); // the next keystroke arrives within the grace period
    assert.ok(next);
    await clock.advance(200);
    assert.equal(req.signal!.aborted, false, 'adopted: kept past the grace period');
    next.release();
    await clock.advance(99);
    assert.equal(req.signal!.aborted, false);
    await clock.advance(1);
    assert.equal(req.signal!.aborted, true, 'nobody came back: aborted');
  });

  it('forgets a settled request; its result stays with whoever awaits it', async () => {
    const clock = new FakeClock();
    const tracker = new InFlightTracker<string | undefined>(clock);
    const req = manual();
    const lease = tracker.start(...doc(''), req.run);
    req.resolve('reduce(');
    assert.equal(await lease.request.promise, 'reduce(');
    await flush();
    assert.equal(lease.request.settled, true);
    assert.equal(tracker.active, undefined);
    assert.equal(tracker.arrive(...doc('r')), undefined);
    lease.release();
    assert.equal(clock.pendingTimers, 0, 'no grace timer for a settled request');
  });

  it('does not wait for a continuation typed too far', () => {
    const tracker = new InFlightTracker<string | undefined>(new FakeClock(), { maxTypedChars: 4 });
    const req = manual();
    tracker.start(...doc(''), req.run);
    assert.equal(tracker.arrive(...doc('reduce')), undefined);
    assert.equal(req.signal!.aborted, true);
  });

  it('abortAll stops the running request', () => {
    const tracker = new InFlightTracker<string | undefined>(new FakeClock());
    const req = manual();
    tracker.start(...doc(''), req.run);
    tracker.abortAll();
    assert.equal(req.signal!.aborted, true);
  });
});
