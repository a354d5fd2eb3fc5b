import * as groq from 'groq-sdk';
import * as openai from 'openai';
import { ErrorCode } from '../../../protocol';
import { AppError } from '../domain/errors';

/** The client went away (or we aborted on purpose): nothing to answer, only to record. */
export class AbortedError extends Error {
  constructor() {
    super('request aborted by the client');
    this.name = 'AbortedError';
  }
}

// groq-sdk and openai are built from the same generator: the same error classes, twice.
type SdkApiError = groq.APIError | openai.APIError;
const isUserAbort = (e: unknown) => e instanceof groq.APIUserAbortError || e instanceof openai.APIUserAbortError;
const isTimeout = (e: unknown) => e instanceof groq.APIConnectionTimeoutError || e instanceof openai.APIConnectionTimeoutError;
const isConnection = (e: unknown): e is Error => e instanceof groq.APIConnectionError || e instanceof openai.APIConnectionError;
const isApiError = (e: unknown): e is SdkApiError => e instanceof groq.APIError || e instanceof openai.APIError;

/** Retry-After (seconds or an HTTP date) in milliseconds, kept exact so short waits stay short. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * What went wrong upstream, for the gateway's retry, fallback and circuit-breaker decisions and
 * the upstream-error metric (the HTTP status we answer with alone cannot tell these apart).
 */
export type UpstreamFailureKind = 'rate_limited' | 'server' | 'auth' | 'timeout' | 'connection' | 'malformed' | 'rejected';

/** An AppError that remembers which upstream failure it came from. */
export class UpstreamError extends AppError {
  constructor(status: number, code: string, message: string, readonly kind: UpstreamFailureKind,
    readonly upstreamStatus?: number, readonly retryAfterMs?: number) {
    // A 429 always tells the client when to come back (1 s when the upstream did not say).
    super(status, code, message, kind === 'rate_limited'
      ? { retryAfterSeconds: Math.max(1, Math.ceil((retryAfterMs ?? 1000) / 1000)) } : {});
    this.name = 'UpstreamError';
  }
}

function upstreamMessage(err: SdkApiError): string {
  const body = err.error as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = body?.error?.message ?? body?.message;
  return typeof message === 'string' ? message : err.message;
}

/**
 * Maps whatever a provider SDK threw to what our client should see (DESIGN.md, Clarifications):
 * upstream 5xx or a bad answer → 502; upstream 401/403 means *our* key is wrong → 502, never the
 * client's 401; timeout → 504; upstream 429 → 429 with its Retry-After; upstream 4xx about the
 * request itself (unknown model, bad parameter) → the same status, since the client can fix it.
 */
export function mapUpstreamError(err: unknown, provider: string): Error {
  if (err instanceof AppError || err instanceof AbortedError) return err;
  if (isUserAbort(err) || (err instanceof Error && err.name === 'AbortError')) return new AbortedError();
  if (isTimeout(err)) {
    return new UpstreamError(504, ErrorCode.upstreamTimeout, `${provider} did not answer in time`, 'timeout');
  }
  if (isConnection(err)) {
    return new UpstreamError(502, ErrorCode.upstreamError, `cannot reach ${provider}: ${err.message}`, 'connection');
  }
  if (isApiError(err) && typeof err.status === 'number') {
    const status = err.status;
    const detail = upstreamMessage(err);
    if (status === 429) {
      return new UpstreamError(429, ErrorCode.rateLimited, `${provider} rate limit reached: ${detail}`, 'rate_limited',
        status, retryAfterMs(err.headers as Headers | undefined));
    }
    if (status === 401 || status === 403) {
      return new UpstreamError(502, ErrorCode.upstreamError,
        `${provider} rejected the server's API key (upstream ${status}); the server administrator must fix its key`, 'auth', status);
    }
    if (status >= 500) return new UpstreamError(502, ErrorCode.upstreamError, `${provider} failed (upstream ${status}): ${detail}`, 'server', status);
    if (status === 408) return new UpstreamError(504, ErrorCode.upstreamTimeout, `${provider} timed out: ${detail}`, 'timeout', status);
    return new UpstreamError(status, 'upstream_rejected', `${provider} rejected the request: ${detail}`, 'rejected', status);
  }
  // The socket closed in the middle of the body: undici's fetch says "terminated"; node:http (our
  // SDK fetch, node-fetch.ts) says "aborted" with ECONNRESET, or reports the reset itself.
  const code = (err as { code?: unknown }).code;
  if ((err instanceof TypeError && err.message === 'terminated') || code === 'ECONNRESET'
    || (err instanceof Error && err.message === 'aborted' && code !== 'ABORT_ERR')) {
    return new UpstreamError(502, ErrorCode.upstreamError, `${provider} closed the connection in the middle of its answer`, 'connection');
  }
  const message = err instanceof Error ? err.message : String(err);
  return new UpstreamError(502, ErrorCode.upstreamError, `${provider} answered something unusable: ${message}`, 'malformed');
}
