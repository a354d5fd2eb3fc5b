// Sign-in through the browser: the server's sign-in page, then the token back through a one-shot
// loopback listener (core/auth/loopback.ts). Cancelling the progress notification stops waiting.
import * as vscode from 'vscode';
import { signInPageUrl, startLoopback } from '../../core/auth/loopback';

/** Resolves with the token, or undefined when cancelled or timed out. */
export async function signInWithBrowser(serverUrl: string, cancel: vscode.CancellationToken): Promise<string | undefined> {
  const loopback = await startLoopback();
  const subscription = cancel.onCancellationRequested(() => loopback.cancel());
  try {
    // in a remote window the loopback port is forwarded: the browser gets the address that reaches it
    const callback = (await vscode.env.asExternalUri(vscode.Uri.parse(loopback.callbackUrl))).toString(true);
    const url = signInPageUrl(serverUrl, { callbackUrl: callback, state: loopback.state }, vscode.env.appName);
    if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) loopback.cancel();
    return await loopback.token;
  } finally {
    subscription.dispose();
    loopback.cancel();
  }
}
