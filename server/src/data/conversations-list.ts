import type { ConversationDetail, ConversationList } from '../../../protocol';
import { MESSAGE_COLUMNS, SUMMARY_COLUMNS, toConversationMessage, toSummary, type Owner } from './conversations-rows';
import type { Db } from './db';

/**
 * Where a page ends and what existed when the first page was read.
 * - pos, id: the last row's place in the order (updated_at DESC, id DESC), as of the snapshot;
 * - msgs, convs: the highest message and conversation numbers at the first page. Numbers are
 *   AUTOINCREMENT (never reused), so "num > snapshot" means "written after the first page".
 * A cursor from before snapshots existed ([pos, id]) still works, as a plain keyset cursor.
 */
interface Cursor { pos: string; id: string; msgs?: number; convs?: number }

export class InvalidCursorError extends Error {}

export function encodeCursor(c: Required<Cursor>): string {
  return Buffer.from(JSON.stringify([c.pos, c.id, c.msgs, c.convs])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not valid');
  }
  if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') {
    if (v.length === 2) return { pos: v[0], id: v[1] };
    if (v.length === 4 && Number.isSafeInteger(v[2]) && Number.isSafeInteger(v[3])) {
      return { pos: v[0], id: v[1], msgs: v[2] as number, convs: v[3] as number };
    }
  }
  throw new InvalidCursorError('cursor is not valid');
}

/**
 * Reading the history: the list (keyset pages over the conversations_by_user index) and one
 * conversation with all its messages.
 *
 * The list is ordered by last activity, which moves: a conversation that gets a message while
 * someone pages would jump to the top, and a plain keyset cursor would then skip it. So later
 * pages read the order as it was at the first page: conversations that moved since (few: they are
 * found through conversations_by_last_message) are placed by their last message up to the snapshot,
 * and conversations created since are left out (they show up on the next first page).
 */
export class ConversationsReader {
  constructor(private readonly db: Db) {}

  async list(owner: Owner, limit: number, cursor?: string): Promise<ConversationList> {
    if (cursor === undefined) return this.firstPage(owner, limit);
    const after = decodeCursor(cursor);
    if (after.msgs === undefined || after.convs === undefined) return this.plainPage(owner, limit, after);
    const snapshot = { msgs: after.msgs, convs: after.convs };
    const r = await this.db.execute({
      sql: `SELECT * FROM (
              SELECT ${SUMMARY_COLUMNS}, c.updated_at AS pos FROM conversations c
              WHERE c.user_id = :user AND (c.updated_at, c.id) < (:pos, :id)
                AND c.num <= :convs AND (c.last_message_num IS NULL OR c.last_message_num <= :msgs)
              ORDER BY c.updated_at DESC, c.id DESC LIMIT :n)
            UNION ALL
            SELECT * FROM (
              SELECT ${SUMMARY_COLUMNS}, MAX(c.created_at, COALESCE((SELECT m.created_at FROM messages m
                  WHERE m.conversation_id = c.id AND m.num <= :msgs ORDER BY m.seq DESC LIMIT 1), c.created_at)) AS pos
              FROM conversations c
              WHERE c.user_id = :user AND c.last_message_num > :msgs AND c.num <= :convs)
            WHERE (pos, id) < (:pos, :id)
            ORDER BY pos DESC, id DESC LIMIT :n`,
      args: { user: owner.userId, pos: after.pos, id: after.id, msgs: snapshot.msgs, convs: snapshot.convs, n: limit + 1 },
    });
    return page(r.rows, limit, snapshot);
  }

  private async firstPage(owner: Owner, limit: number): Promise<ConversationList> {
    // The snapshot is read by the same statement as the rows, so both see the same database state.
    const r = await this.db.execute({
      sql: `SELECT ${SUMMARY_COLUMNS}, c.updated_at AS pos,
              (SELECT COALESCE(MAX(num), 0) FROM messages) AS snapshot_msgs,
              (SELECT COALESCE(MAX(num), 0) FROM conversations) AS snapshot_convs
            FROM conversations c WHERE c.user_id = ?
            ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      args: [owner.userId, limit + 1],
    });
    const first = r.rows[0];
    const snapshot = first ? { msgs: Number(first.snapshot_msgs), convs: Number(first.snapshot_convs) } : { msgs: 0, convs: 0 };
    return page(r.rows, limit, snapshot);
  }

  private async plainPage(owner: Owner, limit: number, after: Cursor): Promise<ConversationList> {
    const r = await this.db.execute({
      sql: `SELECT ${SUMMARY_COLUMNS}, c.updated_at AS pos FROM conversations c
            WHERE c.user_id = ? AND (c.updated_at, c.id) < (?, ?)
            ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      args: [owner.userId, after.pos, after.id, limit + 1],
    });
    return page(r.rows, limit, undefined);
  }

  /**
   * One conversation with every message and the caller's feedback, in one read transaction (so the
   * counts and the messages agree). Two indexed reads however long the conversation is.
   */
  async get(owner: Owner, id: string): Promise<ConversationDetail | null> {
    const [c, m] = await this.db.batch([
      { sql: `SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ? AND c.user_id = ?`, args: [id, owner.userId] },
      {
        sql: `SELECT ${MESSAGE_COLUMNS}, f.rating AS feedback_rating, f.comment AS feedback_comment, f.updated_at AS feedback_at
              FROM messages m LEFT JOIN message_feedback f ON f.message_id = m.id AND f.user_id = ?
              WHERE m.conversation_id = ? AND m.user_id = ? ORDER BY m.seq`,
        args: [owner.userId, id, owner.userId],
      },
    ], 'read');
    const row = c?.rows[0];
    if (!row) return null;
    return { ...toSummary(row), messages: m!.rows.map(toConversationMessage) };
  }
}

type Rows = Awaited<ReturnType<Db['execute']>>['rows'];

function page(rows: Rows, limit: number, snapshot: { msgs: number; convs: number } | undefined): ConversationList {
  const data = rows.slice(0, limit).map(toSummary);
  if (rows.length <= limit) return { data };
  const last = rows[limit - 1]!;
  const at = { pos: String(last.pos), id: String(last.id) };
  const nextCursor = snapshot ? encodeCursor({ ...at, ...snapshot })
    : Buffer.from(JSON.stringify([at.pos, at.id])).toString('base64url');
  return { data, nextCursor };
}
