// The `x-ratelimit-*` headers as Groq and OpenAI send them, so clients that already read those
// (the official SDKs, Continue, Cursor) understand Churnistic's limits without learning new ones.

/** A duration as OpenAI and Groq write resets: `1m30s`, `2.5s`, `250ms`, `1h0m0s`. */
export function formatReset(ms: number): string {
  const total = Math.max(0, ms);
  if (total === 0) return '0s';
  if (total < 1000) return `${Math.ceil(total)}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  // Two decimals at most, none when whole: 2.5s, 7.66s, 30s.
  const s = `${Number((Math.floor(seconds * 100) / 100).toFixed(2))}s`;
  if (hours) return `${hours}h${minutes}m${s}`;
  if (minutes) return `${minutes}m${s}`;
  return s;
}

/** Retry-After is whole seconds, and at least 1 (0 would invite an immediate retry that fails). */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export interface LimitSnapshot {
  limit: number;
  remaining: number;
  resetMs: number;
}

/** Headers for the tightest request limit and the tightest token limit; absent kinds send none. */
export function rateLimitHeaders(requests?: LimitSnapshot, tokens?: LimitSnapshot): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requests) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, Math.floor(requests.remaining)));
    headers['x-ratelimit-reset-requests'] = formatReset(requests.resetMs);
  }
  if (tokens) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, Math.floor(tokens.remaining)));
    headers['x-ratelimit-reset-tokens'] = formatReset(tokens.resetMs);
  }
  return headers;
}
