// The connection banner (with Sign In when signed out) and the chips of code attached to the
// next question, each with its badges (secrets redacted, lines clipped) and a remove button.
import type { CodeContext } from '../../protocol';
import { chipGroups } from './context-label';
import { el } from './dom';
import type { ViewState } from './state';

export class ConnectionBanner {
  private readonly text = el('span', { class: 'banner-text' });
  private readonly signIn = el('button', { type: 'button', 'data-testid': 'sign-in', 'aria-label': 'Sign in to Churnistic' }, 'Sign In');
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

const KIND_ICON: Record<string, string> = { selection: '⌶', file: '▤', problems: '⚠', diff: '±', workspace: '⌕' };

export class ContextChips {
  readonly element = el('div', { class: 'context', 'data-testid': 'context', 'aria-label': 'Context for the next question' });

  constructor(private readonly onRemove: (index: number) => void) {}

  render(items: readonly CodeContext[]): void {
    this.element.hidden = items.length === 0;
    this.element.replaceChildren(...chipGroups(items).map(({ indexes, text, kind }) => {
      const remove = el('button', { class: 'chip-remove', type: 'button', title: 'Remove', 'aria-label': `Remove ${text.label}`, 'data-testid': 'chip-remove' }, '×');
      // highest index first, so the lower ones still point at the same attachments
      remove.addEventListener('click', () => { for (const index of [...indexes].reverse()) this.onRemove(index); });
      const badges = text.badges.map((b) => el('span', { class: 'chip-badge', 'data-testid': 'chip-badge' }, b));
      return el('span', { class: 'chip', 'data-testid': 'context-chip', 'data-kind': kind, title: text.title },
        el('span', { class: 'chip-icon', 'aria-hidden': 'true' }, KIND_ICON[kind ?? ''] ?? '{}'),
        el('span', { class: 'chip-label' }, text.label), ...badges, remove);
    }));
  }
}
