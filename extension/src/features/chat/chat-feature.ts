// Composes the chat: the view, the controller behind it, and the pieces it uses (context chips,
// code actions, history, models and meter, templates); registers the chat commands; keeps the
// conversation across window reloads (workspace state, validated on the way back in).
import * as vscode from 'vscode';
import * as z from 'zod';
import { TranscriptEntry, type ExtensionToWebview } from '../../../../protocol';
import type { ChatSession } from '../../core/chat-session';
import type { ConnectionMonitor } from '../../core/connection';
import type { ChurnisticClient } from '../../core/server-client';
import type { ServerPreferences } from '../../core/server-preferences';
import type { WorkspaceIndex } from '../../core/workspace-index/workspace-index';
import { ChatTemplates } from '../templates/chat-templates';
import { ChatContext } from './chat-context';
import { ChatController } from './chat-controller';
import { ChatHistory } from './chat-history';
import { ChatModels } from './chat-models';
import { CHAT_VIEW_ID, ChatViewProvider } from './chat-view-provider';
import { CodeActions } from './code-actions';

const SAVED_KEY = 'churnistic.chat.saved';
const SavedChat = z.object({ conversationId: z.string().optional(), title: z.string().optional(), entries: z.array(TranscriptEntry) });

export interface ChatFeatureDeps {
  context: vscode.ExtensionContext;
  session: ChatSession;
  monitor: ConnectionMonitor;
  client: ChurnisticClient;
  logger: vscode.LogOutputChannel;
  index(): WorkspaceIndex | undefined;
  preferences: ServerPreferences;
}

export class ChatFeature implements vscode.Disposable {
  readonly provider: ChatViewProvider;
  readonly controller: ChatController;
  private readonly disposables: vscode.Disposable[];

  constructor({ context, session, monitor, client, logger, index, preferences }: ChatFeatureDeps) {
    const post = (message: ExtensionToWebview) => this.provider.post(message);
    const code = new CodeActions(logger);
    const models = new ChatModels(client, session, context.globalState, post, logger);
    const history = new ChatHistory(client, session, context.globalStorageUri, post, logger,
      vscode.workspace.getConfiguration('churnistic.chat').get<number>('historyCacheSize', 200));
    const chatContext = new ChatContext({ session, post, targetEditor: () => code.targetEditor, index, windowOf: (m) => models.windowOf(m), logger });
    const templates = new ChatTemplates({ client, post, targetEditor: () => code.targetEditor, logger });
    this.controller = new ChatController({ session, post, code, context: chatContext, history, models, templates, logger,
      chatAllowed: () => preferences.current.features.chat });
    this.provider = new ChatViewProvider(context.extensionUri, {
      snapshot: () => [connection(monitor), models.message(), templates.message(), ...session.snapshot(), { type: 'meter', meter: models.meter() }],
      handle: (message) => this.controller.handle(message),
    }, logger);

    restore(session, context.workspaceState, logger);
    void templates.loadWorkspace();
    const connected = () => {
      if (monitor.status.state !== 'connected') return;
      void models.refresh();
      void templates.loadTeam();
    };
    this.disposables = [
      this.provider, code, templates,
      vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.provider, { webviewOptions: { retainContextWhenHidden: false } }),
      session.onDidPost((message) => {
        post(message);
        if (message.type === 'context' || message.type === 'transcript' || message.type === 'answerEnd') models.postMeter();
      }),
      session.onDidChange(() => {
        void context.workspaceState.update(SAVED_KEY, session.saved());
        const id = session.currentConversationId;
        if (id && !session.busy) void history.remember(id);
      }),
      preferences.onDidChange((p) => models.applyPreferredModel(p.defaultModels.chat)),
      monitor.onDidChange(() => {
        post(connection(monitor));
        connected();
      }),
      vscode.commands.registerCommand('churnistic.openChat', () => openChatView()),
      vscode.commands.registerCommand('churnistic.newChat', () => session.clear()),
      vscode.commands.registerCommand('churnistic.showLog', () => logger.show(true)),
      vscode.commands.registerCommand('churnistic.showHistory', async () => {
        await openChatView();
        post({ type: 'showView', view: 'history' });
        await history.list();
      }),
      vscode.commands.registerCommand('churnistic.addFileToChat', async () => {
        await chatContext.addFile();
        await openChatView();
      }),
      vscode.commands.registerCommand('churnistic.reloadTemplates', async () => {
        await templates.loadWorkspace();
        await templates.loadTeam();
      }),
      vscode.commands.registerCommand('churnistic.tryTemplate', async () => {
        const text = await templates.pickAndCompose();
        if (!text) return;
        await openChatView();
        await this.controller.ask(text);
      }),
    ];
    connected();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Reveals the chat view (VS Code generates `<viewId>.focus` for every view). */
export function openChatView(): Thenable<unknown> {
  return vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}

function connection(monitor: ConnectionMonitor): ExtensionToWebview {
  const { state, serverUrl } = monitor.status;
  return { type: 'connection', state, serverUrl };
}

function restore(session: ChatSession, state: vscode.Memento, logger: vscode.LogOutputChannel): void {
  const raw = state.get<unknown>(SAVED_KEY);
  if (raw === undefined) return;
  const parsed = SavedChat.safeParse(raw);
  if (parsed.success) session.restore(parsed.data);
  else logger.warn('chat: the saved conversation could not be read and was not restored');
}
