// The Churnistic token lives only in VS Code's SecretStorage (OS keychain on desktop) — never in
// settings or globalState, which sync and sit in plain JSON files.
import * as vscode from 'vscode';

export const TOKEN_SECRET_KEY = 'churnistic.token';

export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the token changes, here or in another window sharing the secret storage. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === TOKEN_SECRET_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(TOKEN_SECRET_KEY)) || undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(token: string): Promise<void> {
    await this.secrets.store(TOKEN_SECRET_KEY, token);
  }

  async delete(): Promise<void> {
    await this.secrets.delete(TOKEN_SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
