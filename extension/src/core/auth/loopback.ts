// The editor's side of signing in through the browser: a one-shot listener on 127.0.0.1 that the
// server's sign-in page redirects to with `?state=…&token=…`. The state is random per attempt, so a
// page cannot push a token the editor did not ask for; the first matching answer wins and the
// listener closes (also on cancel or after the timeout). Pure Node: the vscode side only opens the
// browser (features/auth/browser-sign-in.ts).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Loopback {
  /** Where the page must send the browser: http://127.0.0.1:<port>/callback */
  readonly callbackUrl: string;
  readonly state: string;
  /** The token, or undefined when cancelled or timed out. */
  readonly token: Promise<string | undefined>;
  cancel(): void;
}

const page = (title: string, text: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`;

export async function startLoopback(timeoutMs = 5 * 60_000): Promise<Loopback> {
  const state = randomBytes(24).toString('base64url');
  let settle: (value: string | undefined) => void = () => {};
  const token = new Promise<string | undefined>((resolve) => { settle = resolve; });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const received = url.searchParams.get('token');
    if (url.searchParams.get('state') !== state || !received) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(page('Sign-in failed', 'This sign-in link does not match the one the editor started. Start again from the editor.'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page('Signed in to Churnistic', 'You can close this tab and go back to the editor.'));
    settle(received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => settle(undefined), timeoutMs);
  void token.finally(() => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  });
  return {
    callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    state,
    token,
    cancel: () => settle(undefined),
  };
}

/** The server's sign-in page for this attempt. */
export function signInPageUrl(serverUrl: string, loopback: Pick<Loopback, 'callbackUrl' | 'state'>, client: string): string {
  const query = new URLSearchParams({ callback: loopback.callbackUrl, state: loopback.state, client });
  return `${serverUrl.replace(/\/+$/, '')}/signin?${query.toString()}`;
}
