// Shared by the onboarding pages' scripts (browser). The session is the same bearer token the API
// takes, kept in sessionStorage: it never rides along automatically (no cookies, so no CSRF), and it
// is gone when the tab closes.
import type { SessionResponse } from '../../../../protocol';

const KEY = 'churnistic.session';

export type Session = SessionResponse;

export const session = {
  get(): Session | null {
    try {
      const raw = sessionStorage.getItem(KEY);
      const s = raw ? (JSON.parse(raw) as Session) : null;
      return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
    } catch {
      return null;
    }
  },
  set(s: Session): void { sessionStorage.setItem(KEY, JSON.stringify(s)); },
  clear(): void { sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** A JSON call to /api/v1; the session token goes along unless `anonymous`. Errors carry the server's message. */
export async function api<T>(path: string, init: { method?: string; json?: unknown; anonymous?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const s = init.anonymous ? null : session.get();
  if (s) headers.authorization = `Bearer ${s.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
    headers, body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? `request failed (${res.status})`);
  }
  return body as T;
}

export function $<T extends HTMLElement = HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`missing element ${selector}`);
  return found;
}

/** An element with text children only: user data never goes through innerHTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function status(message: string, kind: 'info' | 'error' = 'info'): void {
  const box = $('#status');
  box.textContent = message;
  box.className = kind === 'error' ? 'error' : '';
}

export function fields(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
}

/** Runs a form's submit handler with the button disabled and failures shown in the status line. */
export function onSubmit(form: HTMLFormElement, handler: (values: Record<string, string>) => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]') as HTMLButtonElement | null;
    if (button) button.disabled = true;
    status('');
    handler(fields(form))
      .catch((e: unknown) => status(e instanceof Error ? e.message : String(e), 'error'))
      .finally(() => { if (button) button.disabled = false; });
  });
}

export function pageData<T>(): T {
  return JSON.parse(document.body.dataset.pageData ?? '{}') as T;
}

export const shortDate = (iso: string | null): string => (iso ? new Date(iso).toISOString().slice(0, 10) : 'never');
