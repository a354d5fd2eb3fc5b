import assert from 'node:assert/strict';
import type { LimitsConfig } from '../../server/src/config-file';
import type { UsageRecord } from '../../server/src/data/usage-repo';
import { Limits, refusalError } from '../../server/src/domain/limits/limits';
import { MemoryLimitStore } from '../../server/src/domain/limits/memory-store';
import type { LimitSubject, LimitTask } from '../../server/src/domain/limits/policy';
import { Metrics } from '../../server/src/metrics';

const JAN_10 = Date.UTC(2025, 0, 10, 12, 0, 0);
const alice: LimitSubject = { tokenId: 'tok_a1', userId: 'alice', teamId: 'red' };
const aliceLaptop: LimitSubject = { ...alice, tokenId: 'tok_a2' };
const bob: LimitSubject = { tokenId: 'tok_b1', userId: 'bob', teamId: 'red' };
const carol: LimitSubject = { tokenId: 'tok_c1', userId: 'carol', teamId: 'blue' };

/** The enforcer over a memory store, both on a clock the test moves. */
function setup(config: LimitsConfig) {
  const clock = { now: JAN_10 };
  const metrics = new Metrics();
  const limits = new Limits({ config, store: new MemoryLimitStore(() => clock.now), metrics, now: () => clock.now });
  const admit = (s: LimitSubject, task: LimitTask = 'chat') => limits.admit(s, task);
  const statuses = async (s: LimitSubject, n: number, task: LimitTask = 'chat') => {
    const out: boolean[] = [];
    for (let i = 0; i < n; i++) out.push((await admit(s, task)).admitted);
    return out;
  };
  const used = (s: LimitSubject, task: UsageRecord['task'], tokens: number, costUsd = 0) => limits.record({
    requestId: 'r', userId: s.userId, teamId: s.teamId, tokenId: s.tokenId, task, model: 'm',
    promptTokens: Math.floor(tokens / 2), completionTokens: tokens - Math.floor(tokens / 2), latencyMs: 1, status: 'ok', costUsd,
  });
  return { clock, limits, metrics, admit, statuses, used };
}

describe('limits: the enforcer (memory store, fake clock)', () => {
  it('requests per minute: a burst up to the limit, then 429 with when to retry; refills evenly', async () => {
    const { clock, admit, statuses } = setup({ user: { chat: { requestsPerMinute: 3 } } });
    assert.deepEqual(await statuses(alice, 3), [true, true, true]);
    const refused = await admit(alice);
    assert.equal(refused.admitted, false);
    assert.equal(refused.refusal!.what, 'user chat requests per minute');
    assert.equal(refused.refusal!.retryAfterMs, 20_000, 'one request comes back every 20 s');
    assert.equal(refused.headers['x-ratelimit-limit-requests'], '3');
    assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
    assert.equal(refused.headers['x-ratelimit-reset-requests'], '1m0s');
    const error = refusalError(refused.refusal!);
    assert.equal(error.status, 429);
    assert.equal(error.extra.retryAfterSeconds, 20);
    assert.match(error.message, /user chat requests per minute limit reached \(3\); retry in 20s/);
    clock.now += 19_999;
    assert.equal((await admit(alice)).admitted, false);
    clock.now += 1;
    assert.equal((await admit(alice)).admitted, true);
  });

  it('sends the headers on admitted requests too, for the tightest scope', async () => {
    const { admit } = setup({ user: { chat: { requestsPerMinute: 10 } }, team: { chat: { requestsPerMinute: 3 } } });
    const first = await admit(alice);
    assert.equal(first.admitted, true);
    assert.equal(first.headers['x-ratelimit-limit-requests'], '3', 'the team has fewer left than the user');
    assert.equal(first.headers['x-ratelimit-remaining-requests'], '2');
    assert.equal(first.headers['x-ratelimit-reset-requests'], '20s');
    assert.equal(first.headers['x-ratelimit-limit-tokens'], undefined, 'no token limit, no token headers');
  });

  it('no limits configured: every request is admitted and no headers are sent', async () => {
    const { admit } = setup({});
    const a = await admit(alice);
    assert.equal(a.admitted, true);
    assert.deepEqual(a.headers, {});
  });

  it('all or nothing: a refusing team bucket leaves the user bucket untouched', async () => {
    const { limits, admit, statuses } = setup({ user: { chat: { requestsPerMinute: 2 } }, team: { chat: { requestsPerMinute: 2 } } });
    assert.deepEqual(await statuses(bob, 2), [true, true], 'bob spends the red team\'s two requests');
    for (let i = 0; i < 3; i++) {
      const refused = await admit(alice);
      assert.equal(refused.admitted, false);
      assert.equal(refused.refusal!.what, 'team chat requests per minute');
      assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
    }
    const userRule = limits.policy.rules(alice, 'chat', JAN_10).find((r) => r.scope === 'user')!;
    const { levels } = await limits.store.take([{ key: userRule.key, capacity: 2, refillPerMs: 2 / 60_000, cost: 0 }], []);
    assert.deepEqual(levels, [2], 'alice\'s own bucket is still full');
  });

  it('token, user and team scopes: two tokens of one user share the user limit, not the token limit', async () => {
    const { statuses } = setup({ token: { chat: { requestsPerMinute: 2 } }, user: { chat: { requestsPerMinute: 3 } } });
    assert.deepEqual(await statuses(alice, 3), [true, true, false], 'the token limit (2) bites first');
    assert.deepEqual(await statuses(aliceLaptop, 2), [true, false], 'her other token: its own bucket, but the user has 1 left');
    assert.deepEqual(await statuses(bob, 3), [true, true, false], 'another user is not affected');
  });

  it('tasks are budgeted apart: heavy inline use never locks a user out of chat', async () => {
    const { statuses } = setup({ user: { chat: { requestsPerMinute: 1 }, inline: { requestsPerMinute: 2 } } });
    assert.deepEqual(await statuses(alice, 3, 'inline'), [true, true, false]);
    assert.deepEqual(await statuses(alice, 2, 'chat'), [true, false]);
    assert.deepEqual(await statuses(alice, 1, 'review'), [true], 'review has no limit here');
  });

  it('teams.<id> overrides team field by field; other teams keep the team default', async () => {
    const { statuses } = setup({
      team: { chat: { requestsPerMinute: 1, tokensPerDay: 1000 } },
      teams: { blue: { chat: { requestsPerMinute: 3 } } },
    });
    assert.deepEqual(await statuses(carol, 4), [true, true, true, false], 'blue: 3 per minute');
    assert.deepEqual(await statuses(alice, 2), [true, false], 'red: the default 1 per minute');
  });

  it('tokens per minute: counted from usage records; refused once spent, until the minute ends', async () => {
    const { clock, admit, used } = setup({ user: { chat: { tokensPerMinute: 100 } } });
    clock.now = JAN_10 + 15_000;
    const first = await admit(alice);
    assert.equal(first.headers['x-ratelimit-limit-tokens'], '100');
    assert.equal(first.headers['x-ratelimit-remaining-tokens'], '100');
    await used(alice, 'chat', 60);
    assert.equal((await admit(alice)).headers['x-ratelimit-remaining-tokens'], '40');
    await used(alice, 'gateway', 50); // the OpenAI-compatible endpoint counts as chat
    const refused = await admit(alice);
    assert.equal(refused.admitted, false);
    assert.equal(refused.refusal!.what, 'user chat tokens per minute');
    assert.equal(refused.refusal!.retryAfterMs, 45_000, 'until the minute ends');
    assert.equal(refused.headers['x-ratelimit-remaining-tokens'], '0');
    assert.equal(refused.headers['x-ratelimit-reset-tokens'], '45s');
    assert.equal((await admit(alice, 'inline')).admitted, true, 'inline tokens are not chat tokens');
    clock.now = JAN_10 + 60_000;
    assert.equal((await admit(alice)).admitted, true, 'a new minute');
  });

  it('tokens per day: a UTC day; the message names the team and the task', async () => {
    const { clock, admit, used } = setup({ team: { review: { tokensPerDay: 1000 } } });
    await used(bob, 'review', 600);
    await used(alice, 'review', 500);
    const refused = await admit(carol, 'review');
    assert.equal(refused.admitted, true, 'another team');
    const red = await admit(alice, 'review');
    assert.equal(red.admitted, false);
    assert.equal(red.refusal!.what, 'team review tokens per day');
    assert.equal(red.headers['x-ratelimit-reset-tokens'], '12h0m0s');
    assert.match(refusalError(red.refusal!).message, /team review tokens per day limit reached \(1000\); retry in 12h0m0s/);
    clock.now = Date.UTC(2025, 0, 10, 23, 59, 59);
    assert.equal((await admit(alice, 'review')).admitted, false);
    clock.now = Date.UTC(2025, 0, 11, 0, 0, 0);
    assert.equal((await admit(alice, 'review')).admitted, true, 'midnight UTC starts a new day');
  });

  it('spend per month: all tasks together, per UTC calendar month', async () => {
    const { clock, admit, used } = setup({ user: { spendPerMonthUsd: 1 } });
    await used(alice, 'chat', 10, 0.6);
    assert.equal((await admit(alice, 'inline')).admitted, true);
    await used(alice, 'inline', 10, 0.4);
    const refused = await admit(alice, 'inline');
    assert.equal(refused.admitted, false);
    assert.equal(refused.refusal!.what, 'user spend per month');
    assert.equal(refused.refusal!.retryAfterMs, Date.UTC(2025, 1, 1) - JAN_10);
    assert.match(refusalError(refused.refusal!).message, /user spend per month limit reached \(\$1 per UTC month\)/);
    assert.equal(refused.headers['x-ratelimit-limit-tokens'], undefined, 'spend is not a token limit');
    assert.equal((await admit(bob, 'chat')).admitted, true, 'bob has his own month');
    clock.now = Date.UTC(2025, 1, 1);
    assert.equal((await admit(alice, 'chat')).admitted, true, 'February starts at 0');
  });

  it('a refusal for spent tokens takes no request from the buckets', async () => {
    const { admit, used } = setup({ user: { chat: { requestsPerMinute: 5, tokensPerDay: 10 } } });
    assert.equal((await admit(alice)).headers['x-ratelimit-remaining-requests'], '4');
    await used(alice, 'chat', 10);
    for (let i = 0; i < 3; i++) assert.equal((await admit(alice)).admitted, false);
    assert.equal((await admit(alice)).headers['x-ratelimit-remaining-requests'], '4', 'still 4: refusals took nothing');
  });

  it('counts refusals in churnistic_rate_limited_total by scope, task and limit', async () => {
    const { metrics, statuses } = setup({ team: { inline: { requestsPerMinute: 1 } } });
    await statuses(alice, 3, 'inline');
    const text = await metrics.registry.metrics();
    assert.match(text, /churnistic_rate_limited_total\{scope="team",task="inline",limit="requests_per_minute"\} 2/);
  });

  it('a store that cannot answer refuses with 503 limits_unavailable (fail closed); recording only logs', async () => {
    const broken = new MemoryLimitStore();
    broken.take = () => Promise.reject(new Error('redis gone'));
    broken.add = () => Promise.reject(new Error('redis gone'));
    const limits = new Limits({ config: { user: { chat: { requestsPerMinute: 5, tokensPerDay: 10 } } }, store: broken });
    await assert.rejects(limits.admit(alice, 'chat'), (err: { status: number; code: string; extra: { retryAfterSeconds: number } }) =>
      err.status === 503 && err.code === 'limits_unavailable' && err.extra.retryAfterSeconds === 1);
    await limits.record({ requestId: 'r', userId: 'alice', teamId: 'red', task: 'chat', model: 'm', promptTokens: 5,
      completionTokens: 5, latencyMs: 1, status: 'ok' }); // resolves: the response is already on its way
  });
});
