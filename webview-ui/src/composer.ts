// The question box: Enter sends, Shift+Enter inserts a newline; Send turns into Stop while an
// answer streams.
import { el } from './dom';

export interface ComposerHandlers {
  send(text: string): void;
  stop(): void;
  draftChanged(text: string): void;
}

export class Composer {
  readonly element: HTMLElement;
  private readonly input = el('textarea', {
    class: 'input', 'data-testid': 'chat-input', rows: '3', 'aria-label': 'Ask Churnistic',
    placeholder: 'Ask about your code (Enter to send, Shift+Enter for a new line, /explain for the selection)',
  });
  private readonly sendButton = el('button', { class: 'send', type: 'button', 'data-testid': 'send' }, 'Send');
  private readonly stopButton = el('button', { class: 'stop secondary', type: 'button', 'data-testid': 'stop' }, 'Stop');
  private streaming = false;

  constructor(private readonly handlers: ComposerHandlers) {
    this.element = el('div', { class: 'composer' }, this.input, el('div', { class: 'actions' }, this.stopButton, this.sendButton));
    this.stopButton.hidden = true;
    this.input.addEventListener('keydown', (e) => {
      // isComposing: Enter that confirms an IME composition must not send
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.updateButtons();
      handlers.draftChanged(this.input.value);
    });
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => handlers.stop());
    this.updateButtons();
  }

  set draft(text: string) {
    this.input.value = text;
    this.updateButtons();
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.updateButtons();
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.streaming) return;
    this.handlers.send(text);
    this.input.value = '';
    this.handlers.draftChanged('');
    this.updateButtons();
  }

  private updateButtons(): void {
    this.stopButton.hidden = !this.streaming;
    this.sendButton.hidden = this.streaming;
    this.sendButton.disabled = !this.input.value.trim();
  }
}
