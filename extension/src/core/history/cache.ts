// The editor's offline copy of the chat history, so the history view still works when the server
// is out of reach. Layout in `dir`: `index.json` (the summaries of the last list pages seen and of
// every cached conversation) and one `c-<id>.json` per conversation detail that was opened or
// created. Bounded: the newest MAX_CONVERSATIONS details (by updatedAt) and about MAX_BYTES of
// them (sizes in UTF-16 code units, close enough to bytes for a bound); older ones are evicted.
// Anything unreadable (missing, corrupt, wrong shape) counts as empty: the cache never throws on
// read, and a failed write only loses the cache, never the caller's operation.
import * as z from 'zod';
import { ConversationDetail, ConversationSummary, type HistoryItem } from '../../../../protocol';
import { joinPath, writeAtomic, type CacheFs } from './cache-fs';
import { matchConversation, queryWords } from './local-search';

export const MAX_CONVERSATIONS = 200;
export const MAX_BYTES = 20 * 1024 * 1024;

const Index = z.object({
  version: z.literal(1),
  /** Summaries from the list pages, newest activity first. */
  list: z.array(ConversationSummary),
  /** Cached details: id → size of the detail file. */
  details: z.record(z.string(), z.object({ bytes: z.number().nonnegative(), summary: ConversationSummary })),
});
type Index = z.infer<typeof Index>;

const empty = (): Index => ({ version: 1, list: [], details: {} });
const byActivity = (a: ConversationSummary, b: ConversationSummary) => b.updatedAt.localeCompare(a.updatedAt);

export interface HistoryCacheOptions {
  maxConversations?: number;
  maxBytes?: number;
}

export class HistoryCache {
  private index: Promise<Index> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly maxConversations: number;
  private readonly maxBytes: number;

  constructor(private readonly fs: CacheFs, private readonly dir: string, options: HistoryCacheOptions = {}) {
    this.maxConversations = options.maxConversations ?? MAX_CONVERSATIONS;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
  }

  /** Remembers a list page: the first page replaces the remembered list, later pages extend it. */
  putList(summaries: readonly ConversationSummary[], firstPage: boolean): Promise<void> {
    return this.mutate((index) => {
      const known = new Map((firstPage ? [] : index.list).map((s) => [s.id, s]));
      for (const s of summaries) known.set(s.id, s);
      index.list = [...known.values()].sort(byActivity);
      for (const s of summaries) if (index.details[s.id]) index.details[s.id]!.summary = s;
    });
  }

  /** Stores a conversation's detail (opened, or just created/continued by the chat). */
  putConversation(detail: ConversationDetail): Promise<void> {
    return this.mutate(async (index) => {
      const text = JSON.stringify(detail);
      await writeAtomic(this.fs, this.file(detail.id), text);
      const summary = summaryOf(detail);
      index.details[detail.id] = { bytes: text.length, summary };
      index.list = [summary, ...index.list.filter((s) => s.id !== detail.id)].sort(byActivity);
      await this.evict(index);
    });
  }

  /** Newest activity first: the remembered list plus every cached conversation. */
  async list(): Promise<HistoryItem[]> {
    return (await this.summaries()).map(toItem);
  }

  /** Local search (every word must occur in the title or a message); best first, then newest. */
  async search(query: string, limit = 50): Promise<HistoryItem[]> {
    const words = queryWords(query);
    const index = await this.load();
    const hits: { item: HistoryItem; score: number }[] = [];
    for (const summary of await this.summaries()) {
      const detail = index.details[summary.id] ? await this.readDetail(summary.id) : undefined;
      const match = matchConversation(summary, detail, words);
      if (match) hits.push({ item: { ...toItem(summary), snippet: match.snippet }, score: match.score });
    }
    return hits.sort((a, b) => b.score - a.score || b.item.updatedAt.localeCompare(a.item.updatedAt)).slice(0, limit).map((h) => h.item);
  }

  async get(id: string): Promise<ConversationDetail | undefined> {
    const index = await this.load();
    return index.details[id] ? this.readDetail(id) : undefined;
  }

  remove(id: string): Promise<void> {
    return this.mutate(async (index) => {
      index.list = index.list.filter((s) => s.id !== id);
      if (index.details[id]) {
        delete index.details[id];
        await this.fs.remove(this.file(id));
      }
    });
  }

  /** Renames the cached copy (after the server renamed it); unknown ids are ignored. */
  rename(id: string, title: string): Promise<void> {
    return this.mutate(async (index) => {
      index.list = index.list.map((s) => (s.id === id ? { ...s, title } : s));
      const entry = index.details[id];
      if (!entry) return;
      entry.summary = { ...entry.summary, title };
      const detail = await this.readDetail(id);
      if (detail) await writeAtomic(this.fs, this.file(id), JSON.stringify({ ...detail, title }));
    });
  }

  private async summaries(): Promise<ConversationSummary[]> {
    const index = await this.load();
    const all = new Map(index.list.map((s) => [s.id, s]));
    for (const [id, entry] of Object.entries(index.details)) if (!all.has(id)) all.set(id, entry.summary);
    return [...all.values()].sort(byActivity);
  }

  private async readDetail(id: string): Promise<ConversationDetail | undefined> {
    const parsed = ConversationDetail.safeParse(parseJson(await this.fs.readFile(this.file(id))));
    return parsed.success ? parsed.data : undefined;
  }

  /** Drops the oldest details past the count and size bounds (their summaries stay in the list). */
  private async evict(index: Index): Promise<void> {
    const entries = Object.entries(index.details).sort((a, b) => byActivity(a[1].summary, b[1].summary));
    let bytes = entries.reduce((sum, [, e]) => sum + e.bytes, 0);
    for (let i = entries.length - 1; i >= 0 && (i >= this.maxConversations || bytes > this.maxBytes); i--) {
      const [id, entry] = entries[i]!;
      delete index.details[id];
      bytes -= entry.bytes;
      await this.fs.remove(this.file(id));
    }
  }

  private load(): Promise<Index> {
    this.index ??= (async () => {
      const parsed = Index.safeParse(parseJson(await this.fs.readFile(joinPath(this.dir, 'index.json'))));
      return parsed.success ? parsed.data : empty();
    })().catch(() => empty());
    return this.index;
  }

  /** Runs `change` on the index, one at a time, then saves it; a failed write is swallowed (the cache is best effort). */
  private mutate(change: (index: Index) => void | Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      const index = await this.load();
      try {
        await this.fs.mkdir(this.dir);
        await change(index);
        await writeAtomic(this.fs, joinPath(this.dir, 'index.json'), JSON.stringify(index));
      } catch {
        // disk full or read-only: the cache just stays as it was in memory
      }
    });
    this.queue = run;
    return run;
  }

  private file(id: string): string {
    return joinPath(this.dir, `c-${safeName(id)}.json`);
  }
}

/** Ids come from the server; anything outside [A-Za-z0-9_-] is escaped so an id can never be a path. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`).slice(0, 200);
}

function summaryOf(d: ConversationDetail): ConversationSummary {
  return { id: d.id, title: d.title, createdAt: d.createdAt, updatedAt: d.updatedAt, messageCount: d.messageCount };
}

function toItem(s: ConversationSummary): HistoryItem {
  return { id: s.id, title: s.title, updatedAt: s.updatedAt, messageCount: s.messageCount };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
