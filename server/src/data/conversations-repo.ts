import { randomUUID } from 'node:crypto';
import type { Row } from '@libsql/client';
import type { ConversationDetail, ConversationSummary, MessageRecord } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

interface Owner { userId: string; teamId: string }
type Role = MessageRecord['role'];
type Status = MessageRecord['status'];

const summaryColumns = `c.id, c.title, c.created_at, c.updated_at,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count`;

const toSummary = (r: Row): ConversationSummary => ({
  id: String(r.id),
  title: String(r.title),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
  messageCount: Number(r.message_count),
});

const toMessage = (r: Row): MessageRecord => ({
  id: String(r.id),
  conversationId: String(r.conversation_id),
  role: String(r.role) as Role,
  content: String(r.content),
  model: r.model == null ? null : String(r.model),
  status: String(r.status) as Status,
  promptTokens: r.prompt_tokens == null ? null : Number(r.prompt_tokens),
  completionTokens: r.completion_tokens == null ? null : Number(r.completion_tokens),
  createdAt: String(r.created_at),
});

/** Keyset cursor over (updated_at, id): stable while new conversations are inserted. */
const encodeCursor = (s: ConversationSummary) => Buffer.from(JSON.stringify([s.updatedAt, s.id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') ? [v[0] as string, v[1] as string] : null;
  } catch {
    return null;
  }
}

export class InvalidCursorError extends Error {}

/** Conversations and their messages, always scoped to the owner: another user's id is simply not found. */
export class ConversationsRepo {
  constructor(private readonly db: Db) {}

  async create(owner: Owner, title: string): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.db.execute({
      sql: 'INSERT INTO conversations (id, user_id, team_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [id, owner.userId, owner.teamId, title, now, now],
    });
    return id;
  }

  async exists(owner: Owner, id: string): Promise<boolean> {
    const r = await this.db.execute({ sql: 'SELECT 1 FROM conversations WHERE id = ? AND user_id = ?', args: [id, owner.userId] });
    return r.rows.length > 0;
  }

  async list(owner: Owner, limit: number, cursor?: string): Promise<{ data: ConversationSummary[]; nextCursor?: string }> {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && !after) throw new InvalidCursorError('cursor is not valid');
    const r = await this.db.execute({
      sql: `SELECT ${summaryColumns} FROM conversations c WHERE c.user_id = ?
            ${after ? 'AND (c.updated_at, c.id) < (?, ?)' : ''}
            ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      args: after ? [owner.userId, after[0], after[1], limit + 1] : [owner.userId, limit + 1],
    });
    const rows = r.rows.map(toSummary);
    const data = rows.slice(0, limit);
    return rows.length > limit ? { data, nextCursor: encodeCursor(data[data.length - 1]!) } : { data };
  }

  async get(owner: Owner, id: string): Promise<ConversationDetail | null> {
    const c = await this.db.execute({
      sql: `SELECT ${summaryColumns} FROM conversations c WHERE c.id = ? AND c.user_id = ?`, args: [id, owner.userId],
    });
    const row = c.rows[0];
    if (!row) return null;
    return { ...toSummary(row), messages: await this.messages(id) };
  }

  async messages(conversationId: string): Promise<MessageRecord[]> {
    const m = await this.db.execute({
      sql: 'SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq', args: [conversationId],
    });
    return m.rows.map(toMessage);
  }

  async addMessage(owner: Owner, conversationId: string, role: Role, content: string,
    extra: { model?: string; status?: Status } = {}): Promise<string> {
    const id = randomUUID();
    const now = nowIso();
    await this.db.batch([
      {
        sql: `INSERT INTO messages (id, seq, conversation_id, user_id, team_id, role, content, model, status, created_at)
              VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation_id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [id, conversationId, conversationId, owner.userId, owner.teamId, role, content,
          extra.model ?? null, extra.status ?? 'complete', now],
      },
      { sql: 'UPDATE conversations SET updated_at = ? WHERE id = ?', args: [now, conversationId] },
    ], 'write');
    return id;
  }

  async finishMessage(id: string, fields: { content: string; status: Status; promptTokens?: number;
    completionTokens?: number; latencyMs?: number }): Promise<void> {
    await this.db.execute({
      sql: `UPDATE messages SET content = ?, status = ?, prompt_tokens = ?, completion_tokens = ?, latency_ms = ?
            WHERE id = ?`,
      args: [fields.content, fields.status, fields.promptTokens ?? null, fields.completionTokens ?? null,
        fields.latencyMs ?? null, id],
    });
  }
}
