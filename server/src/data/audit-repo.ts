import type { AuditAction, AuditEntry } from '../../../protocol';
import type { Db } from './db';

/** A row as the domain hands it over: everything already resolved to plain values. */
export interface AuditRow {
  at: string;
  action: AuditAction;
  actorUserId: string | null;
  actorTokenId: string | null;
  teamId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

/** Filters of GET /audit and its export; `toIso` is exclusive, `beforeId` is the page cursor. */
export interface AuditFilter {
  teamId: string;
  fromIso?: string;
  toIso?: string;
  action?: AuditAction;
  actor?: string;
  beforeId?: number;
}

/**
 * The activity log: INSERT and SELECT only. Nothing here updates or deletes, and the table's
 * triggers (migration 7) refuse UPDATE and DELETE from anyone else too.
 */
export class AuditRepo {
  constructor(private readonly db: Db) {}

  async append(row: AuditRow): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO audit_log (at, actor_user_id, actor_token_id, team_id, action, target_type, target_id, ip, user_agent, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [row.at, row.actorUserId, row.actorTokenId, row.teamId, row.action, row.targetType, row.targetId, row.ip,
        row.userAgent, row.details ? JSON.stringify(row.details) : null],
    });
  }

  /** Newest first, at most `limit`, through the (team_id, id) index. */
  async query(f: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const where = ['team_id = ?'];
    const args: (string | number)[] = [f.teamId];
    if (f.fromIso) { where.push('at >= ?'); args.push(f.fromIso); }
    if (f.toIso) { where.push('at < ?'); args.push(f.toIso); }
    if (f.action) { where.push('action = ?'); args.push(f.action); }
    if (f.actor) { where.push('actor_user_id = ?'); args.push(f.actor); }
    if (f.beforeId !== undefined) { where.push('id < ?'); args.push(f.beforeId); }
    const r = await this.db.execute({
      sql: `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      args: [...args, limit],
    });
    return r.rows.map((row) => ({
      id: Number(row.id),
      at: String(row.at),
      action: String(row.action) as AuditAction,
      actorUserId: str(row.actor_user_id),
      actorTokenId: str(row.actor_token_id),
      teamId: str(row.team_id),
      target: row.target_type !== null && row.target_id !== null ? { type: String(row.target_type), id: String(row.target_id) } : null,
      ip: str(row.ip),
      userAgent: str(row.user_agent),
      details: row.details === null ? null : JSON.parse(String(row.details)) as Record<string, unknown>,
    }));
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
