// The model picker and the context meter. The list comes from the server (`GET /api/v1/models`,
// fetched when the connection comes up), the choice is remembered across windows, and the meter
// says how much of the chosen model's window the next question would use: an estimate from the
// editor before sending, the server's own count once an answer started.
import type * as vscode from 'vscode';
import { ChatModelList, type ChatModel, type ContextMeter, type ExtensionToWebview } from '../../../../protocol';
import type { ChatSession } from '../../core/chat-session';
import { contextMeter, defaultReserve } from '../../core/context/meter';
import { attachmentTokens } from '../../core/context/fit';
import { estimateTokens } from '../../core/context/tokens';
import type { Logger } from '../../core/logger';
import type { ChurnisticClient } from '../../core/server-client';

const MODEL_KEY = 'churnistic.chat.model';
/** The server's default when it did not say (matches the server's own default window). */
export const DEFAULT_CONTEXT_WINDOW = 131_072;

export class ChatModels {
  private models: ChatModel[] = [];

  constructor(
    private readonly client: ChurnisticClient,
    private readonly session: ChatSession,
    private readonly state: vscode.Memento,
    private readonly post: (message: ExtensionToWebview) => void,
    private readonly logger: Logger,
  ) {
    session.model = state.get<string | null>(MODEL_KEY, null);
  }

  /**
   * The user's default chat model from their server preferences: used until they pick one in this
   * editor (a pick here wins, and "Default" goes back to the server's choice).
   */
  applyPreferredModel(model: string | undefined): void {
    if (this.state.get(MODEL_KEY) !== undefined) return;
    this.session.model = model ?? null;
    this.post(this.message());
    this.postMeter();
  }

  /** Fetches the list again (after sign-in or a new server); keeps the old one on failure. */
  async refresh(): Promise<void> {
    try {
      const list = await this.client.json('/api/v1/models', ChatModelList);
      this.models = list.data;
      if (this.session.model && !this.models.some((m) => m.id === this.session.model)) {
        this.logger.info(`chat: the server no longer offers ${this.session.model}; using its default`);
        await this.select(null);
        return;
      }
      this.post(this.message());
      this.postMeter();
    } catch (e) {
      this.logger.warn(`chat: could not load the model list: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async select(model: string | null): Promise<void> {
    this.session.model = model;
    await this.state.update(MODEL_KEY, model);
    this.post(this.message());
    this.postMeter();
  }

  /** The window of `model` (the session's choice by default; the server's default model when none). */
  windowOf(model: string | null | undefined = this.session.model): number {
    const found = model ? this.models.find((m) => m.id === model) : this.models.find((m) => m.isDefault);
    return found?.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  }

  message(): ExtensionToWebview {
    return { type: 'models', items: this.models, selected: this.session.model };
  }

  /** The meter for the next question: the server's count after an answer, else an estimate. */
  meter(): ContextMeter {
    const contextWindow = this.windowOf();
    const reserve = defaultReserve(contextWindow);
    const model = this.session.model ?? this.models.find((m) => m.isDefault)?.id ?? 'default';
    const last = this.session.transcript.at(-1);
    const report = last?.role === 'assistant' ? last.contextReport : undefined;
    if (report && report.contextWindow === contextWindow) {
      // the server counted the last question exactly; add its answer and what is attached since
      const pending = this.session.pendingContext.reduce((n, c) => n + attachmentTokens(c), 0);
      const usedTokens = report.promptTokens + estimateTokens(last?.text ?? '') + pending;
      return { usedTokens, contextWindow, reserve, model, source: 'server' };
    }
    return contextMeter({
      model,
      contextWindow,
      reserve,
      history: this.session.transcript.map((e) => e.text),
      pending: [...this.session.pendingContext],
      draft: '',
    });
  }

  postMeter(): void {
    this.post({ type: 'meter', meter: this.meter() });
  }
}
