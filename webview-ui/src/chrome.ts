// The connection banner (with Sign In when signed out) and the chips of code attached to the
// next question.
import type { CodeContext } from '../../protocol';
import { el } from './dom';
import { chipLabel } from './message-list';
import type { ViewState } from './state';

export class ConnectionBanner {
  private readonly text = el('span', { class: 'banner-text' });
  private readonly signIn = el('button', { type: 'button', 'data-testid': 'sign-in' }, 'Sign In');
  readonly element = el('div', { class: 'banner', 'data-testid': 'connection-banner', role: 'status' }, this.text, this.signIn);

  constructor(onSignIn: () => void) {
    this.signIn.addEventListener('click', onSignIn);
    this.element.hidden = true;
  }

  render({ state, serverUrl }: ViewState['connection']): void {
    this.element.dataset.state = state;
    this.signIn.hidden = state !== 'signedOut';
    this.element.hidden = state === 'connected' || state === 'checking';
    if (state === 'signedOut') this.text.textContent = `Sign in to use Churnistic (${serverUrl}).`;
    else if (state === 'unreachable') this.text.textContent = `Cannot reach the Churnistic server at ${serverUrl}. Check the churnistic.serverUrl setting.`;
    else this.text.textContent = '';
  }
}

export class ContextChips {
  readonly element = el('div', { class: 'context', 'data-testid': 'context' });

  constructor(private readonly onRemove: (index: number) => void) {}

  render(items: readonly CodeContext[]): void {
    this.element.hidden = items.length === 0;
    this.element.replaceChildren(...items.map((item, index) => {
      const remove = el('button', { class: 'chip-remove', type: 'button', title: 'Remove', 'aria-label': `Remove ${item.fileName}` }, '×');
      remove.addEventListener('click', () => this.onRemove(index));
      return el('span', { class: 'chip', 'data-testid': 'context-chip', title: item.fileName }, chipLabel(item), remove);
    }));
  }
}
