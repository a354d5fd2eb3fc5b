import { randomUUID } from 'node:crypto';
import type { ConversationSummary, MessageRecord } from '../../../protocol';
import { MESSAGE_COLUMNS, toMessage, toSummary, type Owner } from './conversations-rows';
import type { Db } from './db';
import { nowIso } from './db';

type Role = MessageRecord['role'];
type Status = MessageRecord['status'];

/**
 * Writing conversations: what a chat turn stores, plus rename and delete. Reading them for the
 * history is in conversations-list.ts, search in conversations-search.ts, export and import in
 * conversations-export.ts / conversations-import.ts, feedback in conversations-feedback.ts.
 *
 * Counters, updated_at and the search index follow the messages through triggers (migration 5);
 * writers only have to fill owner_serial, the caller's partition of the search index.
 */
export class ConversationsRepo {
  constructor(private readonly db: Db) {}

  async create(owner: Owner, title: string): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.db.batch([ownerSerialStatement(owner), {
      sql: `INSERT INTO conversations (id, user_id, team_id, title, created_at, updated_at, owner_serial)
            VALUES (?, ?, ?, ?, ?, ?, (SELECT serial FROM history_owners WHERE user_id = ?))`,
      args: [id, owner.userId, owner.teamId, title, now, now, owner.userId],
    }], 'write');
    return id;
  }

  async exists(owner: Owner, id: string): Promise<boolean> {
    const r = await this.db.execute({ sql: 'SELECT 1 FROM conversations WHERE id = ? AND user_id = ?', args: [id, owner.userId] });
    return r.rows.length > 0;
  }

  /** The turns so far, for the prompt (the caller has checked ownership with exists()). */
  async messages(conversationId: string): Promise<MessageRecord[]> {
    const m = await this.db.execute({
      sql: `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.conversation_id = ? ORDER BY m.seq`, args: [conversationId],
    });
    return m.rows.map(toMessage);
  }

  async addMessage(owner: Owner, conversationId: string, role: Role, content: string,
    extra: { model?: string; status?: Status } = {}): Promise<string> {
    const id = randomUUID();
    await this.db.execute(insertMessage(id, owner, conversationId, role, content, extra));
    return id;
  }

  /**
   * Stores a turn's question and the empty answer being streamed, in one transaction. With
   * `replaceFrom` (retry, edit-and-resend) the same transaction first deletes that user message and
   * everything after it, with their feedback (the triggers fix the search rows and message_count);
   * if it is no longer one of the caller's user messages there, nothing at all changes and the
   * answer is null.
   */
  async startTurn(owner: Owner, conversationId: string, question: string, answerModel: string,
    replaceFrom?: string): Promise<{ userMessageId: string; messageId: string } | null> {
    const userMessageId = randomUUID();
    const messageId = randomUUID();
    const statements = [];
    if (replaceFrom) {
      // a non-correlated scalar subquery: evaluated once, before any row goes
      const from = `(SELECT seq FROM messages WHERE id = ? AND conversation_id = ? AND user_id = ? AND role = 'user')`;
      const args = [conversationId, owner.userId, replaceFrom, conversationId, owner.userId];
      statements.push(
        { sql: `DELETE FROM message_feedback WHERE message_id IN
                  (SELECT id FROM messages WHERE conversation_id = ? AND user_id = ? AND seq >= ${from})`, args },
        { sql: `DELETE FROM messages WHERE conversation_id = ? AND user_id = ? AND seq >= ${from}`, args },
      );
    }
    // changes() counts the rows of the statement before: the question goes in only if the replaced
    // turns went, and the answer only if the question went in
    statements.push(insertMessage(userMessageId, owner, conversationId, 'user', question, {}, replaceFrom ? 'changes() > 0' : undefined));
    statements.push(insertMessage(messageId, owner, conversationId, 'assistant', '', { model: answerModel, status: 'streaming' }, 'changes() > 0'));
    const results = await this.db.batch(statements, 'write');
    return (results.at(-2)?.rowsAffected ?? 0) > 0 ? { userMessageId, messageId } : null;
  }

  async finishMessage(id: string, fields: { content: string; status: Status; promptTokens?: number;
    completionTokens?: number; latencyMs?: number }): Promise<void> {
    await this.db.execute({
      sql: `UPDATE messages SET content = ?, status = ?, prompt_tokens = ?, completion_tokens = ?, latency_ms = ?
            WHERE id = ?`,
      args: [fields.content, fields.status, fields.promptTokens ?? null, fields.completionTokens ?? null,
        fields.latencyMs === undefined ? null : Math.round(fields.latencyMs), id],
    });
  }

  /** The renamed conversation, or null if the caller has none with this id. updated_at stays: renaming is not activity. */
  async rename(owner: Owner, id: string, title: string): Promise<ConversationSummary | null> {
    const r = await this.db.execute({
      sql: `UPDATE conversations SET title = ? WHERE id = ? AND user_id = ?
            RETURNING id, title, created_at, updated_at, message_count`,
      args: [title, id, owner.userId],
    });
    return r.rows[0] ? toSummary(r.rows[0]) : null;
  }

  /**
   * Deletes the conversation with its messages and their feedback (the triggers remove the search
   * rows). Explicit deletes rather than relying on ON DELETE CASCADE alone, so the outcome does not
   * depend on a connection's foreign_keys setting. False if the caller has no such conversation.
   */
  async delete(owner: Owner, id: string): Promise<boolean> {
    const [, , conversation] = await this.db.batch([
      {
        sql: `DELETE FROM message_feedback WHERE message_id IN
                (SELECT id FROM messages WHERE conversation_id = ? AND user_id = ?)`,
        args: [id, owner.userId],
      },
      { sql: 'DELETE FROM messages WHERE conversation_id = ? AND user_id = ?', args: [id, owner.userId] },
      { sql: 'DELETE FROM conversations WHERE id = ? AND user_id = ?', args: [id, owner.userId] },
    ], 'write');
    return (conversation?.rowsAffected ?? 0) > 0;
  }
}

/** Gives the user a search-index partition the first time they store a conversation. */
export const ownerSerialStatement = (owner: Owner) => ({
  sql: 'INSERT OR IGNORE INTO history_owners (user_id) VALUES (?)', args: [owner.userId],
});

/** One message row; with `when`, only if that SQL condition holds (INSERT … SELECT … WHERE). */
function insertMessage(id: string, owner: Owner, conversationId: string, role: Role, content: string,
  extra: { model?: string; status?: Status }, when?: string) {
  return {
    sql: `INSERT INTO messages (id, seq, conversation_id, user_id, team_id, role, content, model, status, created_at, owner_serial)
          SELECT ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?), ?, ?, ?, ?, ?, ?, ?, ?,
                 (SELECT owner_serial FROM conversations WHERE id = ?)${when ? ` WHERE ${when}` : ''}`,
    args: [id, conversationId, conversationId, owner.userId, owner.teamId, role, content,
      extra.model ?? null, extra.status ?? 'complete', nowIso(), conversationId],
  };
}
