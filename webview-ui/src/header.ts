// The toolbar: the conversation's title, the model picker, New chat and the History toggle.
import type { ChatModel } from '../../protocol';
import { el } from './dom';
import type { View } from './state';

export interface HeaderHandlers {
  selectModel(model: string | null): void;
  newChat(): void;
  toggleHistory(): void;
}

/** The picker's value for "the server's default" (a select cannot hold null). */
const DEFAULT = '';

export class Header {
  private readonly title = el('span', { class: 'title', 'data-testid': 'conversation-title' }, 'New chat');
  private readonly picker = el('select', { class: 'model-picker', 'data-testid': 'model-picker', 'aria-label': 'Model' });
  private readonly newChat = el('button', { type: 'button', class: 'secondary', 'data-testid': 'new-chat', 'aria-label': 'New chat', title: 'New chat' }, '+ New');
  private readonly history = el('button', {
    type: 'button', class: 'secondary', 'data-testid': 'history-tab', 'aria-label': 'History', title: 'Conversation history', 'aria-pressed': 'false',
  }, 'History');
  readonly element = el('div', { class: 'header', role: 'toolbar', 'aria-label': 'Chat' },
    this.title, el('span', { class: 'spacer' }), this.picker, this.newChat, this.history);

  constructor(handlers: HeaderHandlers) {
    this.picker.addEventListener('change', () => handlers.selectModel(this.picker.value === DEFAULT ? null : this.picker.value));
    this.newChat.addEventListener('click', () => handlers.newChat());
    this.history.addEventListener('click', () => handlers.toggleHistory());
    this.picker.hidden = true;
  }

  renderTitle(title: string | undefined): void {
    this.title.textContent = title || 'New chat';
    this.title.title = this.title.textContent;
  }

  renderModels(models: readonly ChatModel[], selected: string | null): void {
    this.picker.hidden = models.length === 0;
    const fallback = models.find((m) => m.isDefault)?.id;
    const options = [el('option', { value: DEFAULT }, fallback ? `Default (${fallback})` : 'Default')];
    for (const m of models) {
      options.push(el('option', { value: m.id, title: `${m.provider} · ${m.contextWindow.toLocaleString('en-US')}-token window` }, m.id));
    }
    // a selection the list no longer has is still shown, so the picker never lies about it
    if (selected !== null && !models.some((m) => m.id === selected)) options.push(el('option', { value: selected }, `${selected} (unavailable)`));
    this.picker.replaceChildren(...options);
    this.picker.value = selected ?? DEFAULT;
  }

  renderView(view: View): void {
    this.history.setAttribute('aria-pressed', String(view === 'history'));
    this.history.textContent = view === 'history' ? 'Back to chat' : 'History';
  }
}
