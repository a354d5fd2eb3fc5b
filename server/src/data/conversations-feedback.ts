import type { FeedbackRecord, FeedbackRequest } from '../../../protocol';
import type { Owner } from './conversations-rows';
import type { Db } from './db';
import { nowIso } from './db';

/** Why feedback could not be stored: no such message for this caller, or not an answer. */
export type FeedbackRefusal = 'not_found' | 'not_assistant';

/**
 * Thumbs up/down on answers. One row per (message, user): sending again replaces the rating and
 * the comment (latest wins) and keeps created_at. Only the owner of the conversation rates its
 * messages, so the message lookup is scoped by user like every history query.
 */
export class ConversationsFeedback {
  constructor(private readonly db: Db) {}

  async set(owner: Owner, messageId: string, feedback: FeedbackRequest): Promise<FeedbackRecord | FeedbackRefusal> {
    const refusal = await this.check(owner, messageId);
    if (refusal) return refusal;
    const now = nowIso();
    const r = await this.db.execute({
      sql: `INSERT INTO message_feedback (message_id, user_id, team_id, rating, comment, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (message_id, user_id) DO UPDATE SET
              rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at
            RETURNING rating, comment, updated_at`,
      args: [messageId, owner.userId, owner.teamId, feedback.rating, feedback.comment || null, now, now],
    });
    const row = r.rows[0]!;
    return {
      messageId,
      rating: String(row.rating) as FeedbackRecord['rating'],
      comment: row.comment == null ? null : String(row.comment),
      updatedAt: String(row.updated_at),
    };
  }

  /** Removes the caller's rating; a message without one is fine (idempotent). */
  async clear(owner: Owner, messageId: string): Promise<FeedbackRefusal | undefined> {
    const refusal = await this.check(owner, messageId);
    if (refusal) return refusal;
    await this.db.execute({ sql: 'DELETE FROM message_feedback WHERE message_id = ? AND user_id = ?', args: [messageId, owner.userId] });
    return undefined;
  }

  private async check(owner: Owner, messageId: string): Promise<FeedbackRefusal | undefined> {
    const r = await this.db.execute({
      sql: 'SELECT role FROM messages WHERE id = ? AND user_id = ?', args: [messageId, owner.userId],
    });
    const row = r.rows[0];
    if (!row) return 'not_found';
    return row.role === 'assistant' ? undefined : 'not_assistant';
  }
}
