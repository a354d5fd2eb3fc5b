import type { InValue } from '@libsql/client';
import type { UsageGroupBy, UsageRow, UsageTotals } from '../../../protocol';
import type { Db } from './db';

/**
 * Whose records a summary reads. `teamId` is always set: no query ever crosses teams. `userId`
 * narrows it to one user (members, viewers, or an admin asking about one member).
 */
export interface UsageScope {
  teamId: string;
  userId?: string;
  model?: string;
  /** ISO instants, from inclusive, to exclusive. */
  fromIso: string;
  toIso: string;
}

/**
 * The grouping key as SQL. created_at is an ISO-8601 UTC string, so its first ten characters are
 * the UTC day and string ranges on it use the (…, created_at) indexes.
 */
const KEY_SQL: Record<UsageGroupBy, string> = {
  user: 'user_id',
  team: 'team_id',
  model: 'model',
  day: 'substr(created_at, 1, 10)',
};

/**
 * WHERE clause for a scope: equality on the leading column of an index plus the created_at range,
 * so SQLite seeks straight to the period instead of scanning the table. A user's records are a
 * subset of their team's, so with a user the team (and model) terms get SQLite's unary `+`, which
 * keeps them as filters but stops the planner from preferring the far larger team range of
 * usage_by_team_day over usage_by_user_day. For a whole team the planner picks between
 * usage_by_team_day and, with a model filter, usage_by_model_day.
 */
export function scopeWhere(scope: UsageScope): { sql: string; args: InValue[] } {
  const byUser = scope.userId !== undefined;
  const parts = [byUser ? '+team_id = ?' : 'team_id = ?', 'created_at >= ?', 'created_at < ?'];
  const args: InValue[] = [scope.teamId, scope.fromIso, scope.toIso];
  if (byUser) { parts.push('user_id = ?'); args.push(scope.userId!); }
  if (scope.model) { parts.push(byUser ? '+model = ?' : 'model = ?'); args.push(scope.model); }
  return { sql: parts.join(' AND '), args };
}

/** One aggregate row per key; errors exclude client aborts (the client left, nothing failed). */
export function summaryQuery(groupBy: UsageGroupBy | null, scope: UsageScope): { sql: string; args: InValue[] } {
  const key = groupBy ? KEY_SQL[groupBy] : `'total'`;
  const where = scopeWhere(scope);
  return {
    sql: `SELECT ${key} AS key, COUNT(*) AS requests,
            COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens, COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
            COALESCE(SUM(cost_usd), 0) AS cost_usd,
            COALESCE(SUM(CASE WHEN status IN ('ok', 'aborted') THEN 0 ELSE 1 END), 0) AS errors,
            COALESCE(SUM(CASE WHEN status = 'aborted' THEN 1 ELSE 0 END), 0) AS aborted,
            COALESCE(SUM(fallbacks), 0) AS fallbacks, AVG(latency_ms) AS avg_latency_ms
          FROM usage_records WHERE ${where.sql} GROUP BY 1`,
    args: where.args,
  };
}

/**
 * Nearest-rank p95 of latency per key: the smallest latency whose rank r (1-based, ascending)
 * satisfies r ≥ 0.95·n, written in integers (r·100 ≥ n·95) so it needs no math extension.
 */
export function p95Query(groupBy: UsageGroupBy | null, scope: UsageScope): { sql: string; args: InValue[] } {
  const key = groupBy ? KEY_SQL[groupBy] : `'total'`;
  const where = scopeWhere(scope);
  return {
    sql: `SELECT key, MIN(latency_ms) AS p95 FROM (
            SELECT ${key} AS key, latency_ms,
              ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY latency_ms) AS rank,
              COUNT(*) OVER (PARTITION BY ${key}) AS n
            FROM usage_records WHERE ${where.sql}
          ) WHERE rank * 100 >= n * 95 GROUP BY key`,
    args: where.args,
  };
}

/** Sums of REALs pick up binary noise (0.1 + 0.2); a micro-cent is far below any price. */
const usd = (n: unknown) => Math.round(Number(n ?? 0) * 1e8) / 1e8;
const ms = (n: unknown) => Math.round(Number(n ?? 0) * 10) / 10;

const EMPTY: UsageTotals = {
  requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, errors: 0, aborted: 0, fallbacks: 0, avgLatencyMs: 0,
};

/** Read side of usage_records: summaries for `GET /api/v1/usage`, month-to-date spend for alerts. */
export class UsageSummaryRepo {
  /**
   * `beforeRead` writes any usage rows still queued (Gateway.flushUsage: rows are batched after the
   * response), so a summary or a spend sum always counts every request that has finished.
   */
  constructor(private readonly db: Db, private readonly beforeRead: () => Promise<void> = async () => {}) {}

  async summarize(groupBy: UsageGroupBy, scope: UsageScope): Promise<{ rows: UsageRow[]; totals: UsageTotals }> {
    await this.beforeRead();
    const [grouped, groupedP95, total, totalP95] = await Promise.all([
      this.db.execute(summaryQuery(groupBy, scope)),
      this.db.execute(p95Query(groupBy, scope)),
      this.db.execute(summaryQuery(null, scope)),
      this.db.execute(p95Query(null, scope)),
    ]);
    const p95 = new Map(groupedP95.rows.map((r) => [String(r.key), Number(r.p95)]));
    const rows = grouped.rows.map((r): UsageRow => ({ key: String(r.key), ...totalsOf(r, p95.get(String(r.key))) }));
    rows.sort(groupBy === 'day'
      ? (a, b) => a.key.localeCompare(b.key)
      : (a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.key.localeCompare(b.key));
    const t = total.rows[0];
    const totals = t && Number(t.requests) > 0 ? totalsOf(t, totalP95.rows[0] ? Number(totalP95.rows[0].p95) : undefined) : { ...EMPTY };
    return { rows, totals };
  }

  /** Whether a user belongs to the team: an admin may summarize only members of their own team. */
  async isTeamMember(teamId: string, userId: string): Promise<boolean> {
    const r = await this.db.execute({ sql: 'SELECT 1 FROM memberships WHERE user_id = ? AND team_id = ?', args: [userId, teamId] });
    return r.rows.length > 0;
  }

  /** USD spent by a user or a team since `sinceIso` (the month's start), through the index. */
  async spendSince(scope: 'user' | 'team', id: string, sinceIso: string): Promise<number> {
    const column = scope === 'user' ? 'user_id' : 'team_id';
    await this.beforeRead();
    const r = await this.db.execute({
      sql: `SELECT COALESCE(SUM(cost_usd), 0) AS spend FROM usage_records WHERE ${column} = ? AND created_at >= ?`,
      args: [id, sinceIso],
    });
    return usd(r.rows[0]?.spend);
  }
}

function totalsOf(r: Record<string, unknown>, p95: number | undefined): UsageTotals {
  return {
    requests: Number(r.requests),
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
    costUsd: usd(r.cost_usd),
    errors: Number(r.errors),
    aborted: Number(r.aborted),
    fallbacks: Number(r.fallbacks),
    avgLatencyMs: ms(r.avg_latency_ms),
    ...(p95 === undefined || Number.isNaN(p95) ? {} : { p95LatencyMs: p95 }),
  };
}
