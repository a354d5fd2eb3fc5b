import assert from 'node:assert/strict';
import { ReliabilitySchema } from '../../server/src/config-file';
import { AppError } from '../../server/src/domain/errors';
import { backoffDelayMs, nextStep, sleep } from '../../server/src/llm/retry';
import { AbortedError, UpstreamError, type UpstreamFailureKind } from '../../server/src/llm/upstream-errors';

const reliability = ReliabilitySchema.parse({ maxAttemptsPerModel: 3, retryBaseDelayMs: 100, maxRetryAfterMs: 2000 });
const failure = (kind: UpstreamFailureKind, retryAfterMs?: number) =>
  new UpstreamError(kind === 'rate_limited' ? 429 : 502, 'x', 'upstream trouble', kind, undefined, retryAfterMs);

describe('gateway retries: jittered backoff and Retry-After', () => {
  it('backoff doubles per retry and stays within [half, all] of the step for any random draw', () => {
    for (const [retry, step] of [[1, 100], [2, 200], [3, 400], [4, 800]] as const) {
      assert.equal(backoffDelayMs(retry, 100, 10_000, () => 0), step / 2, `retry ${retry}, lowest draw`);
      assert.equal(backoffDelayMs(retry, 100, 10_000, () => 0.999999), step / 2 + (0.999999 * step) / 2);
      for (let i = 0; i < 200; i++) {
        const d = backoffDelayMs(retry, 100, 10_000);
        assert.ok(d >= step / 2 && d <= step, `retry ${retry}: ${d} outside [${step / 2}, ${step}]`);
      }
    }
  });

  it('backoff never exceeds its cap, however many retries', () => {
    assert.equal(backoffDelayMs(20, 100, 1500, () => 1), 1500);
    assert.equal(backoffDelayMs(20, 100, 1500, () => 0), 750);
  });

  it('a 429 whose Retry-After is within the cap is waited for exactly, on the same model', () => {
    assert.deepEqual(nextStep(failure('rate_limited', 1500), 1, reliability), { action: 'retry', delayMs: 1500 });
    assert.deepEqual(nextStep(failure('rate_limited', 2000), 1, reliability), { action: 'retry', delayMs: 2000 });
  });

  it('a 429 whose Retry-After exceeds the cap is not waited for: fall back at once', () => {
    assert.deepEqual(nextStep(failure('rate_limited', 2001), 1, reliability), { action: 'fallback' });
    assert.deepEqual(nextStep(failure('rate_limited', 60_000), 1, reliability), { action: 'fallback' });
  });

  it('a 429 without Retry-After gets the ordinary backoff', () => {
    assert.deepEqual(nextStep(failure('rate_limited'), 2, reliability, () => 0), { action: 'retry', delayMs: 100 });
  });

  it('5xx, timeouts, connection errors and bad answers retry until the model\'s attempts are spent, then fall back', () => {
    for (const kind of ['server', 'timeout', 'connection', 'malformed'] as const) {
      assert.deepEqual(nextStep(failure(kind), 1, reliability, () => 0), { action: 'retry', delayMs: 50 }, kind);
      assert.deepEqual(nextStep(failure(kind), 2, reliability, () => 0), { action: 'retry', delayMs: 100 }, kind);
      assert.deepEqual(nextStep(failure(kind), 3, reliability), { action: 'fallback' }, kind);
    }
  });

  it('our key rejected (401/403) falls back without retrying the same key', () => {
    assert.deepEqual(nextStep(failure('auth'), 1, reliability), { action: 'fallback' });
  });

  it('the client\'s own mistakes, our validation and the client leaving stop the chain', () => {
    assert.deepEqual(nextStep(new UpstreamError(404, 'upstream_rejected', 'no such model', 'rejected', 404), 1, reliability), { action: 'fail' });
    assert.deepEqual(nextStep(new AppError(400, 'fim_unsupported', 'no'), 1, reliability), { action: 'fail' });
    assert.deepEqual(nextStep(new AbortedError(), 1, reliability), { action: 'fail' });
    assert.deepEqual(nextStep(new TypeError('a bug'), 1, reliability), { action: 'fail' });
  });

  it('a backoff wait ends with AbortedError as soon as the client leaves', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await assert.rejects(waiting, AbortedError);
    await assert.rejects(sleep(10, controller.signal), AbortedError, 'an already-gone client does not wait at all');
  });
});
