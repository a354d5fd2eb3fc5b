// Which limits apply to a request: the config's `token`, `user` and `team` scopes (a team's entry in
// `teams` overriding `team` field by field), for the request's task, plus the monthly spend of each
// scope. Pure: no store, no clock beyond the `now` it is given.
import type { LimitsConfig, ScopeLimits, TaskLimits } from '../../config-file';

export type LimitScope = 'token' | 'user' | 'team';
export type LimitTask = 'chat' | 'inline' | 'review';
export type LimitKind = 'requests_per_minute' | 'tokens_per_minute' | 'tokens_per_day' | 'spend_per_month';

/** Who is limited: a principal, or the owner fields of a usage record. */
export interface LimitSubject {
  tokenId?: string;
  userId: string;
  teamId: string;
}

/** The OpenAI-compatible endpoint is chat by another door: it shares chat's limits. */
export function limitTaskOf(task: LimitTask | 'gateway'): LimitTask {
  return task === 'gateway' ? 'chat' : task;
}

export interface Rule {
  scope: LimitScope;
  task: LimitTask;
  kind: LimitKind;
  limit: number;
  /** Store key: scope, subject and task, plus the window for counters. */
  key: string;
  /** Counters only: when the window ends (ms since the epoch), i.e. when the counter is back at 0. */
  windowEnd?: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Counters outlive their window a little, so an instance whose clock lags still finds them. */
const WINDOW_GRACE_MS = 60_000;

const TASKS: LimitTask[] = ['chat', 'inline', 'review'];

/** `teams[id]` over `team`, field by field: an override of tokensPerDay keeps team's requestsPerMinute. */
function mergeScope(base: ScopeLimits | undefined, override: ScopeLimits | undefined): ScopeLimits | undefined {
  if (!override) return base;
  if (!base) return override;
  const merged: ScopeLimits = { ...base, ...override };
  for (const task of TASKS) {
    if (base[task] || override[task]) merged[task] = { ...base[task], ...override[task] } as TaskLimits;
  }
  return merged;
}

/** The month as `YYYY-MM` (UTC) and when it ends. */
export function monthWindow(now: number): { id: string; end: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return { id: `${y}-${String(m + 1).padStart(2, '0')}`, end: Date.UTC(y, m + 1, 1) };
}

export class LimitPolicy {
  private readonly teamLimits = new Map<string, ScopeLimits | undefined>();

  constructor(readonly config: LimitsConfig) {}

  /** True when no scope has any limit: admission can skip the store altogether. */
  get empty(): boolean {
    const c = this.config;
    return !c.token && !c.user && !c.team && !Object.keys(c.teams ?? {}).length;
  }

  private scopes(s: LimitSubject): { scope: LimitScope; id: string; limits: ScopeLimits }[] {
    const out: { scope: LimitScope; id: string; limits: ScopeLimits }[] = [];
    if (this.config.token && s.tokenId) out.push({ scope: 'token', id: s.tokenId, limits: this.config.token });
    if (this.config.user) out.push({ scope: 'user', id: s.userId, limits: this.config.user });
    let team = this.teamLimits.get(s.teamId);
    if (team === undefined && !this.teamLimits.has(s.teamId)) {
      team = mergeScope(this.config.team, this.config.teams?.[s.teamId]);
      this.teamLimits.set(s.teamId, team);
    }
    if (team) out.push({ scope: 'team', id: s.teamId, limits: team });
    return out;
  }

  /** Every limit on `task` for `subject` at `now`, in scope order token, user, team. */
  rules(subject: LimitSubject, task: LimitTask, now: number): Rule[] {
    const rules: Rule[] = [];
    let month: { id: string; end: number } | undefined;
    for (const { scope, id, limits } of this.scopes(subject)) {
      const t = limits[task];
      const base = `${scope}:${id}`;
      if (t?.requestsPerMinute) rules.push({ scope, task, kind: 'requests_per_minute', limit: t.requestsPerMinute, key: `rpm:${base}:${task}` });
      if (t?.tokensPerMinute) {
        const minute = Math.floor(now / MINUTE);
        rules.push({ scope, task, kind: 'tokens_per_minute', limit: t.tokensPerMinute, key: `tpm:${base}:${task}:${minute}`, windowEnd: (minute + 1) * MINUTE });
      }
      if (t?.tokensPerDay) {
        const day = Math.floor(now / DAY);
        rules.push({ scope, task, kind: 'tokens_per_day', limit: t.tokensPerDay, key: `tpd:${base}:${task}:${day}`, windowEnd: (day + 1) * DAY });
      }
      if (limits.spendPerMonthUsd) {
        month ??= monthWindow(now);
        rules.push({ scope, task, kind: 'spend_per_month', limit: limits.spendPerMonthUsd, key: `spend:${base}:${month.id}`, windowEnd: month.end });
      }
    }
    return rules;
  }
}

/** How long a counter must live: to the end of its window, and a little more. */
export const counterTtlMs = (rule: Rule, now: number): number => Math.max(1, rule.windowEnd! - now) + WINDOW_GRACE_MS;

/** A bucket of `limit` requests per minute refills at limit/60000 per ms. */
export const refillPerMs = (requestsPerMinute: number): number => requestsPerMinute / MINUTE;

const KIND_WORDS: Record<LimitKind, string> = {
  requests_per_minute: 'requests per minute',
  tokens_per_minute: 'tokens per minute',
  tokens_per_day: 'tokens per day',
  spend_per_month: 'spend per month',
};

/** "team chat tokens per day", "user spend per month": what an error message names. */
export function describeRule(rule: Pick<Rule, 'scope' | 'task' | 'kind'>): string {
  return rule.kind === 'spend_per_month' ? `${rule.scope} ${KIND_WORDS[rule.kind]}` : `${rule.scope} ${rule.task} ${KIND_WORDS[rule.kind]}`;
}
