import type { Db } from './db';
import { nowIso } from './db';

export type AlertScope = 'user' | 'team';

export interface FiredAlert {
  scope: AlertScope;
  /** The user id or team id. */
  scopeId: string;
  teamId: string;
  /** YYYY-MM, UTC. */
  month: string;
  thresholdUsd: number;
  spendUsd: number;
}

/** The spend alerts that fired: the memory of "each threshold once per scope per month". */
export class SpendAlertsRepo {
  constructor(private readonly db: Db) {}

  /** Thresholds already fired for one user or team in one month. */
  async fired(scope: AlertScope, scopeId: string, month: string): Promise<number[]> {
    const r = await this.db.execute({
      sql: 'SELECT threshold_usd FROM spend_alerts WHERE scope = ? AND scope_id = ? AND month = ?',
      args: [scope, scopeId, month],
    });
    return r.rows.map((row) => Number(row.threshold_usd));
  }

  /**
   * Records an alert unless it already exists; true when this call inserted it. The UNIQUE
   * constraint decides, atomically, which of several server instances sends the alert.
   */
  async claim(a: FiredAlert): Promise<boolean> {
    const r = await this.db.execute({
      sql: `INSERT INTO spend_alerts (scope, scope_id, team_id, month, threshold_usd, spend_usd, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, scope_id, month, threshold_usd) DO NOTHING`,
      args: [a.scope, a.scopeId, a.teamId, a.month, a.thresholdUsd, a.spendUsd, nowIso()],
    });
    return r.rowsAffected === 1;
  }

  /** A team's alerts in one month, oldest first (for admins and tests). */
  async forTeam(teamId: string, month: string): Promise<FiredAlert[]> {
    const r = await this.db.execute({
      sql: `SELECT scope, scope_id, team_id, month, threshold_usd, spend_usd FROM spend_alerts
            WHERE team_id = ? AND month = ? ORDER BY id`,
      args: [teamId, month],
    });
    return r.rows.map((row) => ({
      scope: String(row.scope) as AlertScope, scopeId: String(row.scope_id), teamId: String(row.team_id),
      month: String(row.month), thresholdUsd: Number(row.threshold_usd), spendUsd: Number(row.spend_usd),
    }));
  }
}
