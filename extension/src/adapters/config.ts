// Reads the extension's settings. Only `churnistic.serverUrl` today; values are read on every use
// so a change applies at once.
import * as vscode from 'vscode';
import { normalizeServerUrl } from '../core/server-client';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('churnistic.serverUrl')) this.changed.fire();
    });
  }

  get serverUrl(): string {
    const value = vscode.workspace.getConfiguration('churnistic').get<string>('serverUrl');
    return normalizeServerUrl(value?.trim() ? value : DEFAULT_SERVER_URL);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
