import type { Logger } from 'pino';

export interface WebhookOptions {
  /** Per attempt, until the receiver's response headers. */
  timeoutMs?: number;
  /** Pause before the one retry. */
  retryDelayMs?: number;
  logger?: Logger;
}

/** Where a webhook goes, for logs: the origin only, since hook URLs often carry their secret in the path. */
const safeTarget = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
};

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

async function attempt(url: string, body: string, timeoutMs: number): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'churnistic-alerts' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await res.body?.cancel().catch(() => undefined); // the answer is not read; free the socket
    if (res.ok) return { ok: true };
    // A 4xx other than 429 is a misconfigured hook: sending the same thing again will not help.
    return { ok: false, retry: res.status >= 500 || res.status === 429, reason: `HTTP ${res.status}` };
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms`
      : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    return { ok: false, retry: true, reason };
  }
}

/**
 * POSTs a JSON payload with a timeout and one retry (after network errors, timeouts, 429 and 5xx).
 * Never throws: resolves to whether the receiver accepted it, and logs when it did not. Callers
 * fire and forget, so a slow or dead receiver never holds up a request.
 */
export async function postWebhook(url: string, payload: unknown, options: WebhookOptions = {}): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const body = JSON.stringify(payload);
  let result = await attempt(url, body, timeoutMs);
  if (!result.ok && result.retry) {
    await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 1_000));
    result = await attempt(url, body, timeoutMs);
  }
  if (!result.ok) options.logger?.warn({ target: safeTarget(url), reason: result.reason }, 'alert webhook was not delivered');
  return result.ok;
}
