// What the chat feature calls for the history view: the server first, the local cache when the
// server is out of reach. "Out of reach" is a network failure or timeout (UnreachableError) or a
// 5xx; a 401 (sign in again) or 404 (gone) is a real answer and is passed on, never papered over
// with stale data. Every successful answer refreshes the cache.
import type { ConversationDetail, HistoryItem, HistoryPage } from '../../../../protocol';
import { ServerError, UnreachableError } from '../errors';
import type { ChurnisticClient } from '../server-client';
import type { HistoryCache } from './cache';

export type HistoryClient = Pick<ChurnisticClient, 'listConversations' | 'searchConversations' | 'getConversation' | 'renameConversation' | 'deleteConversation'>;

/** True for failures the cache may stand in for. */
export function isOffline(e: unknown): boolean {
  return e instanceof UnreachableError || (e instanceof ServerError && e.status >= 500);
}

const isNotFound = (e: unknown) => e instanceof ServerError && e.status === 404;

export interface OpenedConversation {
  conversation: ConversationDetail;
  /** From the local cache: the server was out of reach. */
  offline: boolean;
}

export class HistoryService {
  constructor(private readonly client: HistoryClient, private readonly cache: HistoryCache, private readonly pageSize = 50) {}

  /** A page of the list; with `cursor`, the next page (append). Offline: the cached list in one page. */
  async list(cursor?: string): Promise<HistoryPage> {
    const append = cursor !== undefined;
    try {
      const page = await this.client.listConversations(cursor, this.pageSize);
      await this.cache.putList(page.data, !append);
      const items: HistoryItem[] = page.data.map(({ id, title, updatedAt, messageCount }) => ({ id, title, updatedAt, messageCount }));
      return { items, append, offline: false, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    } catch (e) {
      if (!isOffline(e)) throw e;
      // the cached list was already shown whole with the first page: a next page adds nothing
      return { items: append ? [] : await this.cache.list(), append, offline: true };
    }
  }

  async search(query: string): Promise<HistoryPage> {
    try {
      const result = await this.client.searchConversations(query);
      const items: HistoryItem[] = result.data.map((h) => ({ id: h.id, title: h.title, updatedAt: h.updatedAt, messageCount: h.messageCount, snippet: h.snippet }));
      return { query, items, append: false, offline: false };
    } catch (e) {
      if (!isOffline(e)) throw e;
      return { query, items: await this.cache.search(query), append: false, offline: true };
    }
  }

  /** The whole conversation; offline, the cached copy, and the original error when there is none. */
  async open(id: string): Promise<OpenedConversation> {
    try {
      const conversation = await this.client.getConversation(id);
      await this.cache.putConversation(conversation);
      return { conversation, offline: false };
    } catch (e) {
      if (isNotFound(e)) await this.cache.remove(id);
      if (!isOffline(e)) throw e;
      const cached = await this.cache.get(id);
      if (!cached) throw e;
      return { conversation: cached, offline: true };
    }
  }

  /** Renames on the server, then in the cache. Needs the server: an offline rename would be lost. */
  async rename(id: string, title: string): Promise<void> {
    const summary = await this.client.renameConversation(id, title);
    await this.cache.rename(id, summary.title);
  }

  /** Deletes on the server, then locally; a conversation the server no longer has is removed locally too. */
  async remove(id: string): Promise<void> {
    try {
      await this.client.deleteConversation(id);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await this.cache.remove(id);
  }

  /** For the chat feature: keep the cache current after a turn (the conversation it just wrote). */
  remember(conversation: ConversationDetail): Promise<void> {
    return this.cache.putConversation(conversation);
  }
}
