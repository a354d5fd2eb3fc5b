import type { ReliabilityConfig } from '../config-file';
import { AbortedError, UpstreamError } from './upstream-errors';

/** What the chain does after one failed upstream attempt. */
export type NextStep =
  /** The same model again, after `delayMs`. */
  | { action: 'retry'; delayMs: number }
  /** Give this model up and try the next one in the chain (at once). */
  | { action: 'fallback' }
  /** Stop the chain: the request itself is at fault, or the client left; another model would not help. */
  | { action: 'fail' };

export type Random = () => number;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * base·2^(n-1), capped. Half fixed keeps a retry from firing at once; half random keeps many
 * clients that failed together from retrying together.
 */
export function backoffDelayMs(retry: number, baseMs: number, capMs: number, random: Random = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return step / 2 + (random() * step) / 2;
}

/** Only upstream trouble is worth another try; our own validation and the client's mistakes are not. */
export const upstreamFailure = (error: unknown): UpstreamError | undefined =>
  error instanceof UpstreamError && error.kind !== 'rejected' ? error : undefined;

/**
 * Decides after a failed attempt (`attempt` = attempts made on this model so far, from 1).
 * - The client left, our own errors, and upstream 4xx about the request itself: fail.
 * - Upstream 401/403 (our key): the same key fails again, so fall back without retrying.
 * - 429 with a Retry-After: wait for it if it is ≤ maxRetryAfterMs, else fall back at once
 *   (another model answers sooner than waiting). 429 without one: ordinary backoff.
 * - 5xx, timeouts, connection errors, malformed answers: backoff, then fall back when the
 *   model's attempts are spent.
 */
export function nextStep(error: unknown, attempt: number, reliability: ReliabilityConfig, random: Random = Math.random): NextStep {
  if (error instanceof AbortedError) return { action: 'fail' };
  const failure = upstreamFailure(error);
  if (!failure) return { action: 'fail' };
  if (failure.kind === 'auth' || attempt >= reliability.maxAttemptsPerModel) return { action: 'fallback' };
  if (failure.kind === 'rate_limited' && failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= reliability.maxRetryAfterMs ? { action: 'retry', delayMs: failure.retryAfterMs } : { action: 'fallback' };
  }
  return { action: 'retry', delayMs: backoffDelayMs(attempt, reliability.retryBaseDelayMs, reliability.maxRetryAfterMs, random) };
}

/** Waits `ms`, or rejects with AbortedError as soon as the client leaves (no upstream call after that). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
