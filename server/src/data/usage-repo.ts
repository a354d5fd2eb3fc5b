import type { Db } from './db';
import { nowIso } from './db';

export interface UsageRecord {
  requestId: string;
  userId: string;
  teamId: string;
  tokenId?: string;
  task: 'chat' | 'gateway' | 'inline' | 'review';
  provider?: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  firstTokenMs?: number;
  overheadMs?: number;
  /** ok, aborted, error, upstream_incomplete … */
  status: string;
  errorCode?: string;
  costUsd?: number;
  requestedModel?: string;
  attempts?: number;
  fallbacks?: number;
}

/** One row per LLM request, whatever its outcome: the basis of budgets, cost and analytics. */
export class UsageRepo {
  constructor(private readonly db: Db) {}

  async record(u: UsageRecord): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO usage_records (request_id, user_id, team_id, token_id, task, provider, model, prompt_tokens,
              completion_tokens, latency_ms, first_token_ms, overhead_ms, status, error_code, created_at,
              cost_usd, requested_model, attempts, fallbacks)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [u.requestId, u.userId, u.teamId, u.tokenId ?? null, u.task, u.provider ?? null, u.model, u.promptTokens,
        u.completionTokens, Math.round(u.latencyMs), u.firstTokenMs == null ? null : Math.round(u.firstTokenMs),
        u.overheadMs == null ? null : Math.round(u.overheadMs), u.status, u.errorCode ?? null, nowIso(),
        u.costUsd ?? 0, u.requestedModel ?? u.model, u.attempts ?? 1, u.fallbacks ?? 0],
    });
  }

  async forUser(userId: string, limit = 100): Promise<Record<string, unknown>[]> {
    const r = await this.db.execute({
      sql: 'SELECT * FROM usage_records WHERE user_id = ? ORDER BY id DESC LIMIT ?', args: [userId, limit],
    });
    return r.rows.map((row) => ({ ...row }));
  }
}
