// The enforcer: `admit` before a request goes upstream, `record` after its usage is written.
//
// Requests per minute are token buckets, taken at admission. Tokens (per minute, per UTC day) and
// spend (per UTC calendar month) are only known after the call, so they are counted by `record`
// and admission refuses once a counter has reached its limit: requests already in flight may
// overshoot a token or spend limit by what they use, never the request limits.
//
// If the store cannot answer (Redis down), admission fails CLOSED with 503 `limits_unavailable`:
// limits exist to protect the team's money and the provider account, and an outage of the shared
// store must not turn into unlimited spend. `record` failures are logged and dropped (the response
// is already on its way); the usage table still holds every record.
import type { Logger } from 'pino';
import { ErrorCode } from '../../../../protocol';
import type { LimitsConfig } from '../../config-file';
import type { UsageRecord } from '../../data/usage-repo';
import type { Metrics } from '../../metrics';
import { AppError } from '../errors';
import { formatReset, rateLimitHeaders, retryAfterSeconds, type LimitSnapshot } from './headers';
import {
  counterTtlMs, describeRule, limitTaskOf, LimitPolicy, refillPerMs, type LimitSubject, type LimitTask, type Rule,
} from './policy';
import type { BucketSpec, CeilingSpec, CounterAdd, LimitStore } from './store';


export interface Refusal {
  rule: Rule;
  /** "team chat tokens per day" */
  what: string;
  retryAfterMs: number;
}

export interface Admission {
  admitted: boolean;
  /** x-ratelimit-* headers, sent on admitted and refused responses alike. */
  headers: Record<string, string>;
  refusal?: Refusal;
}

const NO_LIMITS: Admission = Object.freeze({ admitted: true, headers: Object.freeze({}) as Record<string, string> });

export interface LimitsOptions {
  config: LimitsConfig;
  store: LimitStore;
  metrics?: Metrics;
  logger?: Logger;
  /** The clock for windows (tests move it); the memory store should share it. */
  now?: () => number;
}

export class Limits {
  readonly policy: LimitPolicy;
  readonly store: LimitStore;
  private readonly now: () => number;

  constructor(private readonly options: LimitsOptions) {
    this.policy = new LimitPolicy(options.config);
    this.store = options.store;
    this.now = options.now ?? Date.now;
  }

  /** Takes one request from every applicable bucket, or none; refuses if any counter is spent. */
  async admit(subject: LimitSubject, task: LimitTask): Promise<Admission> {
    if (this.policy.empty) return NO_LIMITS;
    const now = this.now();
    const rules = this.policy.rules(subject, task, now);
    if (!rules.length) return NO_LIMITS;
    const bucketRules = rules.filter((r) => r.kind === 'requests_per_minute');
    const ceilingRules = rules.filter((r) => r.kind !== 'requests_per_minute');
    const buckets: BucketSpec[] = bucketRules.map((r) => ({ key: r.key, capacity: r.limit, refillPerMs: refillPerMs(r.limit), cost: 1 }));
    const ceilings: CeilingSpec[] = ceilingRules.map((r) => ({ key: r.key, limit: r.limit }));
    let result;
    try {
      result = await this.store.take(buckets, ceilings);
    } catch (err) {
      this.options.logger?.error({ err }, 'rate limit store unavailable: refusing requests until it answers');
      throw new AppError(503, ErrorCode.limitsUnavailable, 'rate limits cannot be checked right now (the limit store is unreachable); retry shortly',
        { retryAfterSeconds: 1 });
    }

    // The request limit to show: the refusing bucket, else the one with the fewest requests left.
    let requests: LimitSnapshot | undefined;
    let refusal: Refusal | undefined;
    const consider = (rule: Rule, waitMs: number) => {
      if (!refusal || waitMs > refusal.retryAfterMs) refusal = { rule, what: describeRule(rule), retryAfterMs: waitMs };
    };
    bucketRules.forEach((rule, i) => {
      const level = result.levels[i]!;
      const b = buckets[i]!;
      const snapshot = { limit: rule.limit, remaining: level, resetMs: (b.capacity - level) / b.refillPerMs };
      if (!result.admitted && level < b.cost) consider(rule, (b.cost - level) / b.refillPerMs);
      if (!requests || snapshot.remaining < requests.remaining) requests = snapshot;
    });
    let tokens: LimitSnapshot | undefined;
    ceilingRules.forEach((rule, i) => {
      const used = result.counters[i]!;
      const resetMs = rule.windowEnd! - now;
      if (used >= rule.limit) consider(rule, resetMs);
      if (rule.kind === 'spend_per_month') return; // spend has no header of its own in Groq's or OpenAI's set
      const snapshot = { limit: rule.limit, remaining: rule.limit - used, resetMs };
      if (!tokens || snapshot.remaining < tokens.remaining) tokens = snapshot;
    });
    const headers = rateLimitHeaders(requests, tokens);
    if (result.admitted) return { admitted: true, headers };
    // A refused take always has a reason; the fallback keeps the type honest.
    refusal ??= { rule: rules[0]!, what: describeRule(rules[0]!), retryAfterMs: 1000 };
    this.options.metrics?.rateLimited.labels(refusal.rule.scope, task, refusal.rule.kind).inc();
    return { admitted: false, headers, refusal };
  }

  /** Counts a finished call's tokens and cost against every scope that limits them. */
  async record(record: UsageRecord): Promise<void> {
    if (this.policy.empty) return;
    const tokens = record.promptTokens + record.completionTokens;
    const cost = record.costUsd ?? 0;
    if (tokens <= 0 && cost <= 0) return;
    const now = this.now();
    const entries: CounterAdd[] = [];
    for (const rule of this.policy.rules(record, limitTaskOf(record.task), now)) {
      if (rule.kind === 'requests_per_minute') continue;
      const amount = rule.kind === 'spend_per_month' ? cost : tokens;
      if (amount > 0) entries.push({ key: rule.key, amount, ttlMs: counterTtlMs(rule, now) });
    }
    if (!entries.length) return;
    try {
      await this.store.add(entries);
    } catch (err) {
      this.options.logger?.warn({ err, requestId: record.requestId }, 'rate limit store unavailable: this call\'s tokens and spend were not counted');
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** The 429 for a refusal: which limit, its size, and when to come back. */
export function refusalError(refusal: Refusal): AppError {
  const { rule } = refusal;
  // The message says what Retry-After says: whole seconds, not 29.97s.
  const seconds = retryAfterSeconds(refusal.retryAfterMs);
  const size = rule.kind === 'spend_per_month' ? `$${rule.limit} per UTC month` : String(rule.limit);
  return new AppError(429, ErrorCode.rateLimited,
    `${refusal.what} limit reached (${size}); retry in ${formatReset(seconds * 1000)}`, { retryAfterSeconds: seconds });
}
