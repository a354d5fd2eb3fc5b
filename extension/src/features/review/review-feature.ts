// Composes reviews and analysis: the findings store (Problems panel), the Findings view, Quick
// Fixes, the analyzers (on save, CodeLens), the review commands, Generate Documentation (an edit
// the user previews first) and Generate Commit Message (the Source Control input box).
import * as vscode from 'vscode';
import type { Finding } from '../../../../protocol';
import type { ConnectionMonitor } from '../../core/connection';
import type { Logger } from '../../core/logger';
import type { ChurnisticClient } from '../../core/server-client';
import type { ServerPreferences } from '../../core/server-preferences';
import type { WorkspaceIndex } from '../../core/workspace-index/workspace-index';
import { Analyzers } from './analyzers';
import { generateCommitMessage } from './commit-message';
import { FindingsStore, toRange } from './findings-store';
import { FindingsView } from './findings-view';
import { FindingQuickFixes } from './quick-fixes';
import { ReviewCommands, type ReviewTarget } from './review-commands';

const DETAILS_SCHEME = 'churnistic-finding';

export interface ReviewFeatureDeps {
  extensionUri: vscode.Uri;
  client: ChurnisticClient;
  monitor: ConnectionMonitor;
  logger: Logger;
  index(): WorkspaceIndex | undefined;
  preferences: ServerPreferences;
}

export class ReviewFeature implements vscode.Disposable {
  readonly store: FindingsStore;
  readonly commands: ReviewCommands;
  private readonly disposables: vscode.Disposable[];
  private readonly logger: Logger;

  constructor({ extensionUri, client, monitor, logger, index, preferences }: ReviewFeatureDeps) {
    this.logger = logger;
    this.store = new FindingsStore(toWorkspaceUri);
    const analyzers = new Analyzers(extensionUri, this.store, logger, () => preferences.current.features.analysis);
    this.commands = new ReviewCommands(client, monitor, analyzers, this.store, logger, (p) => index()?.isGitIgnored(p) ?? false,
      () => preferences.current.features.review);
    const run = (target: ReviewTarget | undefined) => (target ? this.commands.run(target) : undefined);
    const editor = (kind: ReviewTarget['kind'], selection: boolean, title: string) => run(this.commands.editorTarget(kind, selection, title));
    this.disposables = [
      this.store, analyzers,
      new FindingsView(this.store, toWorkspaceUri),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FindingQuickFixes(), { providedCodeActionKinds: FindingQuickFixes.kinds }),
      vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, { provideTextDocumentContent: (uri) => this.details(uri) }),
      vscode.commands.registerCommand('churnistic.reviewSelection', () => editor('review', true, 'Review Selection')),
      vscode.commands.registerCommand('churnistic.reviewFile', () => editor('review', false, 'Review File')),
      vscode.commands.registerCommand('churnistic.reviewChanges', async () => run(await this.commands.changesTarget())),
      vscode.commands.registerCommand('churnistic.scanFile', () => editor('security', false, 'Scan File for Vulnerabilities')),
      vscode.commands.registerCommand('churnistic.scanWorkspace', async () => run(await this.commands.workspaceTarget(index()?.knownFiles()))),
      vscode.commands.registerCommand('churnistic.optimize', () => editor('optimize', true, 'Suggest Optimizations')),
      vscode.commands.registerCommand('churnistic.generateDocs', () => this.generateDocs()),
      vscode.commands.registerCommand('churnistic.generateCommitMessage', (sourceControl?: { rootUri?: vscode.Uri }) => generateCommitMessage(client, logger, sourceControl)),
      vscode.commands.registerCommand('churnistic.clearFindings', () => { this.store.lastRun = undefined; this.store.clear(); }),
      vscode.commands.registerCommand('churnistic.showFinding', (file: string, line: number, ruleId: string) => this.showFinding(file, line, ruleId)),
    ];
  }

  /**
   * Generate Documentation: the model's doc comments as one edit, shown in the refactor preview
   * first. Resolves with how many comments were proposed and whether the user applied them.
   */
  private async generateDocs(): Promise<{ proposed: number; applied: boolean } | undefined> {
    const target = this.commands.editorTarget('docs', true, 'Generate Documentation');
    const result = target && (await this.commands.run(target));
    if (!target || !result) return undefined;
    const fixes = result.findings.filter((f): f is Finding & { fix: NonNullable<Finding['fix']> } => !!f.fix && f.category === 'docs');
    if (!fixes.length) {
      void vscode.window.showInformationMessage('Churnistic: no documentation to add.');
      return { proposed: 0, applied: false };
    }
    const needsConfirmation = vscode.workspace.getConfiguration('churnistic.docs').get<boolean>('preview', true);
    const edit = new vscode.WorkspaceEdit();
    for (const f of fixes) {
      const uri = toWorkspaceUri(f.file);
      if (uri) edit.replace(uri, toRange(f.fix.range), f.fix.replacement, { label: f.fix.description, needsConfirmation });
    }
    const applied = await vscode.workspace.applyEdit(edit);
    this.logger.info(`docs: ${fixes.length} doc comment(s) proposed, ${applied ? 'applied' : 'not applied'}`);
    return { proposed: fixes.length, applied };
  }

  private async showFinding(file: string, line: number, ruleId: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${file}.md`, query: new URLSearchParams({ file, line: String(line), ruleId }).toString() });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  }

  private details(uri: vscode.Uri): string {
    const q = new URLSearchParams(uri.query);
    const finding = this.store.findings(q.get('file') ?? '').find((f) => f.ruleId === q.get('ruleId') && f.range.startLine === Number(q.get('line')));
    if (!finding) return '# Finding\n\nThis finding is no longer shown (the file was analyzed again).';
    return [
      `# ${finding.title}`, '',
      `**${finding.severity}** · ${finding.category} · \`${finding.ruleId}\`${finding.cwe ? ` · [${finding.cwe}](https://cwe.mitre.org/data/definitions/${finding.cwe.slice(4)}.html)` : ''} · ${finding.source === 'llm' ? 'model review' : 'analyzer'}`, '',
      `\`${finding.file}\` line ${finding.range.startLine}`, '', finding.message,
      ...(finding.fix ? ['', `## Suggested fix: ${finding.fix.description}`, '', '```', finding.fix.replacement, '```'] : []),
    ].join('\n');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A workspace-relative path → its URI in the first folder that has it (multi-root: the first). */
function toWorkspaceUri(file: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, file) : undefined;
}
