import assert from 'node:assert/strict';
import { MemoryRateLimiter } from '../../server/src/domain/rate-limit';

describe('in-memory rate limiter (token buckets)', () => {
  const budget = { requests: 3, windowMs: 60_000 };

  it('admits a burst up to the budget, then refuses with a Retry-After', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('u', budget));
    assert.deepEqual(decisions.map((d) => d.allowed), [true, true, true, false]);
    assert.deepEqual(decisions.map((d) => d.remaining), [2, 1, 0, 0]);
    assert.equal(decisions[3]!.retryAfterSeconds, 20, 'one request refills every 20 s');
  });

  it('refills evenly over the window', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) await limiter.consume('u', budget);
    now = 19_000;
    assert.equal((await limiter.consume('u', budget)).allowed, false);
    now = 40_000;
    assert.equal((await limiter.consume('u', budget)).allowed, true);
  });

  it('keeps keys apart', async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    for (let i = 0; i < 3; i++) await limiter.consume('a', budget);
    assert.equal((await limiter.consume('a', budget)).allowed, false);
    assert.equal((await limiter.consume('b', budget)).allowed, true);
  });
});
