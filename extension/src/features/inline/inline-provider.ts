// The InlineCompletionItemProvider: turns a keystroke into an engine call and the engine's
// suggestion into ghost text. Cheap on the typing path: the document text is taken once per
// version, and a cancelled keystroke aborts its request (the engine decides whether a running
// request is still useful to the next keystroke).
import * as vscode from 'vscode';
import type { InlineEngine } from '../../core/inline/engine';
import type { AcceptanceTracker } from '../../core/inline/acceptance-tracker';
import type { DocumentSnapshot } from '../../core/inline/types';
import { enabledFor, type InlineSettings } from '../../adapters/inline-settings';

export const ACCEPT_COMMAND = 'churnistic.inline.accepted';

export interface InlineProviderDeps {
  engine: InlineEngine;
  tracker: AcceptanceTracker;
  /** The `churnistic.inline.*` settings, cached by the feature (re-read only when they change). */
  settings: () => InlineSettings;
  /** False while signed out or unreachable: no point asking. */
  canAsk: () => boolean;
  /** Network work started / ended (the status bar shows it). */
  busy: (busy: boolean) => void;
}

export class ChurnisticInlineProvider implements vscode.InlineCompletionItemProvider {
  private lastText: { uri: string; version: number; text: string } | undefined;
  private pending = 0;

  constructor(private readonly deps: InlineProviderDeps) {}

  async provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position,
    context: vscode.InlineCompletionContext, token: vscode.CancellationToken): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!enabledFor(this.deps.settings(), document.languageId) || !this.deps.canAsk()) return undefined;
    // a suggestion widget (IntelliSense) is open: VS Code wants an answer that extends its selection
    if (context.selectedCompletionInfo) return undefined;
    const snapshot = this.snapshot(document, position);

    // synchronous fast path: typing into a suggestion needs no promise, no debounce, no network
    const cached = this.deps.engine.lookup(snapshot);
    if (cached !== null) return cached ? this.items(cached.text, cached.completionId, document, position) : undefined;

    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    this.setBusy(+1);
    try {
      const manual = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
      const suggestion = await this.deps.engine.provide(snapshot, controller.signal, { manual });
      if (!suggestion || !suggestion.text || token.isCancellationRequested) return undefined;
      return this.items(suggestion.text, suggestion.completionId, document, position);
    } finally {
      cancel.dispose();
      this.setBusy(-1);
    }
  }

  private items(text: string, completionId: string, document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionItem[] {
    this.deps.tracker.shown({
      completionId, uri: document.uri.toString(), offset: document.offsetAt(position), text, language: document.languageId,
    });
    const item = new vscode.InlineCompletionItem(text, new vscode.Range(position, position), {
      title: 'Churnistic: suggestion accepted', command: ACCEPT_COMMAND, arguments: [completionId],
    });
    return [item];
  }

  private snapshot(document: vscode.TextDocument, position: vscode.Position): DocumentSnapshot {
    const uri = document.uri.toString();
    if (this.lastText?.uri !== uri || this.lastText.version !== document.version) {
      this.lastText = { uri, version: document.version, text: document.getText() };
    }
    return {
      uri,
      relativePath: document.isUntitled ? '' : vscode.workspace.asRelativePath(document.uri, true),
      languageId: document.languageId,
      text: this.lastText.text,
      offset: document.offsetAt(position),
      version: document.version,
    };
  }

  private setBusy(delta: number): void {
    const before = this.pending;
    this.pending += delta;
    if ((before === 0) !== (this.pending === 0)) this.deps.busy(this.pending > 0);
  }
}
