// The conversation. Each entry is one node keyed by id; a streaming answer re-renders only the
// Markdown blocks that changed (markdown-view.ts), so deltas appear as they arrive without
// rebuilding the list. Sticks to the bottom unless the user scrolled up.
import type { TranscriptEntry } from '../../protocol';
import { el } from './dom';
import { EntryView, type EntryHandlers } from './entry-view';

export class MessageList {
  readonly element = el('div', { class: 'messages', 'data-testid': 'messages', role: 'log', 'aria-live': 'polite' });
  private readonly empty = el('div', { class: 'empty', 'data-testid': 'empty' },
    'Ask about your code. Select code and run "Churnistic: Explain Selection", type /explain, or @ to attach context.');
  private readonly nodes = new Map<string, EntryView>();
  private readonly handlers: EntryHandlers;
  private locked = false;
  private stick = true;

  constructor(handlers: Omit<EntryHandlers, 'rendered'>) {
    this.handlers = { ...handlers, rendered: () => this.scrollIfStuck() };
    this.element.append(this.empty);
    this.element.addEventListener('scroll', () => { this.stick = this.nearBottom(); });
  }

  reset(entries: readonly TranscriptEntry[]): void {
    for (const view of this.nodes.values()) view.root.remove();
    this.nodes.clear();
    for (const entry of entries) this.upsert(entry);
    this.empty.hidden = entries.length > 0;
  }

  upsert(entry: TranscriptEntry): void {
    let view = this.nodes.get(entry.id);
    if (!view) {
      view = new EntryView(entry, this.handlers);
      view.setLocked(this.locked);
      this.nodes.set(entry.id, view);
      this.element.append(view.root);
    }
    view.update(entry);
    this.empty.hidden = true;
    this.scrollIfStuck();
  }

  setLocked(locked: boolean): void {
    if (locked === this.locked) return;
    this.locked = locked;
    for (const view of this.nodes.values()) view.setLocked(locked);
  }

  private scrollIfStuck(): void {
    if (this.stick) this.element.scrollTop = this.element.scrollHeight;
  }

  private nearBottom(): boolean {
    const e = this.element;
    return e.scrollHeight - e.scrollTop - e.clientHeight < 40;
  }
}
