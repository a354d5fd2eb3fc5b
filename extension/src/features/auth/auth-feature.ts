// Churnistic: Sign In / Sign Out / Sign Out Everywhere, and the authentication provider behind the
// Accounts menu. Sign-in goes through the browser (the server's sign-in page hands a token back to
// a loopback listener) or a pasted token. The token is checked with GET /api/v1/me before it is
// stored, and it is stored only in SecretStorage. `churnistic.signIn` takes an optional token
// argument for automation and tests; then failures also reject the command so the caller sees them.
import * as vscode from 'vscode';
import * as z from 'zod';
import type { TokenStore } from '../../adapters/secrets';
import type { ChurnisticClient, MeResponse } from '../../core/server-client';
import { ServerError, UnauthorizedError, UnreachableError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { validateTokenInput } from '../../core/token';
import { ChurnisticAuthProvider } from './auth-provider';
import { signInWithBrowser } from './browser-sign-in';

export interface AuthDeps {
  tokens: TokenStore;
  client: ChurnisticClient;
  logger: Logger;
}

export class AuthFeature implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  readonly provider: ChurnisticAuthProvider;

  constructor(private readonly deps: AuthDeps & { secrets: vscode.SecretStorage }) {
    this.provider = new ChurnisticAuthProvider(deps.tokens, deps.secrets, () => this.signIn(), () => this.signOut());
    this.disposables = [
      this.provider,
      vscode.commands.registerCommand('churnistic.signIn', (token?: unknown) => this.signIn(token)),
      vscode.commands.registerCommand('churnistic.signOut', () => this.signOut()),
      vscode.commands.registerCommand('churnistic.signOutEverywhere', () => this.signOut({ everywhere: true })),
    ];
  }

  /** Resolves with the signed-in user, or undefined when the user cancelled or it failed. */
  async signIn(tokenArg?: unknown): Promise<MeResponse['user'] | undefined> {
    const automated = typeof tokenArg === 'string';
    const serverUrl = this.deps.client.serverUrl;
    const token = automated ? tokenArg.trim() : await this.chooseAndSignIn(serverUrl);
    if (token === undefined) return undefined;
    const shapeError = validateTokenInput(token);
    if (shapeError) return this.fail(new Error(shapeError), automated);

    let me: MeResponse;
    try {
      me = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Churnistic: checking the token with ${serverUrl}…` },
        () => this.deps.client.me(token),
      );
    } catch (e) {
      return this.fail(e, automated);
    }
    await this.provider.rememberAccount(me.user, typeof me.user.email === 'string' ? me.user.email : undefined);
    await this.deps.tokens.set(token);
    this.deps.logger.info(`signed in to ${serverUrl} as ${me.user.name} (${me.user.role})`);
    void vscode.window.showInformationMessage(`Churnistic: signed in to ${serverUrl} as ${me.user.name}.`);
    return me.user;
  }

  /**
   * Revokes the token on the server (every token and session of the user with `everywhere`), then
   * forgets it here. The local sign-out happens even when the server cannot be reached.
   */
  async signOut({ everywhere = false } = {}): Promise<void> {
    if (await this.deps.tokens.has()) {
      const path = everywhere ? '/api/v1/auth/logout-all' : '/api/v1/auth/logout';
      await this.deps.client.json(path, z.unknown(), { method: 'POST', body: {} }).catch((e: unknown) => {
        this.deps.logger.warn(`sign-out: the server did not revoke the token (${e instanceof Error ? e.message : String(e)}); it is forgotten here anyway`);
      });
    }
    await this.provider.forgetAccount();
    await this.deps.tokens.delete();
    this.deps.logger.info(`signed out${everywhere ? ' everywhere' : ''}; token removed from secret storage`);
    void vscode.window.showInformationMessage(`Churnistic: signed out${everywhere ? ' on every device' : ''}.`);
  }

  /** The browser (the server's sign-in page) or a pasted token. */
  private async chooseAndSignIn(serverUrl: string): Promise<string | undefined> {
    const browser = { label: '$(globe) Sign in with your browser', detail: `Opens ${serverUrl}/signin: email and password, Google or GitHub` };
    const paste = { label: '$(key) Paste a token', detail: 'A token from the server\'s admin or `churnistic token create`' };
    const choice = await vscode.window.showQuickPick([browser, paste], { title: 'Churnistic: Sign In', ignoreFocusOut: true });
    if (!choice) return undefined;
    if (choice === paste) return this.askForToken(serverUrl);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Churnistic: finish signing in in your browser…', cancellable: true },
      (_progress, token) => signInWithBrowser(serverUrl, token),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private askForToken(serverUrl: string): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: 'Churnistic: Sign In',
      prompt: `Paste your Churnistic token for ${serverUrl} (the server's admin prints one; it is kept in the editor's secret storage).`,
      placeHolder: 'chur_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateTokenInput,
    });
  }

  private fail(e: unknown, automated: boolean): undefined {
    const serverUrl = this.deps.client.serverUrl;
    let message: string;
    const actions: string[] = [];
    if (e instanceof UnauthorizedError) {
      message = `Churnistic: the server at ${serverUrl} rejected this token (401). Check that you pasted all of it.`;
    } else if (e instanceof UnreachableError) {
      message = `Churnistic: cannot reach ${serverUrl} (${e.reason}). Check the churnistic.serverUrl setting.`;
      actions.push('Open Settings');
    } else if (e instanceof ServerError) {
      message = `Churnistic: sign-in failed: the server answered ${e.status}: ${e.message}`;
    } else {
      message = `Churnistic: sign-in failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.deps.logger.warn(message);
    // not awaited: the promise only settles when the notification is dismissed
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'churnistic.serverUrl');
    });
    if (automated) throw new Error(message);
    return undefined;
  }
}
