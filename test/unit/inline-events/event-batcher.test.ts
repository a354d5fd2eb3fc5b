import assert from 'node:assert/strict';
import type { InlineEvent } from '../../../protocol';
import { EventBatcher } from '../../../extension/src/core/inline/event-batcher';
import type { Clock } from '../../../extension/src/core/inline/types';

/** A clock whose timers run only when the test says so. */
function fakeClock() {
  let nextId = 0;
  const timers = new Map<number, () => void>();
  const clock: Clock = {
    now: () => 0,
    setTimeout: (fn) => { timers.set(++nextId, fn); return nextId; },
    clearTimeout: (h) => { timers.delete(h as number); },
  };
  return { clock, fire: () => { const fns = [...timers.values()]; timers.clear(); fns.forEach((f) => f()); }, pendingTimers: () => timers.size };
}

const ev = (n: number): InlineEvent => ({ completionId: `c${n}`, type: 'shown', language: 'ts', at: '2026-11-26T10:00:00.000Z' });
const settle = () => new Promise((r) => setImmediate(r));

describe('inline event batcher', () => {
  it('sends one batch after the delay, not one request per event', async () => {
    const { clock, fire } = fakeClock();
    const sent: InlineEvent[][] = [];
    const b = new EventBatcher({ clock, send: async (e) => { sent.push(e); } });
    for (let i = 0; i < 5; i++) b.add(ev(i));
    assert.equal(sent.length, 0);
    fire();
    await settle();
    assert.deepEqual(sent.map((s) => s.length), [5]);
  });

  it('flushes at once when the batch is full', async () => {
    const { clock } = fakeClock();
    const sent: InlineEvent[][] = [];
    const b = new EventBatcher({ clock, maxBatch: 3, send: async (e) => { sent.push(e); } });
    for (let i = 0; i < 3; i++) b.add(ev(i));
    await settle();
    assert.deepEqual(sent.map((s) => s.length), [3]);
  });

  it('keeps events when the server is unreachable and sends them with the next flush', async () => {
    const { clock } = fakeClock();
    let online = false;
    const sent: string[][] = [];
    const b = new EventBatcher({ clock, send: async (e) => { if (!online) throw new Error('offline'); sent.push(e.map((x) => x.completionId)); } });
    b.add(ev(1));
    await b.flush();
    assert.equal(b.pending, 1);
    online = true;
    b.add(ev(2));
    await b.flush();
    assert.deepEqual(sent, [['c1', 'c2']]);
    assert.equal(b.pending, 0);
  });

  it('bounds what it keeps while offline, dropping the oldest', async () => {
    const { clock } = fakeClock();
    const b = new EventBatcher({ clock, maxQueued: 10, maxBatch: 1000, send: async () => { throw new Error('offline'); } });
    for (let i = 0; i < 25; i++) b.add(ev(i));
    assert.equal(b.pending, 10);
  });
});
