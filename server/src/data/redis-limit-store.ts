// Limit state in Redis, shared by every server instance (REDIS_URL). Each operation is ONE Lua
// script, which Redis runs without interleaving anything else: two instances taking the last
// request of a bucket at the same moment get one yes and one no. Time inside the scripts is
// Redis's own clock (TIME), so instances with skewed clocks still refill buckets alike.
//
// Keys: buckets are hashes {level, at}; counters are strings (INCRBYFLOAT, spend is fractional
// USD). Both carry TTLs, so idle users leave nothing behind. One Redis (or a primary with
// replicas); Redis Cluster is not supported, as a take touches the keys of several scopes at once.
import Redis from 'ioredis';
import { LimitStoreUnavailableError, type BucketSpec, type CeilingSpec, type CounterAdd, type LimitStore, type TakeResult } from '../domain/limits/store';

// KEYS: the buckets, then the ceilings' counters. ARGV[1]: the number of buckets; then per bucket
// capacity, refill per ms, cost; then per ceiling its limit. Returns {admitted, levels..., counters...}
// as strings (Lua numbers returned as replies would be truncated to integers).
const TAKE = `
local nb = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ok = 1
local out = {}
local counters = {}
for i = nb + 1, #KEYS do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v >= tonumber(ARGV[1 + 3 * nb + (i - nb)]) then ok = 0 end
  counters[#counters + 1] = tostring(v)
end
local levels = {}
for i = 1, nb do
  local cap, rate, cost = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
  local b = redis.call('HMGET', KEYS[i], 'level', 'at')
  local level = cap
  if b[1] then level = math.min(cap, tonumber(b[1]) + math.max(0, now - tonumber(b[2])) * rate) end
  if level < cost then ok = 0 end
  levels[i] = level
end
if ok == 1 then
  for i = 1, nb do
    local cap, rate, cost = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
    levels[i] = levels[i] - cost
    redis.call('HSET', KEYS[i], 'level', tostring(levels[i]), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[i], math.ceil(cap / rate) + 1000)
  end
end
out[1] = ok
for i = 1, nb do out[#out + 1] = tostring(levels[i]) end
for i = 1, #counters do out[#out + 1] = counters[i] end
return out
`;

// KEYS: counters; ARGV: amount, ttl ms per counter. The TTL is set when the counter is created.
const ADD = `
for i = 1, #KEYS do
  redis.call('INCRBYFLOAT', KEYS[i], ARGV[2 * i - 1])
  if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ARGV[2 * i]) end
end
return #KEYS
`;

type LimitRedis = Redis & {
  limitsTake(numKeys: number, ...args: (string | number)[]): Promise<(string | number)[]>;
  limitsAdd(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

export interface RedisLimitStoreOptions {
  /** Prepended to every key; lets several deployments (or tests) share one Redis. */
  prefix?: string;
  /** A command slower than this fails (and admission with it) instead of holding requests. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/** Redis without its password, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

export class RedisLimitStore implements LimitStore {
  private constructor(private readonly redis: LimitRedis, private readonly prefix: string) {}

  /** Connects (and loads the scripts) or throws a message naming REDIS_URL: start-up stops there. */
  static async connect(url: string, options: RedisLimitStoreOptions = {}): Promise<RedisLimitStore> {
    let lastError: Error | undefined;
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail at once while disconnected instead of queueing: a queued admission is a hung request.
      enableOfflineQueue: false,
      // Never resend a script after a reconnect: a take that may have run must not run twice.
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // Keep reconnecting for ever, at most every 2 s: the store comes back by itself.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    }) as LimitRedis;
    redis.on('error', (err: Error) => { lastError = err; });
    redis.defineCommand('limitsTake', { lua: TAKE });
    redis.defineCommand('limitsAdd', { lua: ADD });
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      const reason = lastError?.message ?? (err instanceof Error ? err.message : String(err));
      throw new LimitStoreUnavailableError(`REDIS_URL ${redactUrl(url)} is unreachable (${reason}); start Redis or unset REDIS_URL to keep limits in memory`,
        { cause: err });
    }
    return new RedisLimitStore(redis, options.prefix ?? 'churnistic:limits:');
  }

  /**
   * Reports losing Redis once (not on every reconnect attempt) and getting it back, so an outage
   * is two log lines, not one every two seconds.
   */
  watch(log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }): void {
    let down = false;
    this.redis.on('error', (err: Error) => {
      if (down) return;
      down = true;
      log.warn({ err: err.message }, 'redis unreachable: rate-limited requests get 503 until it is back');
    });
    this.redis.on('ready', () => {
      if (!down) return;
      down = false;
      log.info({}, 'redis reachable again: rate limits enforced');
    });
  }

  async take(buckets: BucketSpec[], ceilings: CeilingSpec[]): Promise<TakeResult> {
    const keys = [...buckets.map((b) => this.prefix + b.key), ...ceilings.map((c) => this.prefix + c.key)];
    const args: (string | number)[] = [buckets.length];
    for (const b of buckets) args.push(b.capacity, b.refillPerMs, b.cost);
    for (const c of ceilings) args.push(c.limit);
    const reply = await this.run(() => this.redis.limitsTake(keys.length, ...keys, ...args));
    const numbers = reply.slice(1).map(Number);
    return { admitted: Number(reply[0]) === 1, levels: numbers.slice(0, buckets.length), counters: numbers.slice(buckets.length) };
  }

  async add(entries: CounterAdd[]): Promise<void> {
    if (!entries.length) return;
    const args: (string | number)[] = [];
    for (const e of entries) args.push(e.amount, Math.ceil(e.ttlMs));
    await this.run(() => this.redis.limitsAdd(entries.length, ...entries.map((e) => this.prefix + e.key), ...args));
  }

  async get(keys: string[]): Promise<number[]> {
    if (!keys.length) return [];
    const values = await this.run(() => this.redis.mget(...keys.map((k) => this.prefix + k)));
    return values.map((v) => (v == null ? 0 : Number(v)));
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect(); // already gone: nothing to say goodbye to
    }
  }

  /** Any Redis failure becomes LimitStoreUnavailableError, which admission turns into a 503. */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new LimitStoreUnavailableError(`limit store: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}
