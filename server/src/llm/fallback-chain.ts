import { ErrorCode } from '../../../protocol';
import { AppError } from '../domain/errors';
import type { Metrics } from '../metrics';
import type { CircuitBreakers } from './circuit-breaker';
import type { LlmProvider } from './provider';
import type { ProviderRegistry } from './registry';
import { nextStep, sleep, upstreamFailure, type Random } from './retry';
import { AbortedError, UpstreamError } from './upstream-errors';

/** What happened along the chain, kept up to date so a usage record can be written whatever the outcome. */
export interface ChainProgress {
  requestedModel: string;
  /** The model that answered, or the last one tried (the first of the chain before any attempt). */
  model: string;
  provider?: string;
  /** Upstream calls made. */
  attempts: number;
  /** Models given up (failed, skipped for an open circuit or a missing key). */
  fallbacks: number;
  /** performance.now() when the current (last) attempt started. */
  attemptStartedAt?: number;
  /** Time in earlier attempts and backoff waits: upstream time, not Churnistic's overhead. */
  outsideMs: number;
}

/** One upstream try of `model`; for streams it resolves only once the first chunk is in hand. */
export type Attempt<T> = (model: string, provider: LlmProvider, signal: AbortSignal) => Promise<T>;

export const newProgress = (requestedModel: string): ChainProgress =>
  ({ requestedModel, model: requestedModel, attempts: 0, fallbacks: 0, outsideMs: 0 });

export interface ChainOptions {
  random?: Random;
  /** Backoff waits (tests may shorten them); must reject with AbortedError when the signal fires. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The label for the upstream-error metric: the HTTP status class, or what failed without one. */
export function statusClass(error: UpstreamError): string {
  const status = error.upstreamStatus;
  if (status === undefined) return error.kind;
  return status === 429 ? '429' : `${Math.floor(status / 100)}xx`;
}

/**
 * Runs one request along a fallback chain of models: retries on the same model with backoff,
 * moves on at 429/5xx/timeouts/connection errors, skips providers whose circuit is open, and
 * stops at once on the client's own mistakes or when the client leaves. `attempt` must resolve
 * only once the first token is in hand (for streams), since nothing may be retried after that.
 */
export class FallbackChain {
  private readonly random: Random;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly registry: ProviderRegistry, private readonly circuits: CircuitBreakers,
    private readonly metrics: Metrics, options: ChainOptions = {}) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? sleep;
  }

  async run<T>(models: string[], signal: AbortSignal, progress: ChainProgress, attempt: Attempt<T>): Promise<T> {
    const reliability = this.registry.gateway.reliability;
    const failures: unknown[] = [];
    let circuitWaitMs: number | undefined;
    let missingKey: string | undefined;
    const giveUp = (model: string, provider: string, reason: string): void => {
      progress.fallbacks++;
      this.metrics.llmFallbacks.labels(provider, model, reason).inc();
    };

    for (const model of models) {
      const provider = this.registry.providerOf(model);
      if (!provider) {
        missingKey ??= model;
        giveUp(model, this.registry.model(model)?.provider ?? 'none', 'no_provider');
        continue;
      }
      const breaker = this.circuits.get(provider.name);
      for (let n = 1; ; n++) {
        if (signal.aborted) throw new AbortedError();
        const gate = breaker.tryAcquire();
        if (!gate.ok) {
          circuitWaitMs = Math.min(circuitWaitMs ?? Infinity, gate.retryAfterMs);
          giveUp(model, provider.name, 'circuit_open');
          break;
        }
        progress.model = model;
        progress.provider = provider.name;
        progress.attempts++;
        progress.attemptStartedAt = performance.now();
        let error: unknown;
        try {
          const result = await attempt(model, provider, signal);
          breaker.success(gate.probe);
          return result;
        } catch (err) {
          error = err;
        }
        progress.outsideMs += performance.now() - progress.attemptStartedAt;
        this.report(provider.name, error, gate.probe);
        const step = nextStep(error, n, reliability, this.random);
        if (step.action === 'fail') throw error;
        failures.push(error);
        if (step.action === 'fallback') {
          giveUp(model, provider.name, (error as UpstreamError).kind);
          break;
        }
        const waitStart = performance.now();
        await this.sleep(step.delayMs, signal); // rejects with AbortedError if the client leaves meanwhile
        progress.outsideMs += performance.now() - waitStart;
      }
    }
    throw this.exhausted(failures, circuitWaitMs, missingKey);
  }

  /** Feeds the breaker and the upstream-error metric with one attempt's failure. */
  private report(provider: string, error: unknown, probe: boolean): void {
    const breaker = this.circuits.get(provider);
    if (error instanceof UpstreamError) this.metrics.upstreamErrors.labels(provider, statusClass(error)).inc();
    const failure = upstreamFailure(error);
    if (failure && failure.kind !== 'rate_limited') breaker.failure(probe);
    else if (error instanceof UpstreamError) breaker.success(probe); // a 4xx about the request: the provider is alive
    else breaker.release(probe); // a 429, the client leaving, our own bug: says nothing about the provider
  }

  /**
   * Every model was given up. Nothing tried: 503 (open circuits, with the shortest remaining
   * cooldown as Retry-After; or no key). All tries rate-limited: 429 with the shortest
   * Retry-After. Otherwise the last real failure (502/504).
   */
  private exhausted(failures: unknown[], circuitWaitMs: number | undefined, missingKey: string | undefined): Error {
    if (!failures.length) {
      if (circuitWaitMs !== undefined) {
        return new AppError(503, ErrorCode.circuitOpen, 'every provider that can serve this request is failing and paused; retry later',
          { retryAfterSeconds: Math.max(1, Math.ceil(circuitWaitMs / 1000)) });
      }
      try {
        this.registry.providerFor(missingKey!); // throws the "set KEY in the server environment" error
      } catch (err) {
        return err as Error;
      }
      return new AppError(503, ErrorCode.noProvider, 'no model to route this request to', { retryAfterSeconds: 60 });
    }
    const limited = failures.filter((f): f is UpstreamError => f instanceof UpstreamError && f.kind === 'rate_limited');
    if (limited.length === failures.length) {
      return limited.reduce((a, b) => ((b.retryAfterMs ?? 1000) < (a.retryAfterMs ?? 1000) ? b : a));
    }
    return [...failures].reverse().find((f) => !limited.includes(f as UpstreamError)) as Error;
  }
}
