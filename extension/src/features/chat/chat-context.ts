// `@` mentions and the chips they make. Each kind reads what the user sees in the editor
// (selection, a file picked from the workspace, the Problems panel, git's working-tree diff, the
// workspace index's best snippets for the question), and goes through core/context's formatters,
// which redact secrets. Sensitive and git-ignored files are never attached: the quick pick offers
// only what the workspace index accepted, and a path typed by hand is checked the same way.
import * as vscode from 'vscode';
import type { CodeContext, ContextKind, ExtensionToWebview } from '../../../../protocol';
import { gitDiff } from '../../adapters/git-diff';
import type { ChatSession } from '../../core/chat-session';
import { diffContext, removeSensitiveDiffFiles } from '../../core/context/diff';
import { fitAttachments } from '../../core/context/fit';
import { fileContext, problemsContext, selectionContext, workspaceContext, type Diagnostic } from '../../core/context/formatters';
import { parseMentions, type Mention } from '../../core/context/mentions';
import { defaultReserve } from '../../core/context/meter';
import type { Logger } from '../../core/logger';
import { isSensitivePath } from '../../core/security/sensitive-files';
import type { WorkspaceIndex } from '../../core/workspace-index/workspace-index';

const MAX_FILE_BYTES = 1024 * 1024;
const SEVERITY: Record<vscode.DiagnosticSeverity, Diagnostic['severity']> = ['error', 'warning', 'info', 'hint'];

export interface ChatContextDeps {
  session: ChatSession;
  post(message: ExtensionToWebview): void;
  targetEditor(): vscode.TextEditor | undefined;
  index(): WorkspaceIndex | undefined;
  windowOf(model: string | null | undefined): number;
  logger: Logger;
}

export class ChatContext {
  constructor(private readonly deps: ChatContextDeps) {}

  /** A chip from the panel's `@` menu; the question is not known yet, so @workspace asks for one. */
  async add(kind: ContextKind): Promise<void> {
    const query = kind === 'workspace'
      ? await vscode.window.showInputBox({ title: 'Churnistic: @workspace', prompt: 'What should the snippets be about?', ignoreFocusOut: true })
      : undefined;
    if (kind === 'workspace' && !query) return;
    await this.attach({ kind }, query ?? '');
  }

  /** `@file…` from the command palette. */
  async addFile(): Promise<void> {
    await this.attach({ kind: 'file' }, '');
  }

  /** Attaches what the question's mentions ask for; returns the question without them. */
  async fromMentions(text: string): Promise<{ text: string; added: number }> {
    const parsed = parseMentions(text);
    let added = 0;
    for (const mention of parsed.mentions) added += await this.attach(mention, parsed.text);
    return { text: parsed.text, added };
  }

  /** Chips a slash command asks for (its selection, /fix's problems). */
  async attachKinds(kinds: readonly ContextKind[], question: string): Promise<void> {
    for (const kind of kinds) await this.attach({ kind }, question);
  }

  /** The attachments cut to what one question may carry; anything dropped is said, never silent. */
  fitForQuestion(items: CodeContext[], model: string | null | undefined): CodeContext[] {
    const contextWindow = this.deps.windowOf(model);
    const { items: kept, dropped } = fitAttachments(items, { contextWindow, reserve: defaultReserve(contextWindow) });
    for (const d of dropped) this.notice('warning', `${d.fileName} was ${d.reason}.`);
    return kept;
  }

  private async attach(mention: Mention, question: string): Promise<number> {
    const items = await this.resolve(mention, question);
    for (const item of items) {
      this.deps.session.addContext(item);
      if (item.redactions) this.notice('info', `${item.redactions} secret${item.redactions === 1 ? '' : 's'} in ${item.fileName} replaced by placeholders before sending.`);
    }
    return items.length;
  }

  private async resolve(mention: Mention, question: string): Promise<CodeContext[]> {
    switch (mention.kind) {
      case 'selection': return this.selection();
      case 'file': return this.file(mention.path);
      case 'problems': return [this.problems()];
      case 'diff': return this.diff();
      case 'workspace': return this.workspace(question);
    }
  }

  private selection(): CodeContext[] {
    const editor = this.deps.targetEditor();
    if (!editor || editor.selection.isEmpty) {
      this.notice('warning', '@selection: select some code in an editor first.');
      return [];
    }
    const { document, selection } = editor;
    let end = selection.end;
    // a selection of whole lines ends at column 0 of the next line: that line is not part of it
    if (end.character === 0 && end.line > selection.start.line) end = document.lineAt(end.line - 1).range.end;
    const fileName = relativeName(document.uri);
    if (document.uri.scheme === 'file' && this.forbidden(fileName)) return this.refuse(fileName);
    return [selectionContext({ fileName, language: document.languageId, code: document.getText(new vscode.Range(selection.start, end)), startLine: selection.start.line })];
  }

  private async file(path: string | undefined): Promise<CodeContext[]> {
    const relative = path ?? (await this.pickFile());
    if (!relative) return [];
    if (relative.split(/[\\/]/).includes('..') || /^([a-zA-Z]:)?[\\/]/.test(relative)) {
      this.notice('warning', `@file: ${relative} is outside the workspace; only workspace files can be attached.`);
      return [];
    }
    if (this.forbidden(relative)) return this.refuse(relative);
    const uri = await this.uriOf(relative);
    if (!uri) {
      this.notice('warning', `@file: ${relative} was not found in the workspace.`);
      return [];
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const bytes = open ? undefined : await vscode.workspace.fs.readFile(uri);
    if (bytes && bytes.byteLength > MAX_FILE_BYTES) {
      this.notice('warning', `@file: ${relative} is larger than 1 MB; select the part you mean and use @selection.`);
      return [];
    }
    if (bytes?.includes(0)) {
      this.notice('warning', `@file: ${relative} is not a text file.`);
      return [];
    }
    const text = open?.getText() ?? new TextDecoder().decode(bytes);
    const language = open?.languageId ?? (await vscode.workspace.openTextDocument(uri)).languageId;
    return [fileContext({ fileName: relative, language, code: text })];
  }

  private problems(): CodeContext {
    const diagnostics: Diagnostic[] = [];
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) continue;
      const file = relativeName(uri);
      if (isSensitivePath(file)) continue;
      for (const d of list) {
        diagnostics.push({
          file, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: SEVERITY[d.severity], message: d.message,
          ...(d.source ? { source: d.source } : {}),
          ...(d.code !== undefined ? { code: String(typeof d.code === 'object' ? d.code.value : d.code) } : {}),
        });
      }
    }
    return problemsContext(diagnostics);
  }

  private async diff(): Promise<CodeContext[]> {
    const items: CodeContext[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const result = await gitDiff(folder.uri.fsPath);
      if ('error' in result) {
        this.notice('warning', `@diff (${folder.name}): ${result.error}.`);
        continue;
      }
      const { diff, removed } = removeSensitiveDiffFiles(result.diff, isSensitivePath);
      if (removed.length) this.notice('info', `@diff: left out ${removed.join(', ')} (sensitive files are never sent).`);
      const item = diffContext(diff, { fileName: `${folder.name} (git diff)` });
      if (item) items.push(item);
      else this.notice('info', `@diff (${folder.name}): no changes against HEAD.`);
    }
    return items;
  }

  private workspace(question: string): CodeContext[] {
    const index = this.deps.index();
    if (!index) {
      this.notice('warning', '@workspace: the workspace index is not ready yet; try again in a moment.');
      return [];
    }
    const items = workspaceContext(index.searchSnippets(question, 20, { minScore: 0.01 }));
    if (!items.length) this.notice('info', '@workspace: no indexed code matches the question.');
    return items;
  }

  private async pickFile(): Promise<string | undefined> {
    const known = [...(this.deps.index()?.knownFiles() ?? [])];
    const files = known.length ? known : (await vscode.workspace.findFiles('**/*', '**/{node_modules,.git,dist,out}/**', 5000))
      .map(relativeName).filter((f) => !isSensitivePath(f));
    const editor = this.deps.targetEditor();
    const active = editor ? relativeName(editor.document.uri) : undefined;
    const items = files.sort((a, b) => Number(b === active) - Number(a === active) || a.localeCompare(b)).map((label) => ({ label }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Churnistic: attach a file to the chat', matchOnDescription: true });
    return picked?.label;
  }

  private async uriOf(relative: string): Promise<vscode.Uri | undefined> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, relative);
      if (await vscode.workspace.fs.stat(uri).then(() => true, () => false)) return uri;
    }
    return undefined;
  }

  /** Sensitive by name (.env, keys…) or excluded by the workspace's .gitignore. */
  private forbidden(relative: string): boolean {
    return isSensitivePath(relative) || (this.deps.index()?.isGitIgnored(relative) ?? false);
  }

  private refuse(fileName: string): CodeContext[] {
    this.notice('warning', `${fileName} is a secrets file (.env, keys, credentials) or git-ignored: it is never sent to a model.`);
    return [];
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.deps.logger.info(`chat context: ${message}`);
    this.deps.post({ type: 'notice', level, message });
  }
}

function relativeName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri, false) : uri.path.split('/').pop() || uri.toString();
}
