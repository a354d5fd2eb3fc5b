// A small listbox for the composer's `@` and `/` menus. The textarea keeps the focus (so typing
// continues to filter); it forwards ArrowUp/ArrowDown/Enter/Tab/Escape here and points
// aria-activedescendant at the active item.
import type { MenuItem } from './completions';
import { el } from './dom';

let nextId = 0;

export class PopupMenu {
  readonly element: HTMLElement;
  private items: MenuItem[] = [];
  private active = 0;
  private readonly prefix = `menu-${nextId++}`;

  constructor(
    private readonly testid: string,
    private readonly itemTestid: string,
    label: string,
    private readonly onPick: (item: MenuItem) => void,
    private readonly owner: HTMLElement,
  ) {
    this.element = el('div', { class: 'popup-menu', role: 'listbox', 'data-testid': testid, 'aria-label': label, id: this.prefix });
    this.element.hidden = true;
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  show(items: MenuItem[]): void {
    const activeId = this.items[this.active]?.id;
    this.items = items;
    const keep = items.findIndex((i) => i.id === activeId);
    this.active = keep >= 0 ? keep : 0;
    this.element.replaceChildren(...items.map((item, index) => {
      const option = el('div', {
        class: 'menu-item', role: 'option', id: `${this.prefix}-${index}`, 'data-testid': this.itemTestid, 'data-kind': item.id,
      }, el('span', { class: 'menu-label' }, item.label), el('span', { class: 'menu-description' }, item.description));
      // mousedown would move the focus out of the textarea before the click lands
      option.addEventListener('mousedown', (e) => e.preventDefault());
      option.addEventListener('click', () => this.onPick(item));
      return option;
    }));
    if (!items.length) this.element.append(el('div', { class: 'menu-empty' }, 'No matches'));
    this.element.hidden = false;
    this.owner.setAttribute('aria-expanded', 'true');
    this.owner.setAttribute('aria-controls', this.prefix);
    this.highlight();
  }

  hide(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.items = [];
    this.owner.setAttribute('aria-expanded', 'false');
    this.owner.removeAttribute('aria-activedescendant');
  }

  /** Handles a key from the textarea; true when the menu used it. */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (e.key) {
      case 'ArrowDown': this.move(1); return true;
      case 'ArrowUp': this.move(-1); return true;
      case 'Enter':
      case 'Tab': {
        if (e.shiftKey || e.isComposing) return false;
        const item = this.items[this.active];
        if (!item) return false;
        this.onPick(item);
        return true;
      }
      case 'Escape': this.hide(); return true;
      default: return false;
    }
  }

  private move(delta: number): void {
    if (!this.items.length) return;
    this.active = (this.active + delta + this.items.length) % this.items.length;
    this.highlight();
  }

  private highlight(): void {
    const options = Array.from(this.element.querySelectorAll<HTMLElement>('[role="option"]'));
    options.forEach((o, i) => o.setAttribute('aria-selected', String(i === this.active)));
    const current = options[this.active];
    if (current) {
      this.owner.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else {
      this.owner.removeAttribute('aria-activedescendant');
    }
  }
}
