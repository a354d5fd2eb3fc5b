import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { RedisLimitStore } from '../../server/src/data/redis-limit-store';
import { MemoryLimitStore } from '../../server/src/domain/limits/memory-store';
import type { BucketSpec, LimitStore } from '../../server/src/domain/limits/store';
import { freePort, startRedis, type TestRedis } from '../support/redis';

const perMinute = (key: string, capacity: number): BucketSpec => ({ key, capacity, refillPerMs: capacity / 60_000, cost: 1 });

/** The same contract for both stores: what the enforcer relies on. */
function contract(name: string, make: () => Promise<LimitStore>) {
  describe(`limit store contract: ${name}`, () => {
    let store: LimitStore;
    beforeEach(async () => { store = await make(); });
    afterEach(async () => { await store.close(); });

    it('takes from every bucket, or from none when one is empty', async () => {
      const user = perMinute('u', 5);
      const team = perMinute('t', 1);
      const first = await store.take([user, team], []);
      assert.equal(first.admitted, true);
      assert.deepEqual(first.levels.map(Math.floor), [4, 0]);
      const second = await store.take([user, team], []);
      assert.equal(second.admitted, false);
      assert.equal(Math.floor(second.levels[0]!), 4, 'the user bucket was not touched');
      assert.ok(second.levels[1]! < 1);
      const userAlone = await store.take([user], []);
      assert.equal(Math.floor(userAlone.levels[0]!), 3, 'one taken since the refusal, not two');
    });

    it('refuses while a counter is at its ceiling, taking nothing; counters add up', async () => {
      await store.add([{ key: 'tokens', amount: 60, ttlMs: 60_000 }, { key: 'spend', amount: 0.25, ttlMs: 60_000 }]);
      await store.add([{ key: 'tokens', amount: 40, ttlMs: 60_000 }, { key: 'spend', amount: 0.5, ttlMs: 60_000 }]);
      assert.deepEqual(await store.get(['tokens', 'spend', 'nothing']), [100, 0.75, 0]);
      const below = await store.take([perMinute('b', 2)], [{ key: 'tokens', limit: 101 }, { key: 'spend', limit: 1 }]);
      assert.equal(below.admitted, true);
      assert.deepEqual(below.counters, [100, 0.75]);
      const at = await store.take([perMinute('b', 2)], [{ key: 'tokens', limit: 100 }]);
      assert.equal(at.admitted, false);
      assert.equal(Math.floor(at.levels[0]!), 1, 'the refusal took no request');
    });
  });
}

describe('limit stores', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let raw: Redis;
  let prefixes = 0;
  before(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
  });
  after(async () => {
    raw?.disconnect();
    await redis?.close();
  });

  contract('memory', async () => new MemoryLimitStore());
  contract('redis', async () => RedisLimitStore.connect(redis.url, { prefix: `contract${++prefixes}:` }));

  it('redis: keys carry TTLs, so idle subjects leave nothing behind', async () => {
    const store = await RedisLimitStore.connect(redis.url, { prefix: 'ttl:' });
    await store.take([perMinute('bucket', 10)], []);
    await store.add([{ key: 'counter', amount: 5, ttlMs: 90_000 }]);
    await store.add([{ key: 'counter', amount: 5, ttlMs: 1 }]); // a later add keeps the window's TTL
    const bucketTtl = await raw.pttl('ttl:bucket');
    const counterTtl = await raw.pttl('ttl:counter');
    assert.ok(bucketTtl > 0 && bucketTtl <= 61_000, `bucket TTL ${bucketTtl}`);
    assert.ok(counterTtl > 60_000 && counterTtl <= 90_000, `counter TTL ${counterTtl}`);
    await store.close();
  });

  it('redis: two connections racing for one bucket admit exactly its capacity', async () => {
    const a = await RedisLimitStore.connect(redis.url, { prefix: 'race:' });
    const b = await RedisLimitStore.connect(redis.url, { prefix: 'race:' });
    const bucket = { key: 'shared', capacity: 25, refillPerMs: 25 / 3_600_000, cost: 1 }; // refills 1 per 144 s: none during the test
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).take([bucket], [])));
    assert.equal(results.filter((r) => r.admitted).length, 25);
    await a.close();
    await b.close();
  });

  it('redis: an unreachable REDIS_URL is a clear error, without the password', async () => {
    const port = await freePort();
    await assert.rejects(RedisLimitStore.connect(`redis://:s3cret@127.0.0.1:${port}`),
      (err: Error) => /REDIS_URL redis:\/\/\*\*\*@127\.0\.0\.1:\d+ is unreachable \(.*ECONNREFUSED.*\)/.test(err.message)
        && !err.message.includes('s3cret'));
  });
});
