// Inline editing of one of the user's questions: a textarea in place of the text, Enter (or
// Send) resends from there, Escape (or Cancel) puts the text back.
import { el } from './dom';

export class UserEdit {
  readonly element: HTMLElement;
  private readonly input = el('textarea', { class: 'input edit-input', 'data-testid': 'edit-input', rows: '3', 'aria-label': 'Edit your question' });
  private readonly send = el('button', { type: 'button', 'data-testid': 'edit-send', 'aria-label': 'Send the edited question' }, 'Send');
  private readonly cancel = el('button', { type: 'button', class: 'secondary', 'data-testid': 'edit-cancel', 'aria-label': 'Cancel editing' }, 'Cancel');
  private locked = false;

  constructor(private readonly onSend: (text: string) => void, private readonly onClose: () => void) {
    this.element = el('div', { class: 'edit' }, this.input, el('div', { class: 'actions' }, this.cancel, this.send));
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.onClose();
      }
    });
    this.input.addEventListener('input', () => this.update());
    this.send.addEventListener('click', () => this.submit());
    this.cancel.addEventListener('click', () => this.onClose());
  }

  open(text: string): void {
    this.input.value = text;
    this.update();
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
  }

  /** While an answer streams the conversation cannot be rewritten. */
  setLocked(locked: boolean): void {
    this.locked = locked;
    this.update();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.locked) return;
    this.onSend(text);
    this.onClose();
  }

  private update(): void {
    this.send.disabled = this.locked || !this.input.value.trim();
  }
}
