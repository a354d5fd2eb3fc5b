import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';
import { AppError } from '../../server/src/domain/errors';
import { AbortedError, mapUpstreamError } from '../../server/src/llm/upstream-errors';

const apiError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: `upstream says ${status}` } }, undefined, new Headers(headers));

function mapped(err: unknown): AppError {
  const result = mapUpstreamError(err, 'groq');
  assert.ok(result instanceof AppError, `not an AppError: ${result}`);
  return result;
}

describe('upstream error mapping (DESIGN.md clarifications)', () => {
  it('upstream 5xx → 502 with the upstream message', () => {
    for (const status of [500, 502, 503]) {
      const e = mapped(apiError(status));
      assert.equal(e.status, 502);
      assert.match(e.message, new RegExp(`upstream says ${status}`));
    }
  });

  it('upstream 401/403 means our key is wrong → 502, not the client\'s 401', () => {
    assert.equal(mapped(apiError(401)).status, 502);
    assert.equal(mapped(apiError(403)).status, 502);
  });

  it('upstream 429 → 429 carrying Retry-After (seconds or HTTP date)', () => {
    assert.equal(mapped(apiError(429, { 'retry-after': '12' })).extra.retryAfterSeconds, 12);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const fromDate = mapped(apiError(429, { 'retry-after': date })).extra.retryAfterSeconds!;
    assert.ok(fromDate > 20 && fromDate <= 31, String(fromDate));
  });

  it('timeout → 504, connection failure → 502, abort → AbortedError', () => {
    assert.equal(mapped(new APIConnectionTimeoutError()).status, 504);
    assert.equal(mapped(new APIConnectionError({ message: 'ECONNREFUSED' })).status, 502);
    assert.ok(mapUpstreamError(new APIUserAbortError(), 'groq') instanceof AbortedError);
  });

  it('a request the upstream refuses as invalid keeps its 4xx so the client can fix it', () => {
    const e = mapped(apiError(404));
    assert.equal(e.status, 404);
    assert.equal(e.code, 'upstream_rejected');
  });

  it('anything else (a malformed chunk) → 502', () => {
    assert.equal(mapped(new SyntaxError('Unexpected end of JSON input')).status, 502);
  });
});
