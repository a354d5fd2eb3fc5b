import type { InValue } from '@libsql/client';
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

const COLUMNS = `(request_id, user_id, team_id, token_id, task, provider, model, prompt_tokens, completion_tokens,
  latency_ms, first_token_ms, overhead_ms, status, error_code, created_at, cost_usd, requested_model, attempts, fallbacks)`;
const PLACEHOLDERS = `(${new Array(19).fill('?').join(', ')})`;
/** Rows per INSERT: 19 parameters each, far below SQLite's limit on bound parameters. */
const MAX_BATCH = 64;
/** The statement text for each batch size, built once. */
const insertSql: string[] = [];
const insertFor = (rows: number) => (insertSql[rows] ??= `INSERT INTO usage_records ${COLUMNS} VALUES ${new Array(rows).fill(PLACEHOLDERS).join(', ')}`);

interface Queued {
  args: InValue[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * One row per LLM request, whatever its outcome: the basis of budgets, cost and analytics.
 *
 * Writes are batched: `record` queues the row and resolves once it is written; everything queued in
 * one turn of the event loop goes to SQLite as ONE multi-row INSERT (one statement to prepare, one
 * commit), at the end of that turn, or at once when 64 rows wait. Under load that is one write for
 * many requests; one request at a time, it is a single-row INSERT as before. Reads of usage rows
 * call `flush` first, so they always see every request recorded before them; shutdown calls it
 * before closing the database.
 */
export class UsageRepo {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Queues the row (its created_at is now) and resolves when it is written. */
  record(u: UsageRecord): Promise<void> {
    const args: InValue[] = [u.requestId, u.userId, u.teamId, u.tokenId ?? null, u.task, u.provider ?? null, u.model, u.promptTokens,
      u.completionTokens, Math.round(u.latencyMs), u.firstTokenMs == null ? null : Math.round(u.firstTokenMs),
      u.overheadMs == null ? null : Math.round(u.overheadMs), u.status, u.errorCode ?? null, nowIso(),
      u.costUsd ?? 0, u.requestedModel ?? u.model, u.attempts ?? 1, u.fallbacks ?? 0];
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ args, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.writeQueued();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.writeQueued());
      }
    });
  }

  /** Writes what is queued now and resolves when every write started so far has finished (reads, tests, shutdown). */
  async flush(): Promise<void> {
    this.writeQueued();
    while (this.writing.size) await Promise.allSettled([...this.writing]);
  }

  async forUser(userId: string, limit = 100): Promise<Record<string, unknown>[]> {
    await this.flush();
    const r = await this.db.execute({
      sql: 'SELECT * FROM usage_records WHERE user_id = ? ORDER BY id DESC LIMIT ?', args: [userId, limit],
    });
    return r.rows.map((row) => ({ ...row }));
  }

  private writeQueued(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (!batch.length) return;
    this.queue = [];
    const write = this.write(batch);
    this.writing.add(write);
    void write.finally(() => this.writing.delete(write));
  }

  /** One INSERT for the batch; if it fails, row by row, so one bad row never loses the others. */
  private async write(batch: Queued[]): Promise<void> {
    if (batch.length > 1) {
      try {
        await this.db.execute({ sql: insertFor(batch.length), args: batch.flatMap((q) => q.args) });
        for (const q of batch) q.resolve();
        return;
      } catch {
        // fall through: each row on its own, each with its own outcome
      }
    }
    for (const q of batch) {
      try {
        await this.db.execute({ sql: insertFor(1), args: q.args });
        q.resolve();
      } catch (err) {
        q.reject(err);
      }
    }
  }
}
