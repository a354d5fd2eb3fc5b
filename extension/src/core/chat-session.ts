// One chat conversation, independent of any webview: the pending context chips, the transcript,
// the server's conversation id for follow-ups, the chosen model, and the answer in flight (with
// its AbortController). The chat view forwards what this posts; the explain command drives it even
// before the view exists. Retry and edit-and-resend cut the transcript (and, through
// `replaceFrom`, the server's copy) at a question and ask again from there.
import type { ChatEvent, ChatRequest, CodeContext, ConversationDetail, ExtensionToWebview, TranscriptEntry } from '../../../protocol';
import { chatRequest, streamTurn } from './chat-turn';
import { Emitter } from './emitter';
import type { Logger } from './logger';

export const MAX_CONTEXT_ITEMS = 20;

/** What the session needs from the server. */
export interface ChatBackend {
  chat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
}

export interface ChatSessionOptions {
  client: ChatBackend;
  logger: Logger;
  /** Called when the server rejects the token mid-chat, so the connection state can follow. */
  onUnauthorized?: () => void;
  newId?: () => string;
}

export interface AskOptions {
  /** Context for this question only; the pending chips are used (and consumed) when omitted. */
  context?: CodeContext[];
  /** A model for this question only (a template's); the session's choice otherwise. */
  model?: string;
}

/** What survives a window reload (kept in the workspace state by the chat feature). */
export interface SavedChat {
  conversationId?: string;
  title?: string;
  entries: TranscriptEntry[];
}

interface Running {
  answerId: string;
  controller: AbortController;
  done: Promise<void>;
}

export class ChatSession {
  private readonly posted = new Emitter<ExtensionToWebview>();
  /** Everything the webview must show; each message is also posted as it happens. */
  readonly onDidPost = this.posted.event;
  private readonly changed = new Emitter<void>();
  /** The conversation changed in a way worth saving (an answer ended, new chat, opened from history). */
  readonly onDidChange = this.changed.event;
  private pending: CodeContext[] = [];
  private entries: TranscriptEntry[] = [];
  private conversationId: string | undefined;
  private title: string | undefined;
  private running: Running | undefined;
  private chosenModel: string | null = null;
  private readonly newId: () => string;

  constructor(private readonly options: ChatSessionOptions) {
    this.newId = options.newId ?? (() => crypto.randomUUID());
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  get transcript(): readonly TranscriptEntry[] {
    return this.entries;
  }

  get pendingContext(): readonly CodeContext[] {
    return this.pending;
  }

  get currentConversationId(): string | undefined {
    return this.conversationId;
  }

  /** The model picked in the panel; null: the server's default. */
  get model(): string | null {
    return this.chosenModel;
  }

  set model(model: string | null) {
    this.chosenModel = model;
  }

  addContext(item: CodeContext): void {
    this.pending = [...this.pending, item].slice(-MAX_CONTEXT_ITEMS);
    this.post({ type: 'context', items: this.pending });
  }

  removeContext(index: number): void {
    if (index >= this.pending.length) return;
    this.pending = this.pending.filter((_, i) => i !== index);
    this.post({ type: 'context', items: this.pending });
  }

  clearContext(): void {
    if (!this.pending.length) return;
    this.pending = [];
    this.post({ type: 'context', items: [] });
  }

  /** What a freshly loaded webview needs to show the current state. */
  snapshot(): ExtensionToWebview[] {
    return [
      { type: 'transcript', entries: this.entries },
      { type: 'context', items: this.pending },
      { type: 'conversation', id: this.conversationId ?? null, ...(this.title ? { title: this.title } : {}) },
    ];
  }

  /** Asks one question; resolves once the answer ended (done, stopped or failed). Never rejects. */
  async ask(text: string, options: AskOptions = {}): Promise<void> {
    if (this.running) await this.stop();
    const context = (options.context ?? this.pending).slice(0, MAX_CONTEXT_ITEMS);
    if (!options.context && this.pending.length) {
      this.pending = [];
      this.post({ type: 'context', items: [] });
    }
    await this.turn(text, context, options.model);
  }

  /** Asks the question before answer `answerId` again; that answer and everything after it go. */
  async retry(answerId: string): Promise<void> {
    const index = this.entries.findIndex((e) => e.id === answerId && e.role === 'assistant');
    const question = index > 0 ? this.entries[index - 1] : undefined;
    if (!question || question.role !== 'user') return;
    await this.resend(question, question.text);
  }

  /** Replaces question `userId` by `text` and asks again from there. */
  async editAndResend(userId: string, text: string): Promise<void> {
    const question = this.entries.find((e) => e.id === userId && e.role === 'user');
    if (question) await this.resend(question, text);
  }

  /** Aborts the answer in flight: the HTTP request closes, so the server and the upstream stop too. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
  }

  /** New chat: forget the conversation (the server keeps its history) and clear the view. */
  async clear(): Promise<void> {
    await this.stop();
    this.replace({ entries: [] });
    this.pending = [];
    this.post({ type: 'context', items: [] });
  }

  /** Shows a conversation from the history; the next question continues it. */
  async open(detail: ConversationDetail): Promise<void> {
    await this.stop();
    this.replace({ conversationId: detail.id, title: detail.title, entries: entriesOf(detail) });
  }

  /** Restores what `saved()` returned before a reload. Answers that were streaming show as stopped. */
  restore(saved: SavedChat): void {
    const entries = saved.entries.map((e) => (e.status === 'streaming' ? { ...e, status: 'stopped' as const } : e));
    this.replace({ ...saved, entries });
  }

  saved(): SavedChat {
    return { conversationId: this.conversationId, title: this.title, entries: this.entries };
  }

  /** Records the rating shown for an answer (the server call is the caller's). */
  setFeedback(answerId: string, rating: 'up' | 'down' | null): void {
    const entry = this.entries.find((e) => e.id === answerId);
    if (!entry) return;
    if (rating) entry.feedback = rating;
    else delete entry.feedback;
    this.post({ type: 'feedback', id: answerId, rating });
    this.changed.fire();
  }

  /** The server id of answer `answerId`, once the server has stored it. */
  serverIdOf(answerId: string): string | undefined {
    return this.entries.find((e) => e.id === answerId)?.serverId;
  }

  dispose(): void {
    this.running?.controller.abort();
    this.posted.dispose();
    this.changed.dispose();
  }

  private async resend(question: TranscriptEntry, text: string): Promise<void> {
    await this.stop();
    const index = this.entries.indexOf(question);
    if (index < 0) return;
    this.entries = this.entries.slice(0, index);
    this.post({ type: 'transcript', entries: [...this.entries] });
    await this.turn(text, question.context ?? [], undefined, question.serverId);
  }

  private async turn(text: string, context: CodeContext[], model: string | undefined, replaceFrom?: string): Promise<void> {
    const question: TranscriptEntry = { id: this.newId(), role: 'user', text, context };
    this.entries.push(question);
    this.post({ type: 'userMessage', id: question.id, text, context });
    this.title ??= text.split('\n')[0]?.slice(0, 80);

    const answer: TranscriptEntry = { id: this.newId(), role: 'assistant', text: '', status: 'streaming' };
    this.entries.push(answer);
    // shown at once as a "thinking" placeholder; posted again with the model once the server starts
    this.post({ type: 'answerStart', id: answer.id });

    const controller = new AbortController();
    const request = chatRequest({
      message: text,
      context,
      conversationId: this.conversationId,
      model: model ?? this.chosenModel ?? undefined,
      replaceFrom: this.conversationId ? replaceFrom : undefined,
    });
    const events = this.options.client.chat(request, controller.signal);
    const done = streamTurn(events, question, answer, controller.signal, {
      post: (m) => this.post(m),
      started: (conversationId) => {
        if (conversationId !== this.conversationId) {
          this.conversationId = conversationId;
          this.post({ type: 'conversation', id: conversationId, ...(this.title ? { title: this.title } : {}) });
        }
      },
      onUnauthorized: this.options.onUnauthorized,
    }, this.options.logger);
    this.running = { answerId: answer.id, controller, done };
    try {
      await done;
    } finally {
      if (this.running?.answerId === answer.id) this.running = undefined;
      this.changed.fire();
    }
  }

  private replace(chat: SavedChat): void {
    this.entries = chat.entries;
    this.conversationId = chat.conversationId;
    this.title = chat.title;
    this.post({ type: 'transcript', entries: [...this.entries] });
    this.post({ type: 'conversation', id: this.conversationId ?? null, ...(this.title ? { title: this.title } : {}) });
    this.changed.fire();
  }

  private post(message: ExtensionToWebview): void {
    this.posted.fire(message);
  }
}

const STATUS = { complete: 'done', streaming: 'stopped', aborted: 'stopped', error: 'error' } as const;

/** The history's messages as transcript entries (system messages are not shown). */
export function entriesOf(detail: ConversationDetail): TranscriptEntry[] {
  return detail.messages.filter((m) => m.role !== 'system').map((m) => ({
    id: m.id,
    serverId: m.id,
    role: m.role as 'user' | 'assistant',
    text: m.content,
    ...(m.role === 'assistant' ? { status: STATUS[m.status] } : {}),
    ...(m.model ? { model: m.model } : {}),
    ...(m.feedback ? { feedback: m.feedback.rating } : {}),
    ...(m.role === 'assistant' && m.status === 'error' ? { error: 'This answer failed.' } : {}),
  }));
}
