import { randomUUID } from 'node:crypto';
import type { InStatement } from '@libsql/client';
import type { ConversationExport, ConversationSummary } from '../../../protocol';
import { ownerSerialStatement } from './conversations-repo';
import { SUMMARY_COLUMNS, toSummary, type Owner } from './conversations-rows';
import type { Db } from './db';
import { nowIso } from './db';

const ROWS_PER_INSERT = 100;
const iso = (s: string) => new Date(s).toISOString();

/**
 * Imports a JSON export (ConversationExport) as a new conversation of the caller, in one write
 * transaction: it appears whole or not at all. New ids; everything else is kept, timestamps
 * included (normalized to UTC ISO strings, the form the server writes), so an imported
 * conversation sits in the list where it was in its original history.
 */
export class ConversationsImporter {
  constructor(private readonly db: Db) {}

  async import(owner: Owner, body: ConversationExport): Promise<ConversationSummary> {
    const { conversation: c } = body;
    const id = randomUUID();
    const statements: InStatement[] = [ownerSerialStatement(owner), {
      sql: `INSERT INTO conversations (id, user_id, team_id, title, created_at, updated_at, owner_serial)
            VALUES (?, ?, ?, ?, ?, ?, (SELECT serial FROM history_owners WHERE user_id = ?))`,
      args: [id, owner.userId, owner.teamId, c.title, iso(c.createdAt), iso(c.updatedAt), owner.userId],
    }];
    const messages = c.messages.map((m, i) => ({ ...m, newId: randomUUID(), seq: i + 1 }));
    for (let i = 0; i < messages.length; i += ROWS_PER_INSERT) {
      const rows = messages.slice(i, i + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO messages (id, seq, conversation_id, user_id, team_id, role, content, model, status,
                prompt_tokens, completion_tokens, latency_ms, created_at, owner_serial)
              VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT owner_serial FROM conversations WHERE id = ?))').join(', ')}`,
        args: rows.flatMap((m) => [m.newId, m.seq, id, owner.userId, owner.teamId, m.role, m.content, m.model, m.status,
          m.promptTokens, m.completionTokens, m.latencyMs, iso(m.createdAt), id]),
      });
    }
    const now = nowIso();
    const rated = messages.filter((m) => m.feedback && m.role === 'assistant');
    for (let i = 0; i < rated.length; i += ROWS_PER_INSERT) {
      const rows = rated.slice(i, i + ROWS_PER_INSERT);
      statements.push({
        sql: `INSERT INTO message_feedback (message_id, user_id, team_id, rating, comment, created_at, updated_at)
              VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        args: rows.flatMap((m) => [m.newId, owner.userId, owner.teamId, m.feedback!.rating, m.feedback!.comment, now, now]),
      });
    }
    statements.push({ sql: `SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ?`, args: [id] });
    const results = await this.db.batch(statements, 'write');
    return toSummary(results.at(-1)!.rows[0]!);
  }
}
