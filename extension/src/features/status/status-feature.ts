// Status bar item showing the connection, and `churnistic.checkConnection`. The item's command
// follows the state: sign in when signed out, retry when unreachable, open the chat when connected.
import * as vscode from 'vscode';
import type { ConnectionMonitor, ConnectionStatus } from '../../core/connection';

export class StatusFeature implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[];
  /** An inline suggestion is being fetched: shown as a spinner while connected. */
  private inlineBusy = false;

  constructor(private readonly monitor: ConnectionMonitor) {
    this.item = vscode.window.createStatusBarItem('churnistic.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Churnistic';
    this.render(monitor.status);
    this.item.show();
    this.disposables = [
      this.item,
      monitor.onDidChange((status) => this.render(status)),
      vscode.commands.registerCommand('churnistic.checkConnection', () => this.checkNow()),
    ];
  }

  get text(): string {
    return this.item.text;
  }

  setInlineBusy(busy: boolean): void {
    if (busy === this.inlineBusy) return;
    this.inlineBusy = busy;
    this.render(this.monitor.status);
  }

  /** Runs a fresh check; resolves with the resulting state (tests and scripts read it). */
  private async checkNow(): Promise<ConnectionStatus['state']> {
    const status = await this.monitor.check(true);
    return status.state;
  }

  private render(status: ConnectionStatus): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (status.state) {
      case 'connected':
        item.text = this.inlineBusy ? '$(loading~spin) Churnistic' : '$(check) Churnistic';
        item.tooltip = `Connected to ${status.serverUrl}${status.user ? ` as ${status.user.name}` : ''}. Click to open the chat.`;
        item.command = 'churnistic.openChat';
        break;
      case 'signedOut':
        item.text = '$(sign-in) Churnistic: Sign in';
        item.tooltip = `${status.detail ?? 'Not signed in'} (${status.serverUrl}). Click to sign in.`;
        item.command = 'churnistic.signIn';
        break;
      case 'unreachable':
        item.text = '$(warning) Churnistic';
        item.tooltip = `Cannot reach the Churnistic server at ${status.serverUrl}${status.detail ? `: ${status.detail}` : ''}. Click to retry.`;
        item.command = 'churnistic.checkConnection';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'checking':
        item.text = '$(sync~spin) Churnistic';
        item.tooltip = `Checking the connection to ${status.serverUrl}…`;
        item.command = 'churnistic.showLog';
        break;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
