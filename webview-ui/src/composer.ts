// The question box: Enter sends, Shift+Enter inserts a newline, Escape stops a streaming answer;
// Send turns into Stop while an answer streams. `@` (typed or the button) opens the mention menu,
// `/` at the start opens the slash-command menu. Text that still contains `@selection` is sent as
// it is: the extension parses mentions in the text too.
import type { ContextKind, SlashCommandInfo } from '../../protocol';
import { applySlash, filterItems, findTrigger, MENTIONS, removeTrigger, slashItems, type MenuItem, type Trigger } from './completions';
import { el } from './dom';
import { PopupMenu } from './popup-menu';

export interface ComposerHandlers {
  send(text: string): void;
  stop(): void;
  draftChanged(text: string): void;
  addContext(kind: ContextKind): void;
}

export class Composer {
  readonly element: HTMLElement;
  private readonly input = el('textarea', {
    class: 'input', 'data-testid': 'chat-input', rows: '3', 'aria-label': 'Ask Churnistic', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', placeholder: 'Ask about your code (Enter to send, Shift+Enter for a new line, / for commands, @ for context)',
  });
  private readonly sendButton = el('button', { class: 'send', type: 'button', 'data-testid': 'send', 'aria-label': 'Send' }, 'Send');
  private readonly stopButton = el('button', { class: 'stop secondary', type: 'button', 'data-testid': 'stop', 'aria-label': 'Stop the answer' }, 'Stop');
  private readonly mentionButton = el('button', {
    class: 'secondary add-context', type: 'button', 'data-testid': 'add-context', 'aria-label': 'Add context', title: 'Add context (@)',
  }, '@');
  private readonly mentionMenu: PopupMenu;
  private readonly slashMenu: PopupMenu;
  private slashCommands: MenuItem[] = [];
  /** The typed `@word`/`/word` the open menu filters by; undefined when opened by the button. */
  private trigger: Trigger | undefined;
  private streaming = false;

  constructor(private readonly handlers: ComposerHandlers) {
    this.mentionMenu = new PopupMenu('mention-menu', 'mention-item', 'Add context', (item) => this.pickMention(item), this.input);
    this.slashMenu = new PopupMenu('slash-menu', 'slash-item', 'Commands', (item) => this.pickSlash(item), this.input);
    this.element = el('div', { class: 'composer' }, this.mentionMenu.element, this.slashMenu.element, this.input,
      el('div', { class: 'actions' }, this.mentionButton, el('span', { class: 'spacer' }), this.stopButton, this.sendButton));
    this.stopButton.hidden = true;
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => {
      this.updateButtons();
      this.updateMenus();
      handlers.draftChanged(this.input.value);
    });
    this.input.addEventListener('blur', () => this.closeMenus());
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => handlers.stop());
    this.mentionButton.addEventListener('mousedown', (e) => e.preventDefault()); // keep the caret where it is
    this.mentionButton.addEventListener('click', () => {
      if (this.mentionMenu.isOpen) return this.closeMenus();
      this.trigger = undefined;
      this.slashMenu.hide();
      this.input.focus();
      this.mentionMenu.show([...MENTIONS]);
    });
    this.updateButtons();
  }

  get draft(): string {
    return this.input.value;
  }

  set draft(text: string) {
    this.input.value = text;
    this.closeMenus();
    this.updateButtons();
  }

  setSlashCommands(commands: readonly SlashCommandInfo[]): void {
    this.slashCommands = slashItems(commands);
    if (this.slashMenu.isOpen) this.updateMenus();
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.updateButtons();
  }

  focus(): void {
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  private onKey(e: KeyboardEvent): void {
    const menu = this.mentionMenu.isOpen ? this.mentionMenu : this.slashMenu;
    if (menu.handleKey(e)) {
      e.preventDefault();
      return;
    }
    // isComposing: Enter that confirms an IME composition must not send
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape' && this.streaming) {
      e.preventDefault();
      this.handlers.stop();
    }
  }

  private updateMenus(): void {
    const trigger = findTrigger(this.input.value, this.input.selectionStart ?? this.input.value.length);
    this.trigger = trigger;
    if (trigger?.kind === 'mention') {
      this.slashMenu.hide();
      this.mentionMenu.show(filterItems(MENTIONS, trigger.query));
    } else if (trigger?.kind === 'slash' && this.slashCommands.length) {
      this.mentionMenu.hide();
      this.slashMenu.show(filterItems(this.slashCommands, trigger.query));
    } else {
      this.closeMenus();
    }
  }

  private closeMenus(): void {
    this.mentionMenu.hide();
    this.slashMenu.hide();
    this.trigger = undefined;
  }

  private pickMention(item: MenuItem): void {
    if (this.trigger) this.setDraft(removeTrigger(this.input.value, this.trigger, this.input.selectionStart ?? this.input.value.length));
    this.closeMenus();
    this.handlers.addContext(item.id as ContextKind);
  }

  private pickSlash(item: MenuItem): void {
    this.setDraft(applySlash(this.input.value, item.id, this.input.selectionStart ?? this.input.value.length));
    this.closeMenus();
  }

  private setDraft({ draft, caret }: { draft: string; caret: number }): void {
    this.input.value = draft;
    this.input.setSelectionRange(caret, caret);
    this.updateButtons();
    this.handlers.draftChanged(draft);
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.streaming) return;
    this.handlers.send(text);
    this.input.value = '';
    this.closeMenus();
    this.handlers.draftChanged('');
    this.updateButtons();
  }

  private updateButtons(): void {
    this.stopButton.hidden = !this.streaming;
    this.sendButton.hidden = this.streaming;
    this.sendButton.disabled = !this.input.value.trim();
  }
}
