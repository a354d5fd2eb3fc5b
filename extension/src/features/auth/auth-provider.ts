// The "Churnistic" authentication provider: VS Code's Accounts menu lists the signed-in user and
// signs out from there; other extensions (and ours) ask it for the session. One session: the token
// in SecretStorage (TokenStore) and who it belongs to (GET /api/v1/me), stored next to it.
import * as vscode from 'vscode';
import type { TokenStore } from '../../adapters/secrets';
import type { MeResponse } from '../../core/server-client';

export const AUTH_PROVIDER_ID = 'churnistic';
const ACCOUNT_KEY = 'churnistic.account';

interface StoredAccount {
  id: string;
  label: string;
}

export class ChurnisticAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private last: vscode.AuthenticationSession | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly tokens: TokenStore,
    private readonly secrets: vscode.SecretStorage,
    /** Interactive sign-in (browser or pasted token); resolves with the stored session's user. */
    private readonly signIn: () => Promise<MeResponse['user'] | undefined>,
    private readonly signOut: () => Promise<void>,
  ) {
    this.disposables = [
      this.changed,
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Churnistic', this, { supportsMultipleAccounts: false }),
      // the token changed here, in another window, or through the commands: tell VS Code
      tokens.onDidChange(() => void this.fireChange()),
    ];
    void this.getSessions().then((s) => { this.last = s[0]; });
    // asking (without prompting) puts "Sign in with Churnistic" in the Accounts menu while signed out
    void Promise.resolve(vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { createIfNone: false })).catch(() => undefined);
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const token = await this.tokens.get();
    if (!token) return [];
    const account = parseAccount(await this.secrets.get(ACCOUNT_KEY)) ?? { id: 'churnistic', label: 'Churnistic user' };
    return [{ id: `churnistic-${account.id}`, accessToken: token, account, scopes: [] }];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    const user = await this.signIn();
    const session = (await this.getSessions())[0];
    if (!user || !session) throw new Error('Churnistic: sign-in was cancelled or failed');
    return session;
  }

  async removeSession(): Promise<void> {
    await this.signOut();
  }

  /** Remembers whose token it is, for the Accounts menu. */
  async rememberAccount(user: MeResponse['user'], email?: string): Promise<void> {
    const account: StoredAccount = { id: user.id, label: email ?? user.name };
    await this.secrets.store(ACCOUNT_KEY, JSON.stringify(account));
  }

  async forgetAccount(): Promise<void> {
    await this.secrets.delete(ACCOUNT_KEY);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async fireChange(): Promise<void> {
    const now = (await this.getSessions())[0];
    const before = this.last;
    this.last = now;
    if (before?.accessToken === now?.accessToken) return;
    this.changed.fire({
      added: !before && now ? [now] : [],
      removed: before && !now ? [before] : [],
      changed: before && now ? [now] : [],
    });
  }
}

function parseAccount(raw: string | undefined): StoredAccount | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<StoredAccount>;
    return typeof v.id === 'string' && typeof v.label === 'string' ? { id: v.id, label: v.label } : undefined;
  } catch {
    return undefined;
  }
}
