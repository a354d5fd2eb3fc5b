// Findings as VS Code shows them: diagnostics in the Problems panel (source "Churnistic", the
// rule as the code with a link to its details), kept per file and per origin. Analyzer findings
// (on save) and review findings (from a command) live side by side and are merged, deduplicated,
// when shown, so a run of one never wipes the other.
import * as vscode from 'vscode';
import type { Finding, FindingSeverity } from '../../../../protocol';
import { dedupeFindings } from '../../core/analysis/dedupe';
import { Emitter } from '../../core/emitter';

export type Origin = 'analyzer' | 'review';

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
  info: vscode.DiagnosticSeverity.Hint,
};

/** The diagnostic carries its finding, so quick fixes and the details view can find it again. */
export class FindingDiagnostic extends vscode.Diagnostic {
  constructor(readonly finding: Finding, range: vscode.Range) {
    super(range, finding.title, SEVERITY[finding.severity]);
    this.source = 'Churnistic';
    this.code = {
      value: finding.ruleId,
      target: vscode.Uri.parse(`command:churnistic.showFinding?${encodeURIComponent(JSON.stringify([finding.file, finding.range.startLine, finding.ruleId]))}`),
    };
  }
}

export class FindingsStore implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('churnistic');
  /** file (workspace-relative) → origin → findings */
  private readonly byFile = new Map<string, Map<Origin, Finding[]>>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** The files of the last review run, for the summary view. */
  lastRun: { title: string; files: string[]; at: Date } | undefined;

  constructor(private readonly toUri: (file: string) => vscode.Uri | undefined) {}

  /** Replaces `origin`'s findings for each of `files` (a file with no findings is cleared). */
  set(origin: Origin, files: readonly string[], findings: readonly Finding[]): void {
    for (const file of files) this.origins(file).set(origin, []);
    for (const f of findings) {
      const origins = this.origins(f.file);
      const list = origins.get(origin);
      if (list) list.push(f);
      else origins.set(origin, [f]);
    }
    for (const file of new Set([...files, ...findings.map((f) => f.file)])) this.publish(file);
    this.changed.fire();
  }

  /** Everything shown for `file`, analyzer and review findings merged. */
  findings(file: string): Finding[] {
    const origins = this.byFile.get(file);
    if (!origins) return [];
    return dedupeFindings(origins.get('analyzer') ?? [], origins.get('review') ?? []);
  }

  files(): string[] {
    return [...this.byFile.keys()].filter((f) => this.findings(f).length > 0).sort();
  }

  clear(origin?: Origin): void {
    for (const [file, origins] of this.byFile) {
      if (origin) origins.delete(origin);
      else origins.clear();
      this.publish(file);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.collection.dispose();
    this.changed.dispose();
  }

  private origins(file: string): Map<Origin, Finding[]> {
    let origins = this.byFile.get(file);
    if (!origins) this.byFile.set(file, (origins = new Map()));
    return origins;
  }

  private publish(file: string): void {
    const uri = this.toUri(file);
    if (!uri) return;
    this.collection.set(uri, this.findings(file).map((f) => new FindingDiagnostic(f, toRange(f.range))));
  }
}

/** 1-based lines and columns (endColumn exclusive) → a VS Code range; no column: the whole line. */
export function toRange(r: Finding['range']): vscode.Range {
  const endLine = Math.max(r.endLine, r.startLine) - 1;
  const start = new vscode.Position(r.startLine - 1, (r.startColumn ?? 1) - 1);
  const end = r.endColumn ? new vscode.Position(endLine, r.endColumn - 1) : new vscode.Position(endLine, Number.MAX_SAFE_INTEGER);
  return new vscode.Range(start, end);
}
