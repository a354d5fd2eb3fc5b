// A one-line notice from the extension (info/warning/error), dismissible. Errors are announced
// at once (role alert), the rest politely (role status).
import { el } from './dom';
import type { Notice } from './state';

export class NoticeBar {
  private readonly text = el('span', { class: 'notice-text' });
  private readonly dismiss = el('button', { type: 'button', class: 'notice-dismiss', 'aria-label': 'Dismiss', title: 'Dismiss', 'data-testid': 'notice-dismiss' }, '×');
  readonly element = el('div', { class: 'notice', 'data-testid': 'notice' }, this.text, this.dismiss);

  constructor(onDismiss: () => void) {
    this.dismiss.addEventListener('click', onDismiss);
    this.element.hidden = true;
  }

  render(notice: Notice | null): void {
    this.element.hidden = !notice;
    if (!notice) return;
    this.element.dataset.level = notice.level;
    this.element.setAttribute('role', notice.level === 'error' ? 'alert' : 'status');
    this.text.textContent = notice.message;
  }
}
