// The deterministic analyzers in the editor: loaded on first use (tree-sitter and its grammars
// are a few MB; activation must not pay for them), run when a file is saved or changes on disk,
// and their metrics shown as CodeLens above each function. Nothing here calls the server.
import * as vscode from 'vscode';
import { loadAnalysis } from '../../adapters/analysis-loader';
import type { AnalysisResult, Analyzer } from '../../core/analysis/types';
import type { Logger } from '../../core/logger';
import { isSensitivePath } from '../../core/security/sensitive-files';
import type { FindingsStore } from './findings-store';

const ANALYZED = /\.(?:[cm]?[jt]sx?|py|env|ya?ml|json|properties|ini|toml|conf)$/i;
const CODE_LENS_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'];
const MAX_BYTES = 1024 * 1024;

export class Analyzers implements vscode.Disposable, vscode.CodeLensProvider {
  private analyzer: Promise<Analyzer | undefined> | undefined;
  private readonly results = new Map<string, { version: number; result: AnalysisResult }>();
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: FindingsStore,
    private readonly logger: Logger,
    /** The server-side preference (features.analysis). */
    private readonly allowed: () => boolean = () => true,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py}');
    this.disposables = [
      this.lensChanged, watcher,
      vscode.workspace.onDidSaveTextDocument((doc) => void this.analyzeDocument(doc)),
      // changes made outside the editor (git checkout, a formatter on the command line)
      watcher.onDidChange((uri) => void this.analyzeUri(uri)),
      watcher.onDidCreate((uri) => void this.analyzeUri(uri)),
      watcher.onDidDelete((uri) => this.store.set('analyzer', [vscode.workspace.asRelativePath(uri, false)], [])),
      vscode.languages.registerCodeLensProvider(CODE_LENS_LANGUAGES.map((language) => ({ language })), this),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('churnistic.analysis')) this.lensChanged.fire(); }),
    ];
  }

  private get enabled(): boolean {
    return vscode.workspace.getConfiguration('churnistic.analysis').get<boolean>('onSave', true) && this.allowed();
  }

  /** The analyzer, created once; undefined (logged) when the grammars cannot load. */
  load(): Promise<Analyzer | undefined> {
    const wasmDir = vscode.Uri.joinPath(this.extensionUri, 'dist', 'wasm').fsPath;
    this.analyzer ??= Promise.resolve().then(() => loadAnalysis(this.extensionUri).createAnalyzer({ wasmDir })).catch((e: unknown) => {
      this.logger.error(`analysis: the analyzers could not start: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    return this.analyzer;
  }

  /** Analyzes an open document now (commands call this too, so a review always has fresh results). */
  async analyzeDocument(doc: vscode.TextDocument, { force = false, publish = true } = {}): Promise<AnalysisResult | undefined> {
    if ((!force && !this.enabled) || doc.uri.scheme !== 'file' || !ANALYZED.test(doc.fileName)) return undefined;
    const file = vscode.workspace.asRelativePath(doc.uri, false);
    if (isSensitivePath(file) && !/\.env/i.test(file)) return undefined;
    const cached = this.results.get(doc.uri.toString());
    let result = cached?.version === doc.version ? cached.result : undefined;
    if (!result) {
      const analyzer = await this.load();
      if (!analyzer) return undefined;
      result = analyzer.analyze({ path: file, language: doc.languageId, text: doc.getText() });
      this.results.set(doc.uri.toString(), { version: doc.version, result });
    }
    // findings follow saves (and commands); CodeLens metrics may follow the text being typed
    if (publish) this.store.set('analyzer', [file], result.findings);
    return result;
  }

  private async analyzeUri(uri: vscode.Uri): Promise<void> {
    if (!this.enabled || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
    const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
    if (!stat || stat.size > MAX_BYTES) return;
    await this.analyzeDocument(await vscode.workspace.openTextDocument(uri));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('churnistic.analysis').get<boolean>('codeLens', true)) return [];
    const result = await this.analyzeDocument(doc, { force: true, publish: false });
    return (result?.metrics ?? []).map((m) => new vscode.CodeLens(
      new vscode.Range(m.range.startLine - 1, 0, m.range.startLine - 1, 0),
      { title: `complexity ${m.cyclomatic} · ${m.lines} lines`, command: '', tooltip: `${m.name}: cyclomatic complexity ${m.cyclomatic}, ${m.lines} lines, ${m.parameters} parameters` },
    ));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
