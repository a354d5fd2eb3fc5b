// One turn of the conversation. A question shows its text (plain, never Markdown) with Edit; an
// answer shows rendered Markdown and, once it ended, Retry and thumbs up/down.
import type { CodeContext, TranscriptEntry } from '../../protocol';
import type { CodeActions } from './code-block';
import { chipGroups } from './context-label';
import { contextNote } from './context-note';
import { el } from './dom';
import { MarkdownView } from './markdown-view';
import { UserEdit } from './user-edit';

export interface EntryHandlers extends CodeActions {
  retry(id: string): void;
  /** null takes the rating back. */
  feedback(id: string, rating: 'up' | 'down' | null): void;
  editResend(id: string, text: string): void;
  /** Rendered content changed size (keep the list scrolled to the end). */
  rendered(): void;
}

export class EntryView {
  readonly root: HTMLElement;
  private readonly meta = el('div', { class: 'meta' });
  private readonly chips = el('div', { class: 'message-context' });
  private readonly body = el('div', { class: 'body' });
  private readonly error = el('div', { class: 'error', 'data-testid': 'error', role: 'alert' });
  /** What the server cut to fit the model's window (context-note.ts). */
  private readonly note = el('div', { class: 'context-note', 'data-testid': 'context-note' });
  private readonly actions = el('div', { class: 'message-actions' });
  private readonly markdown: MarkdownView | undefined;
  private readonly retryButton = button('retry', '↻ Retry', 'Retry: ask this question again');
  private readonly up = button('feedback-up', '▲', 'Good answer');
  private readonly down = button('feedback-down', '▼', 'Bad answer');
  private readonly editButton = button('edit', '✎ Edit', 'Edit this question and ask again');
  private readonly editor: UserEdit | undefined;
  private entry: TranscriptEntry;
  private renderedText: string | undefined;
  private renderedContext: readonly CodeContext[] | undefined;

  constructor(entry: TranscriptEntry, private readonly handlers: EntryHandlers) {
    this.entry = entry;
    const role = entry.role;
    this.root = el('div', { class: `message ${role}`, 'data-testid': role === 'user' ? 'user-message' : 'assistant-message' },
      this.meta, this.chips, this.body, this.note, this.error, this.actions);
    this.error.hidden = true;
    this.note.hidden = true;
    if (role === 'assistant') {
      this.markdown = new MarkdownView(handlers, () => handlers.rendered());
      this.body.append(this.markdown.element);
      this.actions.append(this.retryButton, this.up, this.down);
      this.retryButton.addEventListener('click', () => handlers.retry(this.entry.id));
      this.up.addEventListener('click', () => this.rate('up'));
      this.down.addEventListener('click', () => this.rate('down'));
    } else {
      this.editor = new UserEdit((text) => handlers.editResend(this.entry.id, text), () => this.closeEditor());
      this.editor.element.hidden = true;
      this.root.insertBefore(this.editor.element, this.note);
      this.actions.append(this.editButton);
      this.editButton.addEventListener('click', () => this.openEditor());
    }
  }

  update(entry: TranscriptEntry): void {
    this.entry = entry;
    const status = entry.status ?? 'done';
    this.root.dataset.status = status;
    const who = entry.role === 'user' ? 'You' : `Churnistic${entry.model ? ` · ${entry.model}` : ''}`;
    const suffix = status === 'streaming' && !entry.text ? ' · thinking…' : status === 'stopped' ? ' · stopped' : '';
    this.meta.textContent = who + suffix;
    if (entry.context !== this.renderedContext) this.renderContext(entry.context ?? []);
    if (entry.text !== this.renderedText) {
      this.renderedText = entry.text;
      if (this.markdown) this.markdown.update(entry.text, status === 'streaming');
      else this.body.textContent = entry.text;
    } else if (this.markdown && status !== 'streaming') {
      this.markdown.update(entry.text, false); // the last frame of a stream, now rather than later
    }
    const note = contextNote(entry.contextReport).join('\n');
    if (note !== this.note.textContent) this.note.textContent = note;
    this.note.hidden = !note;
    this.error.hidden = !entry.error;
    this.error.textContent = entry.error ?? '';
    if (entry.role === 'assistant') {
      const ended = status !== 'streaming';
      this.retryButton.hidden = !ended;
      this.up.hidden = this.down.hidden = !(status === 'done' || status === 'stopped');
      this.up.setAttribute('aria-pressed', String(entry.feedback === 'up'));
      this.down.setAttribute('aria-pressed', String(entry.feedback === 'down'));
      this.actions.hidden = !ended;
    }
  }

  /** While an answer streams, retry and edit would rewrite the conversation under it. */
  setLocked(locked: boolean): void {
    this.retryButton.disabled = locked;
    this.editButton.disabled = locked;
    this.editor?.setLocked(locked);
  }

  private rate(rating: 'up' | 'down'): void {
    // clicking the active rating again takes it back; the extension confirms with `feedback`
    this.handlers.feedback(this.entry.id, this.entry.feedback === rating ? null : rating);
  }

  private openEditor(): void {
    if (!this.editor) return;
    this.body.hidden = true;
    this.actions.hidden = true;
    this.editor.element.hidden = false;
    this.editor.open(this.entry.text);
  }

  private closeEditor(): void {
    if (!this.editor) return;
    this.editor.element.hidden = true;
    this.body.hidden = false;
    this.actions.hidden = false;
    this.editButton.focus();
  }

  private renderContext(items: readonly CodeContext[]): void {
    this.renderedContext = items;
    this.chips.replaceChildren(...chipGroups(items).map(({ text }) => el('span', { class: 'chip', title: text.title }, text.label)));
  }
}

function button(testid: string, label: string, aria: string): HTMLButtonElement {
  return el('button', { type: 'button', class: 'message-action', 'data-testid': testid, 'aria-label': aria, title: aria }, label);
}
