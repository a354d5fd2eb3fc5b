import { ErrorCode, type ChatEvent, type ChatRequest, type MessageRecord } from '../../../protocol';
import type { ConversationsRepo } from '../data/conversations-repo';
import type { CallMeta, Gateway } from '../llm/gateway';
import { AbortedError } from '../llm/upstream-errors';
import { previousMessages, SYSTEM_PROMPT, titleFrom, userTurn } from './chat-prompt';
import { TokenCounters, type TokenCounter } from './context-window/counter';
import { familyOf } from './context-window/families';
import { fitConversation } from './context-window/fit';
import { contextWindowOf } from './chat-models';
import { AppError, badRequest, notFound } from './errors';

/**
 * One chat turn: store the question, stream the answer to `emit`, store the answer with how it
 * ended (complete, aborted, error). Knows nothing about HTTP.
 */
export class ChatService {
  constructor(
    private readonly conversations: ConversationsRepo,
    private readonly gateway: Gateway,
    private readonly counters: TokenCounters = new TokenCounters(),
  ) {}

  /**
   * Resolves when the turn is over. Throws before anything was emitted when the turn cannot start
   * (unknown conversation, no provider, upstream refused): the caller answers with a plain error.
   * Failures after the stream began are emitted as an `error` event and rethrown.
   */
  async run(request: ChatRequest, meta: CallMeta, signal: AbortSignal, emit: (e: ChatEvent) => void): Promise<void> {
    const owner = meta.principal;
    const model = request.model ?? this.gateway.defaultModel('chat');
    let conversationId = request.conversationId;
    if (request.replaceFrom && !conversationId) throw badRequest('replaceFrom needs the conversationId of the message it names');
    if (conversationId && !(await this.conversations.exists(owner, conversationId))) throw notFound('conversation');

    const stored = conversationId ? await this.conversations.messages(conversationId) : [];
    // Retry / edit: the turn continues from just before the replaced question.
    const history = request.replaceFrom ? stored.slice(0, replacedAt(stored, request.replaceFrom)) : stored;
    // Fitted to the window of the model asked for (the head of the fallback chain).
    const { messages, report } = fitConversation({
      system: SYSTEM_PROMPT,
      history: previousMessages(history),
      message: request.message,
      attachments: request.context ?? [],
      contextWindow: contextWindowOf(this.gateway, model),
      maxTokens: request.maxTokens,
      counter: this.counterFor(model),
    });
    const call = await this.gateway.stream(
      { model, messages, stream: true, ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}) }, signal, meta);

    // Only store the turn (and only delete what it replaces) once the upstream accepted it, so a
    // refused request leaves the conversation as it was.
    let messageId: string;
    let userMessageId: string;
    try {
      conversationId ??= await this.conversations.create(owner, titleFrom(request.message));
      // One transaction: the replaced turns go only together with the new question's arrival. The
      // answer's model is the one that answered, which a fallback may have changed.
      const ids = await this.conversations.startTurn(owner, conversationId, userTurn(request), call.model, request.replaceFrom);
      if (!ids) throw new AppError(409, ErrorCode.conflict, 'replaceFrom: that message was removed while this turn started; reload the conversation');
      ({ userMessageId, messageId } = ids);
    } catch (err) {
      await call.finish({ error: err }); // stops the upstream and records the call
      throw err;
    }
    emit({ type: 'start', conversationId, messageId, userMessageId, model: call.model });
    emit({ type: 'context', ...report });

    const started = performance.now();
    let failure: unknown;
    try {
      for await (const chunk of call.upstream.chunks()) {
        const text = chunk.choices.map((c) => c.delta?.content ?? '').join('');
        if (text) emit({ type: 'delta', text });
      }
      emit({ type: 'done', finishReason: call.upstream.finishReason ?? 'stop', ...(call.upstream.usage ? { usage: call.upstream.usage } : {}) });
    } catch (err) {
      failure = signal.aborted ? new AbortedError() : err;
      throw failure;
    } finally {
      await this.conversations.finishMessage(messageId, {
        content: call.upstream.text,
        status: !failure ? 'complete' : failure instanceof AbortedError ? 'aborted' : 'error',
        promptTokens: call.upstream.usage?.prompt_tokens,
        completionTokens: call.upstream.usage?.completion_tokens,
        latencyMs: performance.now() - started,
      });
      await call.finish({ error: failure });
    }
  }

  /** The tokenizer of the model: by its name at the provider, else by our id (e.g. an alias). */
  private counterFor(model: string): TokenCounter {
    const upstream = this.gateway.model(model)?.upstreamModel;
    return this.counters.forFamily(upstream && familyOf(upstream) !== 'generic' ? familyOf(upstream) : familyOf(model));
  }
}

/** Where the replaced question is in the history; 404/400 (nothing deleted yet) when it cannot be replaced. */
function replacedAt(history: MessageRecord[], id: string): number {
  const at = history.findIndex((m) => m.id === id);
  if (at < 0) throw new AppError(404, ErrorCode.notFound, `replaceFrom: message ${id} is not in this conversation`);
  if (history[at]!.role !== 'user') {
    const role = history[at]!.role === 'assistant' ? 'an assistant' : 'a system';
    throw badRequest(`replaceFrom: message ${id} is ${role} message; give the id of the user message to resend from`);
  }
  return at;
}
