// The "Findings" view: every finding shown, grouped by file, worst first; a click opens the file at
// the finding. Its title says what the last run was ("Review File: src/app.ts, 3 findings").
import * as vscode from 'vscode';
import type { Finding, FindingSeverity } from '../../../../protocol';
import { toRange, type FindingsStore } from './findings-store';

export const FINDINGS_VIEW_ID = 'churnistic.findings';

type Node = { kind: 'file'; file: string } | { kind: 'finding'; finding: Finding };

const RANK: Record<FindingSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const ICON: Record<FindingSeverity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'info', info: 'lightbulb' };

export class FindingsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: FindingsStore, private readonly toUri: (file: string) => vscode.Uri | undefined) {
    this.view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscription = store.onDidChange(() => this.refresh());
  }

  refresh(): void {
    const total = this.store.files().reduce((n, f) => n + this.store.findings(f).length, 0);
    const run = this.store.lastRun;
    this.view.description = run ? `${run.title} · ${total} finding${total === 1 ? '' : 's'}` : total ? `${total}` : undefined;
    this.view.message = total ? undefined : 'No findings. Run "Churnistic: Review File" or save a file to analyze it.';
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.store.files().map((file) => ({ kind: 'file', file }));
    if (node.kind === 'file') {
      return this.store.findings(node.file)
        .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.range.startLine - b.range.startLine)
        .map((finding) => ({ kind: 'finding', finding }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.file, vscode.TreeItemCollapsibleState.Expanded);
      item.resourceUri = this.toUri(node.file);
      item.description = `${this.store.findings(node.file).length}`;
      return item;
    }
    const { finding } = node;
    const item = new vscode.TreeItem(finding.title, vscode.TreeItemCollapsibleState.None);
    item.description = `${finding.severity} · line ${finding.range.startLine} · ${finding.ruleId}`;
    item.tooltip = new vscode.MarkdownString(`**${finding.title}** (${finding.severity}, ${finding.ruleId}${finding.cwe ? `, ${finding.cwe}` : ''})\n\n${finding.message}`);
    item.iconPath = new vscode.ThemeIcon(ICON[finding.severity]);
    const uri = this.toUri(finding.file);
    if (uri) item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: toRange(finding.range) }] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
  }
}
