import type { ChatCompletionRequest } from '../../../protocol';
import type { UsageRecord, UsageRepo } from '../data/usage-repo';
import { costUsd } from './pricing';
import type { Principal } from '../domain/principal';
import type { Metrics } from '../metrics';
import type { Completion, FimRequest, FimResult } from './provider';
import type { ProviderRegistry } from './registry';
import { estimatePromptTokens, estimateTokens } from './token-estimate';
import { UpstreamStream } from './upstream-stream';
import { AbortedError } from './upstream-errors';
import { AppError } from '../domain/errors';

export interface CallMeta {
  requestId: string;
  principal: Principal;
  task: UsageRecord['task'];
  /** performance.now() when the request reached the server: overhead is measured from here. */
  receivedAt: number;
}

export interface StreamCall {
  upstream: UpstreamStream;
  /** Time spent in Churnistic before the upstream request went out. */
  overheadBeforeUpstreamMs: number;
  /** Records usage and metrics; call once, with how the stream ended. */
  finish(outcome: { error?: unknown }): Promise<void>;
}

/** A failure while the client's signal is aborted is the client leaving, whatever the SDK threw. */
const outcomeOf = (error: unknown, signal: AbortSignal): { status: string; errorCode?: string } => {
  if (!error) return { status: 'ok' };
  if (error instanceof AbortedError || signal.aborted) return { status: 'aborted' };
  return { status: 'error', errorCode: error instanceof AppError ? error.code : 'internal_error' };
};

/**
 * Every LLM call goes through here: pick the provider, call it, and record exactly one usage row
 * and the metrics, whatever the outcome. Routes only translate to and from HTTP.
 */
export type UsageListener = (record: UsageRecord) => void | Promise<void>;

export class Gateway {
  private readonly listeners: UsageListener[] = [];

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly usage: UsageRepo,
    private readonly metrics: Metrics,
  ) {}

  /** Called after each usage record is written (limits count tokens and spend, alerts watch spend). */
  onRecorded(listener: UsageListener): void {
    this.listeners.push(listener);
  }

  get models() {
    return this.registry.models;
  }

  model(id: string) {
    return this.registry.model(id);
  }

  defaultModel(task: 'chat' | 'inline' | 'review') {
    return this.registry.defaultModel(task);
  }

  async complete(body: ChatCompletionRequest, signal: AbortSignal, meta: CallMeta): Promise<{ completion: Completion; overheadMs: number }> {
    const provider = this.registry.providerFor(body.model);
    const { result, overheadMs } = await this.recorded(provider.name, body, signal, meta, () => provider.complete(body, signal), (completion) => ({
      promptTokens: completion.usage?.prompt_tokens ?? estimatePromptTokens(body),
      completionTokens: completion.usage?.completion_tokens ?? estimateTokens(completion.choices?.[0]?.message?.content ?? ''),
    }));
    return { completion: result, overheadMs };
  }

  /** Fill-in-the-middle, for models whose provider has a real FIM endpoint. */
  async fim(request: FimRequest, signal: AbortSignal, meta: CallMeta): Promise<{ result: FimResult; overheadMs: number }> {
    const provider = this.registry.providerFor(request.model);
    if (!provider.fim || !this.registry.model(request.model)?.fim) {
      throw new AppError(400, 'fim_unsupported', `model ${request.model} has no fill-in-the-middle endpoint; send a chat prompt`);
    }
    const asChat = { model: request.model, messages: [{ role: 'user' as const, content: request.prompt + request.suffix }] };
    return this.recorded(provider.name, asChat, signal, meta, () => provider.fim!(request, signal), (r) => ({
      promptTokens: r.usage?.prompt_tokens ?? estimatePromptTokens(asChat),
      completionTokens: r.usage?.completion_tokens ?? estimateTokens(r.text),
    }));
  }

  /** Runs one non-streamed upstream call and records its usage, whatever the outcome. */
  private async recorded<T>(provider: string, body: ChatCompletionRequest, signal: AbortSignal, meta: CallMeta,
    call: () => Promise<T>, tokens: (result: T) => { promptTokens: number; completionTokens: number }): Promise<{ result: T; overheadMs: number }> {
    const upstreamStart = performance.now();
    try {
      const result = await call();
      const upstreamMs = performance.now() - upstreamStart;
      const overheadMs = performance.now() - meta.receivedAt - upstreamMs;
      await this.record(meta, provider, body, { ...tokens(result), overheadMs, status: 'ok' });
      return { result, overheadMs };
    } catch (error) {
      await this.record(meta, provider, body, {
        promptTokens: 0, completionTokens: 0, ...outcomeOf(error, signal), overheadMs: upstreamStart - meta.receivedAt,
      });
      throw error;
    }
  }

  async stream(body: ChatCompletionRequest, signal: AbortSignal, meta: CallMeta): Promise<StreamCall> {
    const provider = this.registry.providerFor(body.model);
    const upstreamStart = performance.now();
    const overheadBeforeUpstreamMs = upstreamStart - meta.receivedAt;
    let upstream: UpstreamStream;
    try {
      upstream = await UpstreamStream.open(provider, body, signal);
    } catch (error) {
      await this.record(meta, provider.name, body, { promptTokens: 0, completionTokens: 0, overheadMs: overheadBeforeUpstreamMs, ...outcomeOf(error, signal) });
      throw error;
    }
    const firstTokenMs = (upstream.firstChunkAt ?? performance.now()) - meta.receivedAt;
    this.metrics.timeToFirstToken.labels(provider.name, body.model).observe(firstTokenMs / 1000);
    let finished = false;
    return {
      upstream,
      overheadBeforeUpstreamMs,
      finish: async ({ error }) => {
        if (finished) return;
        finished = true;
        await this.record(meta, provider.name, body, {
          promptTokens: upstream.usage?.prompt_tokens ?? estimatePromptTokens(body),
          completionTokens: upstream.usage?.completion_tokens ?? estimateTokens(upstream.text),
          firstTokenMs, overheadMs: overheadBeforeUpstreamMs, ...outcomeOf(error, signal),
        });
      },
    };
  }

  private async record(meta: CallMeta, provider: string, body: ChatCompletionRequest, r: {
    promptTokens: number; completionTokens: number; status: string; errorCode?: string; overheadMs?: number; firstTokenMs?: number;
  }): Promise<void> {
    this.metrics.llmRequests.labels(provider, body.model, meta.task, r.status).inc();
    this.metrics.llmTokens.labels(body.model, 'prompt').inc(r.promptTokens);
    this.metrics.llmTokens.labels(body.model, 'completion').inc(r.completionTokens);
    const record: UsageRecord = {
      requestId: meta.requestId, userId: meta.principal.userId, teamId: meta.principal.teamId,
      tokenId: meta.principal.tokenId, task: meta.task, provider, model: body.model,
      promptTokens: r.promptTokens, completionTokens: r.completionTokens,
      latencyMs: performance.now() - meta.receivedAt, firstTokenMs: r.firstTokenMs, overheadMs: r.overheadMs,
      status: r.status, errorCode: r.errorCode,
      costUsd: costUsd(this.registry.model(body.model), r.promptTokens, r.completionTokens),
    };
    await this.usage.record(record);
    for (const listener of this.listeners) await listener(record);
  }
}
