// The history view's actions: list, search, open, rename, delete, and the answers' ratings. The
// server is asked first and the local cache (globalStorage) stands in when it is out of reach
// (core/history/service.ts), so old conversations can be read offline. After each answer the
// conversation is fetched once and cached, which is what makes it readable offline later.
import * as vscode from 'vscode';
import type { ExtensionToWebview } from '../../../../protocol';
import type { ChatSession } from '../../core/chat-session';
import { ChurnisticError } from '../../core/errors';
import { HistoryCache, HistoryService, nodeCacheFs } from '../../core/history';
import type { Logger } from '../../core/logger';
import type { ChurnisticClient } from '../../core/server-client';

export class ChatHistory {
  private readonly service: HistoryService;
  /** The query of the search on screen: an answer for an older one is dropped. */
  private latestQuery: string | undefined;

  constructor(
    private readonly client: ChurnisticClient,
    private readonly session: ChatSession,
    storage: vscode.Uri,
    private readonly post: (message: ExtensionToWebview) => void,
    private readonly logger: Logger,
    maxConversations: number,
  ) {
    const cache = new HistoryCache(nodeCacheFs, vscode.Uri.joinPath(storage, 'history').fsPath, { maxConversations });
    this.service = new HistoryService(client, cache);
  }

  async list(cursor?: string): Promise<void> {
    this.latestQuery = undefined;
    await this.answer(() => this.service.list(cursor), undefined, cursor !== undefined);
  }

  async search(query: string): Promise<void> {
    this.latestQuery = query;
    await this.answer(() => this.service.search(query), query, false);
  }

  async open(id: string): Promise<void> {
    try {
      const { conversation, offline } = await this.service.open(id);
      await this.session.open(conversation);
      this.post({ type: 'showView', view: 'chat' });
      if (offline) this.post({ type: 'notice', level: 'warning', message: 'The server is out of reach: this is the copy kept on this machine. Questions need the server.' });
    } catch (e) {
      this.post({ type: 'notice', level: 'error', message: `Could not open the conversation: ${describe(e)}` });
    }
  }

  async rename(id: string, title: string): Promise<void> {
    try {
      await this.service.rename(id, title);
      if (this.session.currentConversationId === id) this.post({ type: 'conversation', id, title });
    } catch (e) {
      this.post({ type: 'notice', level: 'error', message: `Could not rename the conversation: ${describe(e)}` });
    }
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    try {
      await this.service.remove(id);
      if (this.session.currentConversationId === id) await this.session.clear();
    } catch (e) {
      this.post({ type: 'notice', level: 'error', message: `Could not delete the conversation: ${describe(e)}` });
    }
    await this.refresh();
  }

  async rate(messageId: string, rating: 'up' | 'down' | null): Promise<void> {
    await this.client.setFeedback(messageId, rating);
  }

  /** Caches the conversation the session just wrote to (after an answer ended). */
  async remember(conversationId: string): Promise<void> {
    try {
      await this.service.remember(await this.client.getConversation(conversationId));
    } catch (e) {
      this.logger.debug(`history: could not cache ${conversationId}: ${describe(e)}`);
    }
  }

  private async refresh(): Promise<void> {
    if (this.latestQuery) await this.search(this.latestQuery);
    else await this.list();
  }

  private async answer(run: () => Promise<import('../../../../protocol').HistoryPage>, query: string | undefined, append: boolean): Promise<void> {
    try {
      const page = await run();
      if (query !== this.latestQuery) return; // a newer search was typed meanwhile
      this.post({ type: 'history', page });
    } catch (e) {
      if (query !== this.latestQuery) return;
      this.post({ type: 'history', page: { items: [], append, offline: false, error: describe(e), ...(query ? { query } : {}) } });
    }
  }
}

function describe(e: unknown): string {
  return e instanceof ChurnisticError || e instanceof Error ? e.message : String(e);
}
