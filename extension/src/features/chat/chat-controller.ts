// What each message from the chat panel does. Questions go through three steps before the
// session sends them: `@` mentions become context chips (chat-context.ts), a slash command becomes
// its template's prompt (templates), and the attachments are fitted to the model's window; the
// rest are small actions on the session, the editor, the history or the server.
import * as vscode from 'vscode';
import type { ExtensionToWebview, WebviewToExtension } from '../../../../protocol';
import type { ChatSession } from '../../core/chat-session';
import type { Logger } from '../../core/logger';
import type { ChatContext } from './chat-context';
import type { ChatHistory } from './chat-history';
import type { ChatModels } from './chat-models';
import type { CodeActions } from './code-actions';
import type { ChatTemplates } from '../templates/chat-templates';

export interface ChatControllerDeps {
  session: ChatSession;
  post(message: ExtensionToWebview): void;
  code: CodeActions;
  context: ChatContext;
  history: ChatHistory;
  models: ChatModels;
  templates: ChatTemplates;
  logger: Logger;
  /** The server-side preference (features.chat). */
  chatAllowed?: () => boolean;
}

type Message = Exclude<WebviewToExtension, { type: 'ready' }>;

export class ChatController {
  constructor(private readonly deps: ChatControllerDeps) {}

  async handle(message: Message): Promise<void> {
    const { session, code, context, history, models } = this.deps;
    switch (message.type) {
      case 'ask': return this.ask(message.text);
      case 'stop': return session.stop();
      case 'newChat': return session.clear();
      case 'signIn': return void (await vscode.commands.executeCommand('churnistic.signIn'));
      case 'removeContext': return session.removeContext(message.index);
      case 'addContext': return context.add(message.kind);
      case 'retry': return this.whenIdleOrStop(() => session.retry(message.id));
      case 'editResend': return this.whenIdleOrStop(() => session.editAndResend(message.id, message.text));
      case 'feedback': return this.feedback(message.id, message.rating);
      case 'selectModel': return models.select(message.model);
      case 'copyCode': return code.copy(message.code);
      case 'insertCode': return void (await code.insert(message.code));
      case 'applyCode': return void (await code.apply(message.code));
      case 'listHistory': return history.list(message.cursor);
      case 'searchHistory': return history.search(message.query);
      case 'openConversation': return history.open(message.id);
      case 'renameConversation': return history.rename(message.id, message.title);
      case 'deleteConversation': return history.remove(message.id);
    }
  }

  /** A question typed in the panel: mentions, then a slash command, then the session. */
  async ask(typed: string): Promise<void> {
    const { session, context, templates, post } = this.deps;
    if (this.deps.chatAllowed && !this.deps.chatAllowed()) {
      post({ type: 'notice', level: 'warning', message: 'Chat is turned off in your Churnistic preferences (on the server\'s account page).' });
      post({ type: 'prefill', text: typed });
      return;
    }
    const { text, added } = await context.fromMentions(typed);
    const expanded = await templates.expand(text || typed);
    if (expanded?.kind === 'error') {
      post({ type: 'notice', level: 'error', message: expanded.message });
      post({ type: 'prefill', text: typed });
      return;
    }
    if (expanded?.kind === 'explain') {
      // one explain command serves the selection, the file and the chat's /explain (DESIGN)
      await vscode.commands.executeCommand('churnistic.explain', { note: expanded.note, fromChat: true });
      return;
    }
    const question = expanded?.prompt ?? (text || (added ? 'Explain the attached context.' : typed));
    const model = expanded?.model;
    if (expanded) {
      const missing = expanded.attach.filter((kind) => !session.pendingContext.some((c) => c.kind === kind));
      await context.attachKinds(missing, question);
    }
    const attachments = context.fitForQuestion([...session.pendingContext], model ?? session.model);
    // the chips are this question's context: they go once it is sent, as with a plain ask
    session.clearContext();
    await session.ask(question, { context: attachments, ...(model ? { model } : {}) });
  }

  private async feedback(answerId: string, rating: 'up' | 'down' | null): Promise<void> {
    const { session, post } = this.deps;
    const serverId = session.serverIdOf(answerId);
    if (!serverId) {
      post({ type: 'notice', level: 'warning', message: 'This answer was not stored on the server, so it cannot be rated.' });
      return;
    }
    await this.deps.history.rate(serverId, rating);
    session.setFeedback(answerId, rating);
  }

  private async whenIdleOrStop(run: () => Promise<void>): Promise<void> {
    if (this.deps.session.busy) await this.deps.session.stop();
    await run();
  }
}
