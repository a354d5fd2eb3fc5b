// The review commands: Review Selection / File / Changes, Scan for Vulnerabilities (file or
// workspace), Suggest Optimizations. Each runs core/review's runReview (analyzers always, the
// server's model review when signed in) under a cancellable progress notification, and puts the
// findings in the Problems panel and the Findings view.
import * as vscode from 'vscode';
import type { ReviewKind } from '../../../../protocol';
import { gitDiff } from '../../adapters/git-diff';
import { dedupeFindings } from '../../core/analysis/dedupe';
import type { ConnectionMonitor } from '../../core/connection';
import type { Logger } from '../../core/logger';
import { runReview, serverReviewer, type ReviewResult } from '../../core/review/run-review';
import type { ReviewInputFile } from '../../core/review/request-plan';
import { isSensitivePath } from '../../core/security/sensitive-files';
import type { ChurnisticClient } from '../../core/server-client';
import type { Analyzers } from './analyzers';
import type { FindingsStore } from './findings-store';

const MAX_WORKSPACE_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;

export interface ReviewTarget {
  title: string;
  files: ReviewInputFile[];
  kind: ReviewKind;
  diff?: string;
  /** Review Selection: findings outside these lines (1-based, inclusive) are left out. */
  lines?: { file: string; start: number; end: number };
}

export class ReviewCommands {
  constructor(
    private readonly client: ChurnisticClient,
    private readonly monitor: ConnectionMonitor,
    private readonly analyzers: Analyzers,
    private readonly store: FindingsStore,
    private readonly logger: Logger,
    private readonly isIgnored: (path: string) => boolean,
    /** The server-side preference (features.review): off means analyzers only. */
    private readonly modelReviews: () => boolean = () => true,
  ) {}

  /** The active file, or its selection; undefined (with a notice) when there is none. */
  editorTarget(kind: ReviewKind, selectionOnly: boolean, title: string): ReviewTarget | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Churnistic: open a file of the workspace first.');
      return undefined;
    }
    const { document, selection } = editor;
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const target: ReviewTarget = { title: `${title}: ${file}`, kind, files: [{ path: file, text: document.getText(), language: document.languageId }] };
    if (selectionOnly && !selection.isEmpty) target.lines = { file, start: selection.start.line + 1, end: selection.end.line + 1 };
    return target;
  }

  /** Review Changes: the staged and unstaged changes against HEAD, per workspace folder. */
  async changesTarget(): Promise<ReviewTarget | undefined> {
    const diffs: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const result = await gitDiff(folder.uri.fsPath);
      if ('error' in result) void vscode.window.showWarningMessage(`Churnistic: ${folder.name}: ${result.error}.`);
      else if (result.diff.trim()) diffs.push(result.diff);
    }
    if (!diffs.length) {
      void vscode.window.showInformationMessage('Churnistic: there are no changes to review.');
      return undefined;
    }
    const diff = diffs.join('\n');
    const paths = [...diff.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]!);
    return { title: 'Review Changes', kind: 'review', diff, files: await readFiles(paths) };
  }

  /** Scan for Vulnerabilities over the workspace: every source file the workspace index would read. */
  async workspaceTarget(known: ReadonlySet<string> | undefined): Promise<ReviewTarget> {
    const paths = known?.size ? [...known] : (await vscode.workspace.findFiles('**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py}', '**/{node_modules,dist,out,.git}/**', MAX_WORKSPACE_FILES))
      .map((u) => vscode.workspace.asRelativePath(u, false));
    return { title: 'Scan Workspace for Vulnerabilities', kind: 'security', files: await readFiles(paths.slice(0, MAX_WORKSPACE_FILES)) };
  }

  /** Runs a review with progress and cancellation; the findings replace those of the same files. */
  async run(target: ReviewTarget): Promise<ReviewResult | undefined> {
    const connected = this.monitor.status.state === 'connected';
    const online = connected && this.modelReviews();
    for (const doc of vscode.workspace.textDocuments) {
      if (target.files.some((f) => doc.uri.scheme === 'file' && vscode.workspace.asRelativePath(doc.uri, false) === f.path)) await this.analyzers.analyzeDocument(doc, { force: true });
    }
    const analyzer = await this.analyzers.load();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Churnistic: ${target.title}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      const result = await runReview({
        files: target.files,
        kind: target.kind,
        diff: target.diff,
        analyzer,
        dedupe: dedupeFindings,
        server: online ? serverReviewer(this.client) : undefined,
        offlineReason: online ? undefined : connected ? 'model reviews are turned off in your preferences: analyzers only' : 'not connected to the Churnistic server: analyzers only',
        isIgnored: this.isIgnored,
        signal: controller.signal,
        onProgress: ({ done, total, file }) => {
          const increment = total ? (done / total) * 100 - reported : 0;
          reported += increment;
          progress.report({ increment, message: file ? `${file} (${done}/${total})` : `${done}/${total}` });
        },
      }).catch((e: unknown) => {
        if (controller.signal.aborted) return undefined;
        throw e;
      });
      if (!result) return undefined;
      const lines = target.lines;
      const findings = lines ? result.findings.filter((f) => f.file !== lines.file || (f.range.endLine >= lines.start && f.range.startLine <= lines.end)) : result.findings;
      this.store.lastRun = { title: target.title, files: target.files.map((f) => f.path), at: new Date() };
      const paths = target.files.map((f) => f.path);
      this.store.set('review', paths, findings.filter((f) => f.source === 'llm'));
      // a selection's run saw only part of the file: the analyzers' findings of the whole file stay
      if (!lines && !target.diff) this.store.set('analyzer', paths, result.findings.filter((f) => f.source === 'analyzer'));
      this.report(target, { ...result, findings });
      return { ...result, findings };
    });
  }

  private report(target: ReviewTarget, result: ReviewResult): void {
    const n = result.findings.length;
    this.logger.info(`review: ${target.title}: ${n} finding(s), mode ${result.mode}, ${result.stats.requests} request(s), skipped ${result.skipped.length}`);
    for (const e of result.errors) this.logger.warn(`review: ${e.paths.join(', ')}: ${e.message}`);
    const parts = [`${target.title}: ${n ? `${n} finding${n === 1 ? '' : 's'}` : 'no findings'}`];
    if (result.mode === 'offline') parts.push(`(${result.offlineReason ?? 'analyzers only'})`);
    if (result.errors.length) parts.push(`${result.errors.length} request(s) failed — see the log`);
    if (result.skipped.length) parts.push(`${result.skipped.length} file(s) skipped`);
    const show = result.errors.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`Churnistic: ${parts.join('; ')}.`, ...(n ? ['Show Findings'] : [])).then((choice) => {
      if (choice) void vscode.commands.executeCommand('churnistic.findings.focus');
    });
  }
}

/** Reads workspace files for a review; sensitive ones are never read. Missing files are left out. */
async function readFiles(paths: readonly string[]): Promise<ReviewInputFile[]> {
  const out: ReviewInputFile[] = [];
  for (const path of paths) {
    if (isSensitivePath(path)) continue;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, path);
      const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
      if (!stat || stat.type !== vscode.FileType.File || stat.size > MAX_FILE_BYTES) continue;
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) break;
      out.push({ path, text: new TextDecoder().decode(bytes) });
      break;
    }
  }
  return out;
}
