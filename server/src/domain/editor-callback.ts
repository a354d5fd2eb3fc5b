/**
 * Where the sign-in page may send an editor its token. Only two kinds of target are safe to hand a
 * bearer token to, because only the user's own machine receives them:
 *  - a loopback HTTP listener (the extension's one-shot server: http://127.0.0.1:<port>/… or
 *    http://localhost:<port>/…), with an explicit port;
 *  - an editor's own URI scheme (the OS passes it to the installed editor).
 * Anything else (https://anything, http://evil.example, javascript:, data:, userinfo tricks) is
 * refused: the page must never be an open redirect that leaks a session to a third party.
 */
export const EDITOR_SCHEMES = ['vscode:', 'vscode-insiders:', 'cursor:', 'code-oss:', 'windsurf:'] as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

export type CallbackCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function checkEditorCallback(raw: string): CallbackCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'callback is not a URL' };
  }
  // credentials in a URL are a classic way to dress one host up as another
  if (url.username || url.password) return { ok: false, reason: 'callback must not carry credentials' };
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      return { ok: false, reason: 'an http callback must be a loopback address (127.0.0.1 or localhost)' };
    }
    if (!url.port) return { ok: false, reason: 'a loopback callback must name its port' };
    return { ok: true, url };
  }
  if ((EDITOR_SCHEMES as readonly string[]).includes(url.protocol)) return { ok: true, url };
  return { ok: false, reason: `callback must be http://127.0.0.1:<port>/… or a ${EDITOR_SCHEMES.map((s) => `${s}//`).join(', ')} URI` };
}

/** The URL the editor receives: its callback with `state` and `token` added (any query it had is kept). */
export function editorRedirect(url: URL, state: string, token: string): string {
  const target = new URL(url.href);
  target.searchParams.set('state', state);
  target.searchParams.set('token', token);
  return target.href;
}
