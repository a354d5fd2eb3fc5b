import type { BucketSpec, CeilingSpec, CounterAdd, LimitStore, TakeResult } from './store';

interface Bucket { level: number; at: number; expiresAt: number }
interface Counter { value: number; expiresAt: number }

/**
 * Limit state in this process: the default, right for one server instance. JavaScript runs one
 * take at a time, so every operation is atomic without locks. Several instances each keep their
 * own, which is why REDIS_URL exists.
 */
export class MemoryLimitStore implements LimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly counters = new Map<string, Counter>();
  private operations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async take(buckets: BucketSpec[], ceilings: CeilingSpec[]): Promise<TakeResult> {
    const now = this.now();
    this.maybeSweep(now);
    let admitted = true;
    const counters = ceilings.map((c) => {
      const value = this.counter(c.key, now);
      if (value >= c.limit) admitted = false;
      return value;
    });
    const levels = buckets.map((b) => {
      const level = this.level(b, now);
      if (level < b.cost) admitted = false;
      return level;
    });
    if (admitted) {
      buckets.forEach((b, i) => {
        levels[i] = levels[i]! - b.cost;
        this.buckets.set(b.key, { level: levels[i]!, at: now, expiresAt: now + Math.ceil(b.capacity / b.refillPerMs) });
      });
    }
    return { admitted, levels, counters };
  }

  async add(entries: CounterAdd[]): Promise<void> {
    const now = this.now();
    for (const e of entries) {
      const existing = this.counters.get(e.key);
      if (existing && existing.expiresAt > now) existing.value += e.amount;
      else this.counters.set(e.key, { value: e.amount, expiresAt: now + e.ttlMs });
    }
  }

  async get(keys: string[]): Promise<number[]> {
    const now = this.now();
    return keys.map((k) => this.counter(k, now));
  }

  async close(): Promise<void> {
    this.buckets.clear();
    this.counters.clear();
  }

  private level(b: BucketSpec, now: number): number {
    const bucket = this.buckets.get(b.key);
    if (!bucket) return b.capacity;
    return Math.min(b.capacity, bucket.level + Math.max(0, now - bucket.at) * b.refillPerMs);
  }

  private counter(key: string, now: number): number {
    const c = this.counters.get(key);
    return c && c.expiresAt > now ? c.value : 0;
  }

  /** Now and then forgets full buckets and ended windows: they hold no information. */
  private maybeSweep(now: number): void {
    if (++this.operations % 1000 !== 0) return;
    for (const [key, b] of this.buckets) if (b.expiresAt <= now) this.buckets.delete(key);
    for (const [key, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(key);
  }
}
