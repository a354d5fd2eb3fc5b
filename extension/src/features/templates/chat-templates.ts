// Slash commands in the chat and "Try Prompt Template…" in the palette. Templates come from three
// places (core/templates/registry.ts says which wins): the built-ins, the team's on the server
// (fetched when the connection comes up) and `.churnistic/prompts/*.md` in the workspace (watched,
// so an edited file counts at once; a broken one is reported, not silently skipped).
import * as vscode from 'vscode';
import { TeamTemplateList, type ContextKind, type ExtensionToWebview, type PromptTemplate } from '../../../../protocol';
import type { Logger } from '../../core/logger';
import { redactSecrets } from '../../core/security/redact';
import type { ChurnisticClient } from '../../core/server-client';
import { missingVariables, parseTemplateFile, renderTemplate, TemplateRegistry } from '../../core/templates';

const PROMPTS_DIR = '.churnistic/prompts';
export const PROMPTS_GLOB = `${PROMPTS_DIR}/*.md`;

export type Expanded =
  | { kind: 'explain'; note: string }
  | { kind: 'prompt'; prompt: string; model?: string; attach: ContextKind[] }
  | { kind: 'error'; message: string };

export interface ChatTemplatesDeps {
  client: ChurnisticClient;
  post(message: ExtensionToWebview): void;
  targetEditor(): vscode.TextEditor | undefined;
  logger: Logger;
}

export class ChatTemplates implements vscode.Disposable {
  readonly registry = new TemplateRegistry();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly fileErrors = new Map<string, string>();

  constructor(private readonly deps: ChatTemplatesDeps) {
    const reload = () => void this.loadWorkspace();
    const touches = (uris: readonly vscode.Uri[]) => uris.some((u) => u.path.includes(`/${PROMPTS_DIR}`));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, PROMPTS_GLOB));
      this.disposables.push(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
    }
    // the file watcher can lag (or be off on remote file systems): edits made in the editor count at once
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((d) => { if (touches([d.uri])) reload(); }),
      vscode.workspace.onDidCreateFiles((e) => { if (touches(e.files)) reload(); }),
      vscode.workspace.onDidDeleteFiles((e) => { if (touches(e.files)) reload(); }),
      vscode.workspace.onDidRenameFiles((e) => { if (touches(e.files.flatMap((f) => [f.oldUri, f.newUri]))) reload(); }),
    );
  }

  /** The slash commands for the panel's menu. */
  message(): ExtensionToWebview {
    return { type: 'slashCommands', items: this.registry.commands() };
  }

  async loadWorkspace(): Promise<void> {
    const templates: PromptTemplate[] = [];
    const errors = new Map<string, string>();
    for (const uri of await promptFiles()) {
      const name = vscode.workspace.asRelativePath(uri, false);
      try {
        const parsed = parseTemplateFile(name, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        if ('template' in parsed) templates.push(parsed.template);
        else errors.set(name, parsed.error);
      } catch (e) {
        errors.set(name, `${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.registry.setWorkspace(templates);
    // say each broken file once per change, not on every reload
    for (const [name, error] of errors) {
      if (this.fileErrors.get(name) === error) continue;
      this.deps.logger.warn(`templates: ${error}`);
      void vscode.window.showWarningMessage(`Churnistic: prompt template ${error}`);
    }
    this.fileErrors.clear();
    for (const [name, error] of errors) this.fileErrors.set(name, error);
    this.deps.logger.info(`templates: ${templates.length} workspace template(s) loaded`);
    this.deps.post(this.message());
  }

  async loadTeam(): Promise<void> {
    try {
      this.registry.setTeam((await this.deps.client.json('/api/v1/templates', TeamTemplateList)).data);
      this.deps.post(this.message());
    } catch (e) {
      this.deps.logger.warn(`templates: could not load the team's templates: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * A question that starts with a known `/command`: its prompt (asking for missing variables in
   * input boxes), or undefined for a plain question.
   */
  async expand(text: string): Promise<Expanded | undefined> {
    const slash = this.registry.parseSlashInput(text);
    if (!slash) return undefined;
    const { template, source, input } = slash;
    if (template.name === 'explain' && source === 'builtin') return { kind: 'explain', note: input };
    const values = { ...slash.values };
    for (const name of missingVariables(template, values)) {
      const value = await askVariable(template, name);
      if (value === undefined) return { kind: 'error', message: `/${template.name} needs ${name}; nothing was sent.` };
      values[name] = value;
    }
    const editor = this.deps.targetEditor();
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    const rendered = renderTemplate(template, values, {
      input,
      selection: redactSecrets(selected, { fileName: editor?.document.fileName }).text,
      file: editor ? vscode.workspace.asRelativePath(editor.document.uri, false) : '',
      language: editor?.document.languageId ?? '',
    });
    if ('errors' in rendered) return { kind: 'error', message: `/${template.name}: ${rendered.errors.join('; ')}` };
    // the built-ins speak of "the attached code": attach the selection unless the body inlines it
    const attach: ContextKind[] = [];
    if (selected && !/\{\{\s*selection\s*\}\}/.test(template.body)) attach.push('selection');
    if (template.name === 'fix' && source === 'builtin') attach.push('problems');
    return { kind: 'prompt', prompt: rendered.prompt, ...(template.model ? { model: template.model } : {}), attach };
  }

  /** "Try Prompt Template…": pick one, give its input, and it is asked in the chat. */
  async pickAndCompose(): Promise<string | undefined> {
    const picked = await vscode.window.showQuickPick(this.registry.list().map(({ template, source }) => ({
      label: `/${template.name}`, description: template.description, detail: `${source}${template.model ? ` · ${template.model}` : ''}`, template,
    })), { title: 'Churnistic: try a prompt template', matchOnDescription: true });
    if (!picked) return undefined;
    const { template } = picked;
    const pairs: string[] = [];
    for (const variable of template.variables) {
      const value = await askVariable(template, variable.name);
      if (value === undefined) return undefined;
      if (value) pairs.push(`${variable.name}="${value.replace(/["\\]/g, '\\$&')}"`);
    }
    const usesInput = /\{\{\s*input\s*\}\}/.test(template.body);
    const input = usesInput ? await vscode.window.showInputBox({ title: `/${template.name}`, prompt: 'Anything to add (optional)', ignoreFocusOut: true }) : '';
    if (input === undefined) return undefined;
    return [`/${template.name}`, ...pairs, input].filter(Boolean).join(' ');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `.churnistic/prompts/*.md` of every workspace folder, read directly (no search service needed). */
async function promptFiles(): Promise<vscode.Uri[]> {
  const found: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const dir = vscode.Uri.joinPath(folder.uri, PROMPTS_DIR);
    const entries = await vscode.workspace.fs.readDirectory(dir).then((e) => e, () => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) {
      if (type === vscode.FileType.File && name.endsWith('.md')) found.push(vscode.Uri.joinPath(dir, name));
    }
  }
  return found.slice(0, 200);
}

/** One variable from the user: a pick among its options, else a free input validated as non-empty when required. */
async function askVariable(template: PromptTemplate, name: string): Promise<string | undefined> {
  const variable = template.variables.find((v) => v.name === name);
  const title = `/${template.name}: ${name}`;
  if (variable?.options) return vscode.window.showQuickPick(variable.options, { title, placeHolder: variable.description });
  return vscode.window.showInputBox({
    title, prompt: variable?.description, value: variable?.default ?? '', ignoreFocusOut: true,
    validateInput: (v) => (variable?.required && variable.default === undefined && !v.trim() ? `${name} is required` : undefined),
  });
}
