// Quick Fixes for findings that carry a suggested change: the lightbulb on a Churnistic
// diagnostic offers "Churnistic: <fix description>", which replaces exactly the fix's range.
import * as vscode from 'vscode';
import { FindingDiagnostic, toRange } from './findings-store';

export class FindingQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (!(diagnostic instanceof FindingDiagnostic) || !diagnostic.finding.fix) continue;
      const { fix } = diagnostic.finding;
      const action = new vscode.CodeAction(`Churnistic: ${fix.description}`, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, document.validateRange(toRange(fix.range)), fix.replacement);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = diagnostic.finding.source === 'analyzer';
      actions.push(action);
    }
    return actions;
  }
}
