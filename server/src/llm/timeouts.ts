import { ErrorCode } from '../../../protocol';
import { AbortedError, UpstreamError } from './upstream-errors';

/** Our own timeouts fail like the SDK's: 504 upstream_timeout, eligible for a fallback before the first token. */
export const timeoutError = (provider: string, what: string): UpstreamError =>
  new UpstreamError(504, ErrorCode.upstreamTimeout, `${provider} ${what}`, 'timeout');

/**
 * The abort signal of one upstream attempt. It fires when the client leaves or when one of our
 * deadlines passes (first token, silence mid-stream), and in both cases the SDK aborts the HTTP
 * request, so the provider sees the disconnect and stops generating. The connect timeout is the
 * SDK's own (`timeout`, until response headers; set by the registry from connectTimeoutMs).
 *
 * The SDKs end a stream quietly when it is aborted, so after each read the caller asks `check()`
 * whether the end was really ours, and `explain()` turns whatever the SDK threw into the reason.
 */
export class AttemptAbort {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private timedOut?: UpstreamError;
  private readonly onClientAbort = (): void => this.controller.abort();

  constructor(private readonly client: AbortSignal) {
    if (client.aborted) this.controller.abort();
    else client.addEventListener('abort', this.onClientAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts (or restarts) the deadline: when `ms` pass first, the request is aborted with `error`. */
  arm(ms: number, error: () => UpstreamError): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timedOut = error();
      this.controller.abort();
    }, ms);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Why the attempt failed: the client leaving wins, then our deadline, then what was thrown. */
  explain(error: unknown): unknown {
    if (this.client.aborted) return new AbortedError();
    return this.timedOut ?? error;
  }

  /** Throws if the attempt was aborted while a read resolved quietly. */
  check(): void {
    if (this.client.aborted) throw new AbortedError();
    if (this.timedOut) throw this.timedOut;
  }

  /** Done with the attempt; `abortUpstream` also ends the HTTP request if it is still open. */
  dispose(abortUpstream: boolean): void {
    this.disarm();
    this.client.removeEventListener('abort', this.onClientAbort);
    if (abortUpstream && !this.controller.signal.aborted) this.controller.abort();
  }

  /** Runs one non-streamed call under the deadline `ms` (the whole answer is its first token). */
  static async run<T>(client: AbortSignal, ms: number, onTimeout: () => UpstreamError, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AttemptAbort(client);
    abort.arm(ms, onTimeout);
    let ok = false;
    try {
      const result = await call(abort.signal);
      abort.check();
      ok = true;
      return result;
    } catch (error) {
      throw abort.explain(error);
    } finally {
      abort.dispose(!ok);
    }
  }
}
