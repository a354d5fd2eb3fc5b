import assert from 'node:assert/strict';
import { formatReset, rateLimitHeaders, retryAfterSeconds } from '../../server/src/domain/limits/headers';
import { monthWindow, describeRule } from '../../server/src/domain/limits/policy';

describe('limits: headers and windows', () => {
  it('writes resets the way Groq and OpenAI do', () => {
    assert.equal(formatReset(0), '0s');
    assert.equal(formatReset(250), '250ms');
    assert.equal(formatReset(2_500), '2.5s');
    assert.equal(formatReset(7_660), '7.66s');
    assert.equal(formatReset(30_000), '30s');
    assert.equal(formatReset(90_000), '1m30s');
    assert.equal(formatReset(179_560), '2m59.56s');
    assert.equal(formatReset(3_600_000), '1h0m0s');
  });

  it('Retry-After is whole seconds, rounded up, at least 1', () => {
    assert.equal(retryAfterSeconds(0), 1);
    assert.equal(retryAfterSeconds(1_001), 2);
    assert.equal(retryAfterSeconds(20_000), 20);
  });

  it('x-ratelimit-* for requests and tokens, remaining never negative', () => {
    assert.deepEqual(rateLimitHeaders({ limit: 30, remaining: 4.7, resetMs: 52_000 }, { limit: 6000, remaining: -20, resetMs: 7_660 }), {
      'x-ratelimit-limit-requests': '30', 'x-ratelimit-remaining-requests': '4', 'x-ratelimit-reset-requests': '52s',
      'x-ratelimit-limit-tokens': '6000', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '7.66s',
    });
    assert.deepEqual(rateLimitHeaders(), {});
  });

  it('months are UTC calendar months, December rolling into January', () => {
    assert.deepEqual(monthWindow(Date.UTC(2025, 11, 31, 23, 59)), { id: '2025-12', end: Date.UTC(2026, 0, 1) });
    assert.deepEqual(monthWindow(Date.UTC(2024, 1, 29)), { id: '2024-02', end: Date.UTC(2024, 2, 1) });
  });

  it('names limits the way error messages say them', () => {
    assert.equal(describeRule({ scope: 'team', task: 'chat', kind: 'tokens_per_day' }), 'team chat tokens per day');
    assert.equal(describeRule({ scope: 'user', task: 'inline', kind: 'spend_per_month' }), 'user spend per month');
  });
});
