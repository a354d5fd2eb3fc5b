import type { OutboxMail } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

/** Mail kept instead of sent (no SMTP_URL). Rows carry the team they concern; reads are per team. */
export class OutboxRepo {
  constructor(private readonly db: Db) {}

  async add(mail: { to: string; subject: string; text: string; html?: string; teamId?: string | null }): Promise<void> {
    await this.db.execute({
      sql: 'INSERT INTO outbox (team_id, to_address, subject, text, html, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [mail.teamId ?? null, mail.to, mail.subject, mail.text, mail.html ?? null, nowIso()],
    });
  }

  /** Newest first. */
  async list(teamId: string, limit: number): Promise<OutboxMail[]> {
    const r = await this.db.execute({
      sql: 'SELECT id, to_address, subject, text, html, created_at FROM outbox WHERE team_id = ? ORDER BY id DESC LIMIT ?',
      args: [teamId, limit],
    });
    return r.rows.map((row) => ({
      id: Number(row.id), to: String(row.to_address), subject: String(row.subject), text: String(row.text),
      html: row.html === null ? null : String(row.html), createdAt: String(row.created_at),
    }));
  }
}
