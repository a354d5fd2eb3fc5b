// Registers the chat view provider and the chat commands (open, new chat, show log).
import * as vscode from 'vscode';
import type { ChatSession } from '../../core/chat-session';
import type { ConnectionMonitor } from '../../core/connection';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat-view-provider';

export class ChatFeature implements vscode.Disposable {
  readonly provider: ChatViewProvider;
  private readonly disposables: vscode.Disposable[];

  constructor(extensionUri: vscode.Uri, session: ChatSession, monitor: ConnectionMonitor, logger: vscode.LogOutputChannel) {
    this.provider = new ChatViewProvider(extensionUri, session, monitor, logger);
    this.disposables = [
      this.provider,
      vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.provider),
      vscode.commands.registerCommand('churnistic.openChat', () => openChatView()),
      vscode.commands.registerCommand('churnistic.newChat', () => session.clear()),
      vscode.commands.registerCommand('churnistic.showLog', () => logger.show(true)),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Reveals the chat view (VS Code generates `<viewId>.focus` for every view). */
export function openChatView(): Thenable<unknown> {
  return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}
