// The chat panel (webview view `churnistic.chat`). It is a thin bridge: every incoming message is
// validated with the protocol schema (anything else is logged and ignored), questions go to the
// ChatSession, and what the session posts is forwarded after an outgoing schema check.
import * as vscode from 'vscode';
import { ExtensionToWebview, WebviewToExtension } from '../../../../protocol';
import type { ChatSession } from '../../core/chat-session';
import type { ConnectionMonitor } from '../../core/connection';
import type { Logger } from '../../core/logger';
import { parseSlashCommand } from '../../core/prompts';
import { webviewHtml } from '../../core/webview-html';

export const CHAT_VIEW_ID = 'churnistic.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The webview's script loaded and said `ready`; cleared when it goes away. */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly monitor: ConnectionMonitor,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      session.onDidPost((message) => this.post(message)),
      monitor.onDidChange(() => this.postConnection()),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = webviewHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: 'Churnistic Chat',
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.ready = false;
        this.disposeView();
      }),
    );
    this.logger.debug('chat view resolved');
  }

  /** Entry point for every message from the webview (and for tests simulating one). */
  async receive(raw: unknown): Promise<void> {
    const parsed = WebviewToExtension.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(`chat: ignored an invalid message from the webview: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        // a (re)loaded webview starts empty: send the whole state, later messages apply on top
        this.ready = true;
        this.postConnection();
        for (const m of this.session.snapshot()) this.post(m);
        return;
      case 'ask': {
        const slash = parseSlashCommand(message.text);
        if (slash) {
          await vscode.commands.executeCommand('churnistic.explain', { note: slash.rest, fromChat: true });
          return;
        }
        await this.session.ask(message.text);
        return;
      }
      case 'stop':
        await this.session.stop();
        return;
      case 'newChat':
        await this.session.clear();
        return;
      case 'signIn':
        await vscode.commands.executeCommand('churnistic.signIn');
        return;
      case 'removeContext':
        this.session.removeContext(message.index);
        return;
    }
  }

  private postConnection(): void {
    const { state, serverUrl } = this.monitor.status;
    this.post({ type: 'connection', state, serverUrl });
  }

  private post(message: ExtensionToWebview): void {
    if (!this.view || !this.ready) return; // the `ready` snapshot covers what a new webview missed
    const checked = ExtensionToWebview.safeParse(message);
    if (!checked.success) {
      this.logger.error(`chat: refusing to post an invalid ${message.type} message to the webview`);
      return;
    }
    void this.view.webview.postMessage(checked.data);
  }

  private disposeView(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
  }

  dispose(): void {
    this.disposeView();
    for (const d of this.disposables) d.dispose();
  }
}
