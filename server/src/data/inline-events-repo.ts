import type { InlineEvent } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

export interface AcceptanceStats {
  shown: number;
  accepted: number;
  partiallyAccepted: number;
  dismissed: number;
  /** (accepted + partially accepted) / shown; null before anything was shown. */
  acceptanceRate: number | null;
  byLanguage: Record<string, { shown: number; accepted: number }>;
}

/** Shown / accepted / dismissed suggestions, for acceptance-rate analytics. */
export class InlineEventsRepo {
  constructor(private readonly db: Db) {}

  async record(owner: { userId: string; teamId: string }, events: InlineEvent[]): Promise<void> {
    const now = nowIso();
    await this.db.batch(events.map((e) => ({
      sql: `INSERT INTO inline_events (user_id, team_id, completion_id, type, language, accepted_chars, shown_chars, client_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [owner.userId, owner.teamId, e.completionId, e.type, e.language, e.acceptedChars ?? null, e.shownChars ?? null, e.at, now],
    })), 'write');
  }

  async statsForUser(userId: string): Promise<AcceptanceStats> {
    const r = await this.db.execute({
      sql: 'SELECT language, type, COUNT(*) AS n FROM inline_events WHERE user_id = ? GROUP BY language, type',
      args: [userId],
    });
    const stats: AcceptanceStats = { shown: 0, accepted: 0, partiallyAccepted: 0, dismissed: 0, acceptanceRate: null, byLanguage: {} };
    for (const row of r.rows) {
      const type = String(row.type) as InlineEvent['type'];
      const n = Number(row.n);
      stats[type] += n;
      const lang = (stats.byLanguage[String(row.language)] ??= { shown: 0, accepted: 0 });
      if (type === 'shown') lang.shown += n;
      if (type === 'accepted' || type === 'partiallyAccepted') lang.accepted += n;
    }
    if (stats.shown > 0) stats.acceptanceRate = (stats.accepted + stats.partiallyAccepted) / stats.shown;
    return stats;
  }
}
