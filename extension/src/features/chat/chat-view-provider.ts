// The chat panel (webview view `churnistic.chat`). It is a thin bridge: every incoming message is
// validated with the protocol schema (anything else is logged and ignored) and handed to the
// controller; every outgoing one is checked against the schema before it is posted. A (re)loaded
// webview says `ready` and gets the whole state, because VS Code drops messages to a hidden view.
import * as vscode from 'vscode';
import { ExtensionToWebview, WebviewToExtension } from '../../../../protocol';
import type { Logger } from '../../core/logger';
import { webviewHtml } from '../../core/webview-html';

export interface ChatViewHandlers {
  /** Everything a freshly loaded webview needs, in order. */
  snapshot(): ExtensionToWebview[];
  /** Any other message from the webview (already validated). */
  handle(message: Exclude<WebviewToExtension, { type: 'ready' }>): Promise<void>;
}

export const CHAT_VIEW_ID = 'churnistic.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  /** The webview's script loaded and said `ready`; cleared when it goes away. */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private viewDisposables: vscode.Disposable[] = [];
  /** The latest messages meant for the webview (for the in-host tests' read-only API). */
  readonly recent: ExtensionToWebview[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: ChatViewHandlers,
    private readonly logger: Logger,
  ) {}

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
    if (message.type === 'ready') {
      // a (re)loaded webview starts empty: send the whole state, later messages apply on top
      this.ready = true;
      for (const m of this.handlers.snapshot()) this.post(m);
      return;
    }
    try {
      await this.handlers.handle(message);
    } catch (e) {
      // a failed action must not leave the panel waiting without a word
      this.logger.error(e instanceof Error ? e : String(e));
      this.post({ type: 'notice', level: 'error', message: `Churnistic: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Posts to the webview when it is loaded; the `ready` snapshot covers what a hidden one missed. */
  post(message: ExtensionToWebview): void {
    this.recent.push(message);
    if (this.recent.length > 500) this.recent.splice(0, this.recent.length - 500);
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
