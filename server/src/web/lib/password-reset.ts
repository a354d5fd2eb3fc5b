// The password-reset half of /signin (markup: SIGNIN_BODY in server/src/http/pages/views.ts): asking
// for a link ("Forgot password?") and, opened from the mailed link (/signin?reset=<token>), choosing a
// new password. Kept out of signin.ts so that file stays about signing in; it lives under lib/ because
// every top-level file in server/src/web becomes its own bundle.
import { $, ApiError, api, session, status } from './api';

/**
 * Shown after every reset request, whatever the server answers (it always says 202, and even a
 * refusal such as a rate limit must not read differently): the page never tells which addresses
 * have accounts.
 */
export const NEUTRAL_SENT = 'If an account exists for that address, a reset link is on its way.';
export const CHANGED = 'Password changed — sign in with the new one.';
const MIN_LENGTH = 10; // protocol/auth.ts NewPassword
const MAX_LENGTH = 256;

export interface Forgot {
  /** Opens the request form, prefilled with `email` when it is still empty, and moves focus into it. */
  open(email?: string): void;
}

/** The token of a reset link, or null when the page was not opened from one. */
export function resetTokenFromUrl(): string | null {
  return new URLSearchParams(location.search).get('reset') || null;
}

/** The first thing wrong with a new password and its repetition, for the field to point at; null when fine. */
export function checkNewPassword(password: string, confirm: string): { field: 'password' | 'confirm'; message: string } | null {
  if (password.length < MIN_LENGTH) {
    return { field: 'password', message: `The new password needs at least ${MIN_LENGTH} characters (this one has ${password.length}).` };
  }
  if (password.length > MAX_LENGTH) return { field: 'password', message: `The new password can have at most ${MAX_LENGTH} characters.` };
  if (password !== confirm) return { field: 'confirm', message: 'The two passwords do not match: type the same new password in both fields.' };
  return null;
}

function showSection(which: 'reset' | 'signin'): void {
  $('#reset-section').hidden = which !== 'reset';
  $('#signin-section').hidden = which !== 'signin';
}

/**
 * Takes ?reset= out of the address bar, keeping an editor's callback/state: once the link is used up
 * (or refused) a reload should show the sign-in form, and the token should not sit in the history.
 */
function forgetTokenInUrl(): void {
  const url = new URL(location.href);
  url.searchParams.delete('reset');
  history.replaceState(history.state, '', url);
}

export function setUpForgot(): Forgot {
  const toggle = $<HTMLButtonElement>('#forgot-toggle');
  const section = $('#forgot-section');
  const form = $<HTMLFormElement>('#forgot-form');
  const email = form.elements.namedItem('email') as HTMLInputElement;
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;

  const show = (open: boolean): void => {
    section.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) email.focus();
  };
  const open = (prefill?: string): void => {
    if (prefill && !email.value) email.value = prefill;
    show(true);
  };
  // someone who typed their address into the sign-in form before giving up need not type it again
  toggle.addEventListener('click', () => (section.hidden ? open($<HTMLInputElement>('#signin-form input[name=email]').value) : show(false)));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    status('');
    api<unknown>('/auth/password-reset/request', { anonymous: true, json: { email: email.value.trim() } })
      .then(() => status(NEUTRAL_SENT), (e: unknown) => {
        // any answer from the server gets the neutral words; only "no answer at all" is worth saying
        if (e instanceof ApiError) status(NEUTRAL_SENT);
        else status('The server could not be reached; check the connection and try again.', 'error');
      })
      .finally(() => { button.disabled = false; });
  });
  return { open };
}

/** Shows "Choose a new password" for the link's token instead of the sign-in form. */
export function setUpReset(token: string, forgot: Forgot): void {
  const form = $<HTMLFormElement>('#reset-form');
  const password = form.elements.namedItem('password') as HTMLInputElement;
  const confirm = form.elements.namedItem('confirm') as HTMLInputElement;
  const button = form.querySelector('button[type="submit"]') as HTMLButtonElement;
  const again = $('#reset-again');
  showSection('reset');
  password.focus();

  $('#reset-again-button').addEventListener('click', () => {
    forgetTokenInUrl();
    status('');
    showSection('signin');
    forgot.open();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = checkNewPassword(password.value, confirm.value);
    password.setAttribute('aria-invalid', String(problem?.field === 'password'));
    confirm.setAttribute('aria-invalid', String(problem?.field === 'confirm'));
    if (problem) {
      status(problem.message, 'error');
      (problem.field === 'password' ? password : confirm).focus();
      return;
    }
    button.disabled = true;
    status('');
    api<unknown>('/auth/password-reset/confirm', { anonymous: true, json: { token, password: password.value } })
      .then(() => {
        // the server has ended every session of the account; a stale one here would only fail later
        session.clear();
        forgetTokenInUrl();
        form.reset();
        showSection('signin');
        status(CHANGED);
        $<HTMLInputElement>('#signin-form input[name=email]').focus();
      }, (e: unknown) => {
        status(e instanceof Error ? e.message : String(e), 'error');
        // 400: the link is used, expired or unknown (the password was checked above): only a new link helps
        if (e instanceof ApiError && e.status === 400) {
          again.hidden = false;
          $('#reset-again-button').focus();
        }
      })
      .finally(() => { button.disabled = false; });
  });
}
