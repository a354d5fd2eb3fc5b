// Inline suggestions: the provider for every language, its context sources, the suggestion
// events, and the commands to toggle and trigger. The workspace index starts a moment after
// activation, in the background, so activation itself stays cheap.
import * as vscode from 'vscode';
import { definitionsSource } from '../../adapters/definitions-source';
import { onInlineSettingsChange, readInlineSettings, setInlineEnabled, type InlineSettings } from '../../adapters/inline-settings';
import { startWorkspaceIndex, type WorkspaceIndexing } from '../../adapters/workspace-fs';
import type { ConnectionMonitor } from '../../core/connection';
import { AcceptanceTracker } from '../../core/inline/acceptance-tracker';
import { InlineEngine } from '../../core/inline/engine';
import { EventBatcher } from '../../core/inline/event-batcher';
import { HttpInlineTransport } from '../../core/inline/http-transport';
import { RecentEdits } from '../../core/inline/recent-edits';
import { importsSource, openEditorsSource } from '../../core/inline/sources';
import { systemClock } from '../../core/inline/types';
import type { Logger } from '../../core/logger';
import { isSensitivePath } from '../../core/security/sensitive-files';
import type { ChurnisticClient } from '../../core/server-client';
import { WorkspaceContextSource } from '../../core/workspace-index/context-source';
import type { WorkspaceIndex } from '../../core/workspace-index/workspace-index';
import { ACCEPT_COMMAND, ChurnisticInlineProvider } from './inline-provider';

const INDEX_START_DELAY_MS = 1500;

export interface InlineFeatureDeps {
  client: ChurnisticClient;
  monitor: ConnectionMonitor;
  logger: Logger;
  setBusy: (busy: boolean) => void;
  /** The server-side preference (features.inline); the settings still apply on top. */
  allowed?: () => boolean;
}

export class InlineFeature implements vscode.Disposable {
  readonly engine: InlineEngine;
  private readonly batcher: EventBatcher;
  private readonly tracker: AcceptanceTracker;
  private readonly recent = new RecentEdits();
  /** Read once and on change, never on the typing path. */
  private settings: InlineSettings;
  private indexing: WorkspaceIndexing | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: InlineFeatureDeps) {
    const transport = new HttpInlineTransport(deps.client);
    const settings = (this.settings = readInlineSettings());
    this.engine = new InlineEngine({
      transport,
      logger: deps.logger,
      maxLines: settings.maxLines,
      debounce: { minMs: settings.debounceMinMs, maxMs: settings.debounceMaxMs },
      sources: [
        openEditorsSource({ files: () => openFiles() }),
        importsSource({ knownFiles: () => this.knownFiles(), readFile: (path) => this.readFile(path) }),
        this.recent.source(),
        definitionsSource(),
        new WorkspaceContextSource(() => this.indexing?.index),
      ],
    });
    this.batcher = new EventBatcher({ clock: systemClock, send: (events) => transport.sendEvents({ events }) });
    this.tracker = new AcceptanceTracker((event) => this.batcher.add(event));
    const provider = new ChurnisticInlineProvider({
      engine: this.engine,
      tracker: this.tracker,
      settings: () => this.settings,
      canAsk: () => deps.monitor.status.state !== 'signedOut' && (deps.allowed?.() ?? true),
      busy: deps.setBusy,
    });

    const deferred = setTimeout(() => { this.indexing = startWorkspaceIndex({ logger: deps.logger }); }, INDEX_START_DELAY_MS);
    this.disposables.push(
      { dispose: () => clearTimeout(deferred) },
      vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider),
      vscode.commands.registerCommand(ACCEPT_COMMAND, (completionId: string) => this.tracker.accepted(completionId)),
      vscode.commands.registerCommand('churnistic.inline.toggle', () => this.toggle()),
      vscode.commands.registerCommand('churnistic.inline.trigger', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidCloseTextDocument((d) => { this.engine.forget(d.uri.toString()); this.recent.forget(d.uri.toString()); }),
      vscode.window.onDidChangeActiveTextEditor(() => this.tracker.settle()),
      onInlineSettingsChange(() => {
        this.settings = readInlineSettings();
        this.engine.setDebounceBounds(this.settings.debounceMinMs, this.settings.debounceMaxMs);
      }),
      // another server or account may route inline completions to another model
      deps.monitor.onDidChange(() => this.engine.invalidateConfig()),
    );
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return;
    const uri = doc.uri.toString();
    for (const change of e.contentChanges) {
      this.tracker.inserted(uri, change.rangeOffset, change.text);
    }
    const last = e.contentChanges[0];
    if (last && doc.uri.scheme === 'file') {
      this.recent.record(uri, vscode.workspace.asRelativePath(doc.uri, true), last.range.start.line, () => doc.getText());
    }
  }

  private async toggle(): Promise<void> {
    const enabled = !this.settings.enabled;
    await setInlineEnabled(enabled);
    void vscode.window.showInformationMessage(`Churnistic inline suggestions ${enabled ? 'enabled' : 'disabled'}.`);
  }

  private knownFiles(): ReadonlySet<string> {
    const known = new Set(this.indexing?.index.knownFiles() ?? []);
    for (const f of openFiles()) known.add(f.path);
    return known;
  }

  private async readFile(path: string): Promise<string | undefined> {
    if (isSensitivePath(path)) return undefined;
    const open = openFiles().find((f) => f.path === path);
    return open?.text ?? this.indexing?.index.textOf(path);
  }

  /** The workspace index once it has started (the chat's @file and @workspace use it too). */
  get workspaceIndex(): WorkspaceIndex | undefined {
    return this.indexing?.index;
  }

  dispose(): void {
    this.tracker.settle();
    void this.batcher.flush();
    this.engine.dispose();
    this.indexing?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

interface OpenFileText { path: string; text: string; languageId: string; version: number }
const openFileCache = new Map<string, OpenFileText>();

/**
 * Open documents of the workspace, never sensitive ones, as context candidates. A document's text
 * is taken once per version: the same string lets the similarity ranking reuse its tokens.
 */
function openFiles(): OpenFileText[] {
  const out: OpenFileText[] = [];
  const live = new Set<string>();
  for (const d of vscode.workspace.textDocuments) {
    if (d.uri.scheme !== 'file' || d.isClosed) continue;
    const key = d.uri.toString();
    live.add(key);
    let entry = openFileCache.get(key);
    if (entry?.version !== d.version) {
      entry = { path: vscode.workspace.asRelativePath(d.uri, true), text: d.getText(), languageId: d.languageId, version: d.version };
      openFileCache.set(key, entry);
    }
    if (!isSensitivePath(entry.path)) out.push(entry);
  }
  for (const key of openFileCache.keys()) if (!live.has(key)) openFileCache.delete(key);
  return out;
}
