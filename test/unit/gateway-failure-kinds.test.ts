import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'groq-sdk';
import { statusClass } from '../../server/src/llm/fallback-chain';
import { mapUpstreamError, UpstreamError } from '../../server/src/llm/upstream-errors';

const apiError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: `upstream says ${status}` } }, undefined, new Headers(headers));

function mapped(err: unknown): UpstreamError {
  const result = mapUpstreamError(err, 'groq');
  assert.ok(result instanceof UpstreamError, `not an UpstreamError: ${result}`);
  return result;
}

describe('gateway: what kind of upstream failure (for retries, fallbacks, the breaker and metrics)', () => {
  it('keeps the upstream status and its kind, and labels the metric by status class', () => {
    const cases: [unknown, string, string][] = [
      [apiError(429), 'rate_limited', '429'],
      [apiError(500), 'server', '5xx'],
      [apiError(503), 'server', '5xx'],
      [apiError(401), 'auth', '4xx'],
      [apiError(404), 'rejected', '4xx'],
      [new APIConnectionTimeoutError(), 'timeout', 'timeout'],
      [new APIConnectionError({ message: 'ECONNREFUSED' }), 'connection', 'connection'],
      [new SyntaxError('Unexpected token'), 'malformed', 'malformed'],
    ];
    for (const [err, kind, cls] of cases) {
      const e = mapped(err);
      assert.deepEqual([e.kind, statusClass(e)], [kind, cls], String(err));
    }
  });

  it('Retry-After is kept to the millisecond for the wait, and rounded up to seconds for the client', () => {
    const e = mapped(apiError(429, { 'retry-after': '0.25' }));
    assert.equal(e.retryAfterMs, 250);
    assert.equal(e.extra.retryAfterSeconds, 1);
    const none = mapped(apiError(429));
    assert.equal(none.retryAfterMs, undefined, 'absent: the gateway uses its own backoff');
    assert.equal(none.extra.retryAfterSeconds, 1, 'the client is still told when to come back');
  });

  it('a connection cut in the middle of the body (undici "terminated") is a connection failure', () => {
    const e = mapped(new TypeError('terminated'));
    assert.equal(e.kind, 'connection');
    assert.equal(e.status, 502);
    assert.match(e.message, /closed the connection/);
  });
});
