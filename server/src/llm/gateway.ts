import type { ChatCompletionRequest } from '../../../protocol';
import type { UsageRecord, UsageRepo } from '../data/usage-repo';
import { costUsd } from './pricing';
import type { Principal } from '../domain/principal';
import type { Metrics } from '../metrics';
import type { Task } from '../config-file';
import { CircuitBreakers, type CircuitSnapshot } from './circuit-breaker';
import { FallbackChain, newProgress, statusClass, type Attempt, type ChainOptions, type ChainProgress } from './fallback-chain';
import type { Completion, FimRequest, FimResult } from './provider';
import type { ProviderRegistry } from './registry';
import { upstreamFailure } from './retry';
import { AttemptAbort, timeoutError } from './timeouts';
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
  /** The model that answered (after any fallbacks): our id, not the provider's name for it. */
  model: string;
  /** Time spent in Churnistic before the upstream request that answered went out. */
  overheadBeforeUpstreamMs: number;
  /** Records usage and metrics, and stops the upstream if it is still open; call once, with how the stream ended. */
  finish(outcome: { error?: unknown }): Promise<void>;
}

/** A failure while the client's signal is aborted is the client leaving, whatever the SDK threw. */
const outcomeOf = (error: unknown, signal: AbortSignal): { status: string; errorCode?: string } => {
  if (!error) return { status: 'ok' };
  if (error instanceof AbortedError || signal.aborted) return { status: 'aborted' };
  return { status: 'error', errorCode: error instanceof AppError ? error.code : 'internal_error' };
};

/** OpenAI-compatible calls (usage task `gateway`) follow the chat route. */
const routeOf = (task: UsageRecord['task']): Task => (task === 'gateway' ? 'chat' : task);

interface RecordFields {
  promptTokens: number; completionTokens: number; status: string; errorCode?: string; overheadMs?: number; firstTokenMs?: number;
}

const CIRCUIT_GAUGE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Every LLM call goes through here: walk the task's fallback chain (retries, fallbacks, circuit
 * breakers, timeouts) and record exactly one usage row and the metrics, whatever the outcome.
 * Routes only translate to and from HTTP.
 */
export type UsageListener = (record: UsageRecord) => void | Promise<void>;

export class Gateway {
  private readonly listeners: UsageListener[] = [];
  private readonly circuits: CircuitBreakers;
  private readonly chain: FallbackChain;

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly usage: UsageRepo,
    private readonly metrics: Metrics,
    private readonly options: ChainOptions & { now?: () => number; onRecordError?: (err: unknown) => void } = {},
  ) {
    const { circuitFailureThreshold, circuitCooldownMs } = registry.gateway.reliability;
    this.circuits = new CircuitBreakers(circuitFailureThreshold, circuitCooldownMs, options.now);
    this.chain = new FallbackChain(registry, this.circuits, metrics, options);
    metrics.circuitStates = () => Object.fromEntries(
      Object.entries(this.circuitStates()).map(([provider, s]) => [provider, CIRCUIT_GAUGE[s.state]]));
  }

  /** Called after each usage record is written (limits count tokens and spend, alerts watch spend). */
  onRecorded(listener: UsageListener): void {
    this.listeners.push(listener);
  }

  /** Each configured provider's circuit (for /readyz; reads state only, never calls upstream). */
  circuitStates(): Record<string, CircuitSnapshot> {
    return this.circuits.snapshot(this.registry.configuredProviders);
  }

  get models() {
    return this.registry.models;
  }

  model(id: string) {
    return this.registry.model(id);
  }

  defaultModel(task: Task) {
    return this.registry.defaultModel(task);
  }

  async complete(body: ChatCompletionRequest, signal: AbortSignal, meta: CallMeta): Promise<{ completion: Completion; overheadMs: number; model: string }> {
    const models = this.registry.chain(routeOf(meta.task), body.model);
    const { result, overheadMs, model } = await this.recorded(body, models, signal, meta,
      (m, provider, s) => this.bounded(provider.name, s, (bounded) => provider.complete({ ...body, model: this.registry.upstreamName(m) }, bounded)),
      (completion) => ({
        promptTokens: completion.usage?.prompt_tokens ?? estimatePromptTokens(body),
        completionTokens: completion.usage?.completion_tokens ?? estimateTokens(completion.choices?.[0]?.message?.content ?? ''),
      }));
    return { completion: result, overheadMs, model };
  }

  /** Fill-in-the-middle, for models whose provider has a real FIM endpoint; falls back only to such models. */
  async fim(request: FimRequest, signal: AbortSignal, meta: CallMeta): Promise<{ result: FimResult; overheadMs: number; model: string }> {
    const canFim = (id: string) => !!this.registry.model(id)?.fim && !!this.registry.providerOf(id)?.fim;
    // A model without FIM is the client's mistake (400); one whose provider has no key is ours (503, from the chain).
    const provider = this.registry.providerOf(request.model);
    if (!this.registry.model(request.model)?.fim || (provider && !provider.fim)) {
      throw new AppError(400, 'fim_unsupported', `model ${request.model} has no fill-in-the-middle endpoint; send a chat prompt`);
    }
    const models = this.registry.chain(routeOf(meta.task), request.model).filter((id) => id === request.model || canFim(id));
    const asChat = { model: request.model, messages: [{ role: 'user' as const, content: request.prompt + request.suffix }] };
    return this.recorded(asChat, models, signal, meta,
      (m, provider, s) => this.bounded(provider.name, s, (bounded) => provider.fim!({ ...request, model: this.registry.upstreamName(m) }, bounded)),
      (r) => ({
        promptTokens: r.usage?.prompt_tokens ?? estimatePromptTokens(asChat),
        completionTokens: r.usage?.completion_tokens ?? estimateTokens(r.text),
      }));
  }

  /** A non-streamed answer is its own first token: it gets the first-token deadline. */
  private bounded<T>(provider: string, signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.registry.gateway.reliability.firstTokenTimeoutMs;
    return AttemptAbort.run(signal, ms, () => timeoutError(provider, `did not answer within ${ms} ms`), call);
  }

  /** Runs a non-streamed call along the chain and records its usage, whatever the outcome. */
  private async recorded<T>(body: ChatCompletionRequest, models: string[], signal: AbortSignal, meta: CallMeta,
    call: Attempt<T>,
    tokens: (result: T) => { promptTokens: number; completionTokens: number }): Promise<{ result: T; overheadMs: number; model: string }> {
    const progress = newProgress(body.model);
    let result: T;
    try {
      result = await this.chain.run(models, signal, progress, call);
    } catch (error) {
      this.recordAfterResponse(meta, progress, {
        promptTokens: 0, completionTokens: 0, ...outcomeOf(error, signal), overheadMs: performance.now() - meta.receivedAt - progress.outsideMs,
      });
      throw error;
    }
    const overheadMs = progress.attemptStartedAt! - meta.receivedAt - progress.outsideMs;
    this.recordAfterResponse(meta, progress, { ...tokens(result), overheadMs, status: 'ok' });
    return { result, overheadMs, model: progress.model };
  }

  /**
   * Resolves once a model in the chain sent its first chunk: everything before that may be
   * retried or fall back; everything after reaches the client as an error event.
   */
  async stream(body: ChatCompletionRequest, signal: AbortSignal, meta: CallMeta): Promise<StreamCall> {
    const progress = newProgress(body.model);
    const { firstTokenTimeoutMs, idleTimeoutMs } = this.registry.gateway.reliability;
    let upstream: UpstreamStream;
    try {
      upstream = await this.chain.run(this.registry.chain(routeOf(meta.task), body.model), signal, progress,
        (model, provider, s) => UpstreamStream.open(provider, { ...body, model: this.registry.upstreamName(model) }, s, { firstTokenTimeoutMs, idleTimeoutMs }));
    } catch (error) {
      this.recordAfterResponse(meta, progress, {
        promptTokens: 0, completionTokens: 0, overheadMs: performance.now() - meta.receivedAt - progress.outsideMs, ...outcomeOf(error, signal),
      });
      throw error;
    }
    const overheadBeforeUpstreamMs = progress.attemptStartedAt! - meta.receivedAt - progress.outsideMs;
    const firstTokenMs = upstream.firstChunkAt - meta.receivedAt;
    this.metrics.timeToFirstToken.labels(upstream.provider, progress.model).observe(firstTokenMs / 1000);
    let finished = false;
    return {
      upstream,
      model: progress.model,
      overheadBeforeUpstreamMs,
      finish: async ({ error }) => {
        if (finished) return;
        finished = true;
        upstream.close();
        // A stream that broke after it began is the provider failing, for the breaker and the metric.
        const failure = signal.aborted ? undefined : upstreamFailure(error);
        if (failure) {
          this.metrics.upstreamErrors.labels(upstream.provider, statusClass(failure)).inc();
          if (failure.kind !== 'rate_limited') this.circuits.get(upstream.provider).failure(false);
        }
        await this.record(meta, progress, {
          promptTokens: upstream.usage?.prompt_tokens ?? estimatePromptTokens(body),
          completionTokens: upstream.usage?.completion_tokens ?? estimateTokens(upstream.text),
          firstTokenMs, overheadMs: overheadBeforeUpstreamMs, ...outcomeOf(error, signal),
        });
      },
    };
  }

  /**
   * Writes the usage record on the next turn of the event loop, after the response has been sent:
   * SQLite runs synchronously in this process, so writing first would hold every answer back by
   * the write. The record is complete either way; only its moment moves. All records of one turn
   * are written together (one INSERT, see UsageRepo).
   */
  private recordAfterResponse(meta: CallMeta, progress: ChainProgress, r: RecordFields): void {
    this.afterResponse.push({ meta, progress, r });
    if (this.afterResponse.length === 1) setImmediate(this.writeAfterResponse);
  }

  private readonly afterResponse: { meta: CallMeta; progress: ChainProgress; r: RecordFields }[] = [];

  private readonly writeAfterResponse = (): void => {
    const pending = this.afterResponse.splice(0);
    if (!pending.length) return;
    for (const { meta, progress, r } of pending) {
      this.record(meta, progress, r).catch((err: unknown) => this.options.onRecordError?.(err));
    }
    void this.usage.flush(); // the rows were queued synchronously above: one write for all of them, now
  };

  /**
   * Every usage record of a request that has finished is written when this resolves: reads of
   * usage rows (summaries, spend) call it first; so do tests and shutdown.
   */
  flushUsage(): Promise<void> {
    this.writeAfterResponse();
    return this.usage.flush();
  }

  private async record(meta: CallMeta, progress: ChainProgress, r: RecordFields): Promise<void> {
    const model = progress.model;
    const provider = progress.provider ?? this.registry.model(model)?.provider;
    this.metrics.llmRequestsOf(provider ?? 'none', model, meta.task, r.status).inc();
    this.metrics.llmTokensOf(model, meta.task, 'prompt').inc(r.promptTokens);
    this.metrics.llmTokensOf(model, meta.task, 'completion').inc(r.completionTokens);
    const record: UsageRecord = {
      requestId: meta.requestId, userId: meta.principal.userId, teamId: meta.principal.teamId,
      tokenId: meta.principal.tokenId, task: meta.task, provider, model,
      promptTokens: r.promptTokens, completionTokens: r.completionTokens,
      latencyMs: performance.now() - meta.receivedAt, firstTokenMs: r.firstTokenMs, overheadMs: r.overheadMs,
      status: r.status, errorCode: r.errorCode,
      costUsd: costUsd(this.registry.model(model), r.promptTokens, r.completionTokens),
      requestedModel: progress.requestedModel, attempts: progress.attempts, fallbacks: progress.fallbacks,
    };
    await this.usage.record(record);
    for (const listener of this.listeners) await listener(record);
  }
}
