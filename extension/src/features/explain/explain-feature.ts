// `churnistic.explain` (Explain Selection): the selection, or the whole file when nothing is
// selected, or — from the chat's `/explain` — the chips already attached. One prompt template
// (core/prompts) for all three. Also `churnistic.addSelectionToChat`, which attaches a chip.
import * as vscode from 'vscode';
import { contextFromEditor } from '../../adapters/editor';
import type { ChatSession } from '../../core/chat-session';
import type { Logger } from '../../core/logger';
import { explainPrompt, type ExplainOptions } from '../../core/prompts';
import type { CodeContext } from '../../../../protocol';
import { openChatView } from '../chat/chat-feature';

interface ExplainArgs {
  note?: string;
  fromChat?: boolean;
}

export class ExplainFeature implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly session: ChatSession, private readonly logger: Logger) {
    this.disposables = [
      vscode.commands.registerCommand('churnistic.explain', (arg?: unknown) => this.explain(asArgs(arg))),
      vscode.commands.registerCommand('churnistic.addSelectionToChat', () => this.addSelection()),
    ];
  }

  /** Resolves when the answer has ended (done, stopped or failed). */
  async explain(args: ExplainArgs = {}): Promise<void> {
    let context: CodeContext[];
    const options: ExplainOptions = { note: args.note };
    if (args.fromChat && this.session.pendingContext.length) {
      context = [...this.session.pendingContext];
    } else {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Churnistic: open a file (and select some code) to explain.');
        return;
      }
      const built = contextFromEditor(editor);
      if (built.trimmed) {
        options.trimmed = { keptLines: built.keptLines, totalLines: built.totalLines };
        void vscode.window.showInformationMessage(
          `Churnistic: that is long; only the first ${built.keptLines} of ${built.totalLines} lines are sent.`);
      }
      context = [built.context];
    }
    this.logger.info(`explain: ${context.map((c) => `${c.fileName}:${(c.startLine ?? 0) + 1}`).join(', ')}`);
    await openChatView();
    // the chips were the context of this question: clear them like a normal ask does
    if (args.fromChat) for (let i = this.session.pendingContext.length - 1; i >= 0; i--) this.session.removeContext(i);
    await this.session.ask(explainPrompt(context, options), { context });
  }

  private async addSelection(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Churnistic: open a file to add code to the chat.');
      return;
    }
    this.session.addContext(contextFromEditor(editor).context);
    await openChatView();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The editor context menu passes a Uri; the chat passes { note, fromChat }; tests pass nothing. */
function asArgs(arg: unknown): ExplainArgs {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return {};
  const { note, fromChat } = arg as Record<string, unknown>;
  return { note: typeof note === 'string' ? note : undefined, fromChat: fromChat === true };
}
