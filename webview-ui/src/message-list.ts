// The conversation. Each entry is one node keyed by id; a streaming answer re-renders only its
// body, and inside the body only the segments whose text changed (the last one, normally), so
// deltas appear as they arrive without rebuilding the list.
import type { CodeContext, TranscriptEntry } from '../../protocol';
import { contextNote } from './context-note';
import { el } from './dom';
import { splitFences, splitInlineCode, type Segment } from './markdown';

export class MessageList {
  readonly element = el('div', { class: 'messages', 'data-testid': 'messages', role: 'log', 'aria-live': 'polite' });
  private readonly empty = el('div', { class: 'empty', 'data-testid': 'empty' },
    'Ask about your code. Select code and run "Churnistic: Explain Selection", or type /explain here.');
  private readonly nodes = new Map<string, EntryView>();

  constructor() {
    this.element.append(this.empty);
  }

  reset(entries: readonly TranscriptEntry[]): void {
    for (const view of this.nodes.values()) view.root.remove();
    this.nodes.clear();
    for (const entry of entries) this.upsert(entry);
    this.empty.hidden = entries.length > 0;
  }

  upsert(entry: TranscriptEntry): void {
    const stick = this.nearBottom();
    let view = this.nodes.get(entry.id);
    if (!view) {
      view = new EntryView(entry.role);
      this.nodes.set(entry.id, view);
      this.element.append(view.root);
    }
    view.update(entry);
    this.empty.hidden = true;
    if (stick) this.element.scrollTop = this.element.scrollHeight;
  }

  private nearBottom(): boolean {
    const e = this.element;
    return e.scrollHeight - e.scrollTop - e.clientHeight < 40;
  }
}

class EntryView {
  readonly root: HTMLElement;
  private readonly meta = el('div', { class: 'meta' });
  private readonly chips = el('div', { class: 'message-context' });
  private readonly body = el('div', { class: 'body' });
  private readonly error = el('div', { class: 'error', 'data-testid': 'error', role: 'alert' });
  /** What the server cut to fit the model's window (context-note.ts). */
  private readonly note = el('div', { class: 'context-note', 'data-testid': 'context-note' });
  private segments: { segment: Segment; node: HTMLElement }[] = [];
  private renderedText: string | undefined;

  constructor(private readonly role: TranscriptEntry['role']) {
    this.root = el('div', { class: `message ${role}`, 'data-testid': role === 'user' ? 'user-message' : 'assistant-message' },
      this.meta, this.chips, this.body, this.note, this.error);
    this.error.hidden = true;
    this.note.hidden = true;
  }

  update(entry: TranscriptEntry): void {
    this.root.dataset.status = entry.status ?? 'done';
    const who = this.role === 'user' ? 'You' : `Churnistic${entry.model ? ` · ${entry.model}` : ''}`;
    const suffix = entry.status === 'streaming' && !entry.text ? ' · thinking…' : entry.status === 'stopped' ? ' · stopped' : '';
    this.meta.textContent = who + suffix;
    this.renderContext(entry.context ?? []);
    if (entry.text !== this.renderedText) this.renderBody(entry.text);
    const note = contextNote(entry.contextReport);
    if (note.join('\n') !== this.note.textContent) this.note.textContent = note.join('\n');
    this.note.hidden = !note.length;
    this.error.hidden = !entry.error;
    this.error.textContent = entry.error ?? '';
  }

  private renderContext(items: readonly CodeContext[]): void {
    if (this.chips.childElementCount === items.length) return; // context never changes after sending
    this.chips.replaceChildren(...items.map((c) => el('span', { class: 'chip', title: c.fileName }, chipLabel(c))));
  }

  private renderBody(text: string): void {
    this.renderedText = text;
    if (this.role === 'user') {
      this.body.textContent = text;
      return;
    }
    const next = splitFences(text);
    next.forEach((segment, i) => {
      const old = this.segments[i];
      if (old && sameSegment(old.segment, segment)) return;
      const node = renderSegment(segment);
      if (old) old.node.replaceWith(node);
      else this.body.append(node);
      this.segments[i] = { segment, node };
    });
    for (const stale of this.segments.splice(next.length)) stale.node.remove();
  }
}

export function chipLabel(c: CodeContext): string {
  const lines = c.code.split('\n').length;
  const start = c.startLine ?? 1;
  const name = c.fileName.split('/').pop() || c.fileName;
  return lines > 1 ? `${name}:${start}-${start + lines - 1}` : `${name}:${start}`;
}

function sameSegment(a: Segment, b: Segment): boolean {
  if (a.kind === 'text' && b.kind === 'text') return a.text === b.text;
  if (a.kind === 'code' && b.kind === 'code') return a.code === b.code && a.lang === b.lang && a.closed === b.closed;
  return false;
}

function renderSegment(segment: Segment): HTMLElement {
  if (segment.kind === 'text') {
    const node = el('div', { class: 'text' });
    for (const part of splitInlineCode(segment.text)) node.append(part.kind === 'code' ? el('code', {}, part.text) : part.text);
    return node;
  }
  const code = el('code', { class: segment.lang ? `language-${segment.lang}` : undefined }, segment.code);
  const copy = el('button', { class: 'copy', type: 'button', title: 'Copy code', 'data-testid': 'copy-code' }, 'Copy');
  copy.addEventListener('click', () => {
    void navigator.clipboard.writeText(segment.code).then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Copy failed'; });
  });
  const head = el('div', { class: 'code-head' }, el('span', { class: 'lang' }, segment.lang || 'code'), copy);
  return el('div', { class: 'code-block' }, head, el('pre', {}, code));
}
