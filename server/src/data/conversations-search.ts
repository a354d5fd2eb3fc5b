import type { ConversationSearchHit } from '../../../protocol';
import { MARK_CLOSE, MARK_OPEN, parseHighlighted, toFtsQuery } from './conversations-fts-query';
import { SUMMARY_COLUMNS, toSummary, type Owner } from './conversations-rows';
import { ROW_MASK } from './conversations-schema';
import type { Db } from './db';

/**
 * Ranking, in one place so it can be tuned and explained:
 * - a message's relevance is its bm25 over the messages index, a title's its bm25 over the titles
 *   index times TITLE_WEIGHT (a word in the title says more about a conversation than one in a reply);
 * - a conversation's score is its title relevance plus the sum of its matching messages' relevance,
 *   so more matching messages (and more occurrences in a message) rank higher;
 * - bm25 is computed for the caller's WINDOW most recent matching messages and WINDOW most recent
 *   matching titles. For a rare word that is every match; for a word in most messages it bounds
 *   the work (and favours recent conversations) instead of ranking hundreds of thousands of rows
 *   on every keystroke. bm25's IDF still comes from the whole index.
 * - the TOP conversations of each side are merged, so a conversation needs to be among the best
 *   TOP by its messages or by its title to be returned (TOP is well above the largest `limit`).
 */
export const TITLE_WEIGHT = 4;
export const WINDOW = 2_000;
const TOP = 200;
const SNIPPET_TOKENS = 24;

/** The caller's rowid range in an FTS table (see conversations-schema.ts). */
const IN_OWNER_RANGE = `rowid BETWEEN (:serial << 40) AND (:serial << 40) + ${ROW_MASK}`;

export class ConversationsSearch {
  constructor(private readonly db: Db) {}

  async search(owner: Owner, q: string, limit: number): Promise<ConversationSearchHit[]> {
    const match = toFtsQuery(q);
    if (!match) return [];
    const serialRow = (await this.db.execute({ sql: 'SELECT serial FROM history_owners WHERE user_id = ?', args: [owner.userId] })).rows[0];
    if (!serialRow) return []; // has never stored a conversation
    const args = { match, serial: Number(serialRow.serial), user: owner.userId, window: WINDOW, top: TOP };
    // CROSS JOIN keeps the planner from starting with the owner's rows (the whole history) and
    // probing the hits: the hits drive, each joined through the unique fts_rowid index.
    // In the grouped query, message_id and num are those of the row with MAX(relevance): SQLite
    // takes bare columns from that row when the query has a single min()/max() aggregate.
    const [messageHits, titleHits] = await this.db.batch([
      {
        sql: `SELECT m.conversation_id, SUM(-h.score) AS relevance, MAX(-h.score) AS best, m.id AS message_id, m.num
              FROM (SELECT rowid, bm25(messages_fts) AS score FROM messages_fts
                    WHERE messages_fts MATCH :match AND ${IN_OWNER_RANGE} ORDER BY rowid LIMIT :window) h
              CROSS JOIN messages m ON m.fts_rowid = h.rowid
              WHERE m.user_id = :user
              GROUP BY m.conversation_id ORDER BY relevance DESC LIMIT :top`,
        args,
      },
      {
        sql: `SELECT c.id AS conversation_id, c.num, -h.score AS relevance
              FROM (SELECT rowid, score FROM (
                      SELECT rowid, bm25(conversations_fts) AS score FROM conversations_fts
                      WHERE conversations_fts MATCH :match AND ${IN_OWNER_RANGE} ORDER BY rowid LIMIT :window)
                    ORDER BY score LIMIT :top) h
              CROSS JOIN conversations c ON c.fts_rowid = h.rowid
              WHERE c.user_id = :user`,
        args,
      },
    ], 'read');

    const ranked = rank(messageHits!.rows, titleHits!.rows).slice(0, limit);
    if (!ranked.length) return [];
    return this.present(owner, match, ranked);
  }

  /** Summaries and snippets for the ranked conversations (a few indexed reads, whatever the match count). */
  private async present(owner: Owner, match: string, ranked: Ranked[]): Promise<ConversationSearchHit[]> {
    const ids = ranked.map((r) => r.conversationId);
    const messageNums = ranked.flatMap((r) => (r.best ? [r.best.num] : []));
    const titleNums = ranked.flatMap((r) => (r.best || r.titleNum === undefined ? [] : [r.titleNum]));
    const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
    const [summaries, snippets, titles] = await this.db.batch([
      // `+c.user_id`: look the few ids up by their unique index, not through the owner's whole list.
      { sql: `SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id IN (${list(ids.length)}) AND +c.user_id = ?`, args: [...ids, owner.userId] },
      {
        sql: `SELECT ${ROW_MASK} - (rowid & ${ROW_MASK}) AS num,
                snippet(messages_fts, 0, '${MARK_OPEN}', '${MARK_CLOSE}', '…', ${SNIPPET_TOKENS}) AS marked
              FROM messages_fts WHERE messages_fts MATCH ?
                AND rowid IN (SELECT fts_rowid FROM messages WHERE num IN (${list(messageNums.length)}))`,
        args: [match, ...messageNums],
      },
      {
        sql: `SELECT ${ROW_MASK} - (rowid & ${ROW_MASK}) AS num,
                highlight(conversations_fts, 0, '${MARK_OPEN}', '${MARK_CLOSE}') AS marked
              FROM conversations_fts WHERE conversations_fts MATCH ?
                AND rowid IN (SELECT fts_rowid FROM conversations WHERE num IN (${list(titleNums.length)}))`,
        args: [match, ...titleNums],
      },
    ], 'read');
    const summaryById = new Map(summaries!.rows.map((r) => [String(r.id), toSummary(r)]));
    // Message and conversation numbers are separate sequences: keep their snippets apart.
    const messageText = new Map(snippets!.rows.map((r) => [Number(r.num), String(r.marked)]));
    const titleText = new Map(titles!.rows.map((r) => [Number(r.num), String(r.marked)]));
    const hits: ConversationSearchHit[] = [];
    for (const r of ranked) {
      const summary = summaryById.get(r.conversationId);
      if (!summary) continue; // deleted between the two reads
      const text = r.best ? messageText.get(r.best.num) : r.titleNum === undefined ? undefined : titleText.get(r.titleNum);
      hits.push({
        ...summary,
        score: Math.round(r.score * 1000) / 1000,
        messageId: r.best?.messageId ?? null,
        snippet: text === undefined ? { text: summary.title, highlights: [] } : parseHighlighted(text),
      });
    }
    return hits;
  }
}

interface Ranked {
  conversationId: string;
  score: number;
  /** The best message's number (higher is newer), for ties; 0 for a title-only match. */
  newest: number;
  best?: { messageId: string; num: number; relevance: number };
  titleNum?: number;
}

type Rows = Awaited<ReturnType<Db['execute']>>['rows'];

/** Merges per-conversation message relevance with title relevance, best first (ties: the newer best message). */
function rank(messageHits: Rows, titleHits: Rows): Ranked[] {
  const byId = new Map<string, Ranked>();
  for (const h of messageHits) {
    const num = Number(h.num);
    byId.set(String(h.conversation_id), {
      conversationId: String(h.conversation_id), score: Number(h.relevance), newest: num,
      best: { messageId: String(h.message_id), num, relevance: Number(h.best) },
    });
  }
  for (const h of titleHits) {
    const id = String(h.conversation_id);
    let e = byId.get(id);
    if (!e) byId.set(id, e = { conversationId: id, score: 0, newest: 0 });
    e.score += TITLE_WEIGHT * Number(h.relevance);
    e.titleNum = Number(h.num);
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || b.newest - a.newest);
}
