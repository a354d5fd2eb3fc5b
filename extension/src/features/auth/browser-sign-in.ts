// Sign-in through the browser: a one-shot loopback listener on 127.0.0.1 receives the token the
// server's sign-in page hands back (`/signin?callback=…&state=…` redirects to the callback with
// `token` and the same `state`). The state is random per attempt, so a page cannot push a token the
// editor did not ask for; the listener closes after one answer, on cancel, or after five minutes.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';

const TIMEOUT_MS = 5 * 60_000;

const PAGE = (title: string, text: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family: system-ui, sans-serif; margin: 3rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/** Resolves with the token, or undefined when cancelled or timed out. */
export async function signInWithBrowser(serverUrl: string, token: vscode.CancellationToken): Promise<string | undefined> {
  const state = randomBytes(24).toString('base64url');
  let settle: (value: string | undefined) => void = () => {};
  const result = new Promise<string | undefined>((resolve) => { settle = resolve; });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const received = url.searchParams.get('token');
    if (url.searchParams.get('state') !== state || !received) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('Sign-in failed', 'This sign-in link does not match the one the editor started. Start again from the editor.'));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(PAGE('Signed in to Churnistic', 'You can close this tab and go back to the editor.'));
    settle(received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => settle(undefined), TIMEOUT_MS);
  const cancel = token.onCancellationRequested(() => settle(undefined));
  try {
    const local = vscode.Uri.parse(`http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`);
    // in a remote window the loopback port is forwarded: the browser gets the URI that reaches it
    const callback = await vscode.env.asExternalUri(local);
    const page = vscode.Uri.parse(`${serverUrl}/signin`).with({
      query: new URLSearchParams({ callback: callback.toString(true), state, client: vscode.env.appName }).toString(),
    });
    if (!(await vscode.env.openExternal(page))) return undefined;
    return await result;
  } finally {
    clearTimeout(timer);
    cancel.dispose();
    server.closeAllConnections();
    server.close();
  }
}
