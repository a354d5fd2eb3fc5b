// One chat conversation, independent of any webview: the pending context chips, the transcript,
// the server's conversation id for follow-ups, and the answer in flight (with its AbortController).
// The chat view forwards what this posts; the explain command drives it even before the view exists.
import type { ChatRequest, CodeContext, ExtensionToWebview, TranscriptEntry } from '../../../protocol';
import type { ChurnisticClient } from './server-client';
import { Emitter } from './emitter';
import { ChurnisticError, UnauthorizedError, isAbortError } from './errors';
import type { Logger } from './logger';

export const MAX_CONTEXT_ITEMS = 20;

export interface ChatSessionOptions {
  client: ChurnisticClient;
  logger: Logger;
  /** Called when the server rejects the token mid-chat, so the connection state can follow. */
  onUnauthorized?: () => void;
  newId?: () => string;
}

export interface AskOptions {
  /** Context for this question only; the pending chips are used (and consumed) when omitted. */
  context?: CodeContext[];
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
  private pending: CodeContext[] = [];
  private entries: TranscriptEntry[] = [];
  private conversationId: string | undefined;
  private running: Running | undefined;
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

  addContext(item: CodeContext): void {
    this.pending = [...this.pending, item].slice(-MAX_CONTEXT_ITEMS);
    this.post({ type: 'context', items: this.pending });
  }

  removeContext(index: number): void {
    if (index >= this.pending.length) return;
    this.pending = this.pending.filter((_, i) => i !== index);
    this.post({ type: 'context', items: this.pending });
  }

  /** What a freshly loaded webview needs to show the current state. */
  snapshot(): ExtensionToWebview[] {
    return [{ type: 'transcript', entries: this.entries }, { type: 'context', items: this.pending }];
  }

  /** Asks one question; resolves once the answer ended (done, stopped or failed). Never rejects. */
  async ask(text: string, options: AskOptions = {}): Promise<void> {
    if (this.running) await this.stop();
    const context = (options.context ?? this.pending).slice(0, MAX_CONTEXT_ITEMS);
    if (!options.context && this.pending.length) {
      this.pending = [];
      this.post({ type: 'context', items: [] });
    }
    const userId = this.newId();
    this.entries.push({ id: userId, role: 'user', text, context });
    this.post({ type: 'userMessage', id: userId, text, context });

    const answer: TranscriptEntry = { id: this.newId(), role: 'assistant', text: '', status: 'streaming' };
    this.entries.push(answer);
    // shown at once as a "thinking" placeholder; posted again with the model once the server starts
    this.post({ type: 'answerStart', id: answer.id });

    const controller = new AbortController();
    const request: ChatRequest = { message: text };
    if (context.length) request.context = context;
    if (this.conversationId) request.conversationId = this.conversationId;
    const done = this.stream(answer, request, controller.signal);
    this.running = { answerId: answer.id, controller, done };
    try {
      await done;
    } finally {
      if (this.running?.answerId === answer.id) this.running = undefined;
    }
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
    this.entries = [];
    this.pending = [];
    this.conversationId = undefined;
    this.post({ type: 'cleared' });
    this.post({ type: 'context', items: [] });
  }

  dispose(): void {
    this.running?.controller.abort();
    this.posted.dispose();
  }

  private async stream(answer: TranscriptEntry, request: ChatRequest, signal: AbortSignal): Promise<void> {
    const { client, logger } = this.options;
    const started = Date.now();
    try {
      for await (const event of client.chat(request, signal)) {
        switch (event.type) {
          case 'start':
            this.conversationId = event.conversationId;
            answer.model = event.model;
            this.post({ type: 'answerStart', id: answer.id, model: event.model });
            break;
          case 'context': {
            const { type: _, ...report } = event;
            answer.contextReport = report;
            this.post({ type: 'answerContext', id: answer.id, report });
            if (report.dropped.messages || report.truncated.length) {
              logger.info(`chat: ${report.dropped.messages} earlier message(s) left out, ${report.truncated.length} attachment(s) shortened to fit ${report.contextWindow} tokens`);
            }
            break;
          }
          case 'delta':
            answer.text += event.text;
            this.post({ type: 'answerDelta', id: answer.id, text: event.text });
            break;
          case 'done':
            answer.status = 'done';
            this.post({ type: 'answerEnd', id: answer.id, finishReason: event.finishReason });
            logger.info(`chat: answer done (${event.finishReason}) in ${Date.now() - started} ms`);
            break;
          case 'error':
            this.fail(answer, `${event.message} (${event.code})`);
            logger.warn(`chat: server reported ${event.code}: ${event.message}`);
            break;
        }
      }
    } catch (e) {
      if (answer.status !== 'streaming') return; // already ended (done/error) before the connection went
      if (isAbortError(e) || signal.aborted) {
        answer.status = 'stopped';
        this.post({ type: 'answerEnd', id: answer.id, finishReason: 'stopped' });
        logger.info('chat: stopped by the user');
        return;
      }
      if (e instanceof UnauthorizedError) {
        this.fail(answer, `${e.message}. Sign in with "Churnistic: Sign In".`);
        this.options.onUnauthorized?.();
      } else {
        this.fail(answer, e instanceof ChurnisticError ? e.message : `Unexpected error: ${String(e)}`);
      }
      logger.error(e instanceof Error ? e : String(e));
    }
  }

  private fail(answer: TranscriptEntry, message: string): void {
    answer.status = 'error';
    answer.error = message;
    this.post({ type: 'answerError', id: answer.id, message });
  }

  private post(message: ExtensionToWebview): void {
    this.posted.fire(message);
  }
}
