/** One budget: so many requests per window, per key (a user, later also a token or team). */
export interface RateBudget {
  requests: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until a request would be admitted again (0 when allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

/** Decides admission; the in-memory one is the default, a Redis one shares limits between instances. */
export interface RateLimiter {
  consume(key: string, budget: RateBudget): Promise<RateDecision>;
}

interface Bucket { tokens: number; updatedAt: number }

/**
 * Token buckets in memory: a burst up to the budget, refilled evenly over the window, so a user
 * who types fast is slowed rather than locked out for a whole minute.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweeps = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async consume(key: string, budget: RateBudget): Promise<RateDecision> {
    const now = this.now();
    const ratePerMs = budget.requests / budget.windowMs;
    const bucket = this.buckets.get(key) ?? { tokens: budget.requests, updatedAt: now };
    bucket.tokens = Math.min(budget.requests, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (++this.sweeps % 1000 === 0) this.sweep(now, budget);
    return {
      allowed,
      limit: budget.requests,
      remaining: Math.floor(bucket.tokens),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)),
      resetSeconds: Math.ceil((budget.requests - bucket.tokens) / ratePerMs / 1000),
    };
  }

  /** Forgets buckets that have refilled completely: they hold no information. */
  private sweep(now: number, budget: RateBudget): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.updatedAt) * (budget.requests / budget.windowMs) >= budget.requests) this.buckets.delete(key);
    }
  }
}

export type BudgetedTask = 'chat' | 'inline';

/** Inline completions get a budget of their own, so heavy typing never locks a user out of chat. */
export const DEFAULT_BUDGETS: Record<BudgetedTask, RateBudget> = {
  chat: { requests: 60, windowMs: 60_000 },
  inline: { requests: 600, windowMs: 60_000 },
};
