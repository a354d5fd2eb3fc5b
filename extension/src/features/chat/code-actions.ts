// What a code block's buttons do in the editor: Copy, Insert at the cursor, and Apply, which shows
// the change as a diff first and edits the file only when the user accepts it (as Continue's and
// Copilot's Apply do). The editor is the last one the user typed in: the chat view has the focus.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { planApply } from '../../core/apply-plan';

const PROPOSAL_SCHEME = 'churnistic-proposal';

export class CodeActions implements vscode.Disposable {
  private readonly proposals = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private sequence = 0;

  constructor(private readonly logger: Logger) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        provideTextDocumentContent: (uri) => this.proposals.get(uri.toString()) ?? '',
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document.uri.scheme !== PROPOSAL_SCHEME) this.lastEditor = editor;
      }),
    ];
  }

  /** The editor code goes to: the active one, else the last one the user was in, if still open. */
  get targetEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== PROPOSAL_SCHEME) return active;
    const last = this.lastEditor;
    return last && vscode.window.visibleTextEditors.includes(last) ? last : vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== PROPOSAL_SCHEME);
  }

  async copy(code: string): Promise<void> {
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage('Churnistic: code copied', 2000);
  }

  /** Inserts at the cursor (replacing the selection, as typing would); returns false with a notice when no editor is open. */
  async insert(code: string): Promise<boolean> {
    const editor = this.targetEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Churnistic: open a file to insert the code into.');
      return false;
    }
    const ok = await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
    if (ok) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    this.logger.info(`chat: inserted ${code.split('\n').length} line(s) into ${vscode.workspace.asRelativePath(editor.document.uri)}`);
    return ok;
  }

  /**
   * Shows what the block would change as a diff, then asks. The block replaces the selection when
   * there is one, the whole file when it looks like the whole file, and is inserted at the cursor
   * otherwise (core/apply-plan.ts).
   */
  async apply(code: string): Promise<boolean> {
    const editor = this.targetEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('Churnistic: open the file to apply the code to.');
      return false;
    }
    const { document, selection } = editor;
    const original = document.getText();
    const plan = planApply({
      original,
      code,
      selection: selection.isEmpty ? undefined : { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) },
      cursor: document.offsetAt(selection.active),
    });
    const name = vscode.workspace.asRelativePath(document.uri);
    const proposal = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${++this.sequence}/${document.uri.path.split('/').pop()}` });
    this.proposals.set(proposal.toString(), plan.result);
    try {
      await vscode.commands.executeCommand('vscode.diff', document.uri, proposal, `${name} ↔ Churnistic proposal (${plan.mode})`, { preview: true });
      const choice = await vscode.window.showInformationMessage(`Churnistic: apply the proposed change to ${name}?`, 'Apply', 'Discard');
      if (choice !== 'Apply') return false;
      if (document.getText() !== original) {
        void vscode.window.showWarningMessage(`Churnistic: ${name} changed while the diff was open; nothing was applied. Apply again to see a fresh diff.`);
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(original.length)), plan.result);
      const ok = await vscode.workspace.applyEdit(edit);
      this.logger.info(`chat: applied a ${plan.mode} change to ${name}`);
      return ok;
    } finally {
      this.proposals.delete(proposal.toString());
      await closeTabsOf(proposal);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
    t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}
