// The history view: search (debounced), the list of conversations (title, when, how many
// messages, and for a search the matching passage with <mark>), Load more, open, rename inline,
// delete with a confirm step (confirm() is blocked in webviews).
import type { HistoryItem } from '../../protocol';
import { el } from './dom';
import { relativeTime, snippetParts } from './history-format';
import type { HistoryState } from './state';

export interface HistoryHandlers {
  list(cursor?: string): void;
  search(query: string): void;
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
}

const SEARCH_DEBOUNCE_MS = 250;

export class HistoryView {
  private readonly search = el('input', {
    type: 'search', class: 'input history-search', 'data-testid': 'history-search', 'aria-label': 'Search conversations', placeholder: 'Search conversations',
  });
  private readonly offline = el('div', { class: 'history-offline', 'data-testid': 'history-offline', role: 'status' },
    'Offline — showing cached conversations');
  private readonly error = el('div', { class: 'error', 'data-testid': 'history-error', role: 'alert' });
  private readonly list = el('ul', { class: 'history-list', 'aria-label': 'Conversations' });
  private readonly empty = el('div', { class: 'empty', 'data-testid': 'history-empty' });
  private readonly more = el('button', { type: 'button', class: 'secondary', 'data-testid': 'history-more', 'aria-label': 'Load more conversations' }, 'Load more');
  readonly element = el('section', { class: 'history', 'data-testid': 'history-view', 'aria-label': 'Conversation history' },
    this.search, this.offline, this.error, this.list, this.empty, this.more);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cursor: string | undefined;

  constructor(private readonly handlers: HistoryHandlers) {
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        const query = this.search.value.trim();
        if (query) handlers.search(query);
        else handlers.list();
      }, SEARCH_DEBOUNCE_MS);
    });
    this.more.addEventListener('click', () => { if (this.cursor) handlers.list(this.cursor); });
  }

  focus(): void {
    this.search.focus();
  }

  render(history: HistoryState, now: number = Date.now()): void {
    if (document.activeElement !== this.search) this.search.value = history.query;
    this.offline.hidden = !history.offline;
    this.error.hidden = !history.error;
    this.error.textContent = history.error ?? '';
    this.cursor = history.nextCursor;
    this.more.hidden = !history.nextCursor;
    this.list.replaceChildren(...history.items.map((item) => this.item(item, now)));
    this.empty.hidden = !history.loaded || history.items.length > 0;
    this.empty.textContent = history.query ? `No conversations match "${history.query}".` : 'No conversations yet.';
  }

  private item(item: HistoryItem, now: number): HTMLElement {
    const title = el('span', { class: 'history-title' }, item.title || 'Untitled');
    const when = relativeTime(item.updatedAt, now);
    const meta = el('span', { class: 'history-meta', title: item.updatedAt },
      `${when}${when ? ' · ' : ''}${item.messageCount} ${item.messageCount === 1 ? 'message' : 'messages'}`);
    const main = el('div', { class: 'history-main' }, title, meta);
    if (item.snippet) {
      const snippet = el('div', { class: 'history-snippet', 'data-testid': 'history-snippet' });
      for (const part of snippetParts(item.snippet)) snippet.append(part.mark ? el('mark', {}, part.text) : part.text);
      main.append(snippet);
    }
    const rename = el('button', { type: 'button', class: 'icon', 'data-testid': 'history-rename', 'aria-label': `Rename ${item.title}`, title: 'Rename' }, '✎');
    const remove = el('button', { type: 'button', class: 'icon', 'data-testid': 'history-delete', 'aria-label': `Delete ${item.title}`, title: 'Delete' }, '✕');
    const actions = el('div', { class: 'history-actions' }, rename, remove);
    const row = el('li', { class: 'history-item', 'data-testid': 'history-item', 'data-id': item.id, tabindex: '0', 'aria-label': `${item.title}, ${meta.textContent}` },
      main, actions);
    main.addEventListener('click', () => this.handlers.open(item.id));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === row) this.handlers.open(item.id);
    });
    rename.addEventListener('click', () => this.startRename(item, title));
    remove.addEventListener('click', () => this.confirmDelete(item, actions));
    return row;
  }

  private startRename(item: HistoryItem, title: HTMLElement): void {
    const input = el('input', { type: 'text', class: 'input', 'data-testid': 'history-rename-input', 'aria-label': 'New title', value: item.title });
    let done = false;
    const finish = (save: boolean) => {
      if (done) return;
      done = true;
      const next = input.value.trim();
      input.replaceWith(title);
      if (save && next && next !== item.title) this.handlers.rename(item.id, next);
    };
    input.addEventListener('click', (e) => e.stopPropagation()); // typing in it must not open the conversation
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter' && !e.isComposing) finish(true);
      else if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(false));
    title.replaceWith(input);
    input.focus();
    input.select();
  }

  private confirmDelete(item: HistoryItem, actions: HTMLElement): void {
    const previous = Array.from(actions.childNodes);
    const yes = el('button', { type: 'button', class: 'danger', 'data-testid': 'history-delete-confirm', 'aria-label': `Confirm deleting ${item.title}` }, 'Delete');
    const no = el('button', { type: 'button', class: 'secondary', 'data-testid': 'history-delete-cancel', 'aria-label': 'Keep it' }, 'Cancel');
    yes.addEventListener('click', () => this.handlers.remove(item.id));
    no.addEventListener('click', () => {
      actions.replaceChildren(...previous);
      (previous[1] as HTMLElement | undefined)?.focus();
    });
    actions.replaceChildren(el('span', { class: 'confirm-text' }, 'Delete?'), yes, no);
    no.focus();
  }
}
