import assert from 'node:assert/strict';
import { RedisLimitStore } from '../../server/src/data/redis-limit-store';
import { startRedis, type TestRedis } from '../support/redis';
import { chatBody, readSse, startTestServer, type TestServer } from './harness';

const inline = { prompt: { kind: 'chat', messages: [{ role: 'user', content: 'complete me' }] }, language: 'typescript', filePath: 'a.ts' };

describe('server: rate limits and budgets (config file limits)', function () {
  this.timeout(30_000);
  let s: TestServer | undefined;
  afterEach(async () => { await s?.close(); s = undefined; });

  it('requests per minute: the headers on every answer, then 429 with Retry-After naming the limit; upstream never called', async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { chat: { requestsPerMinute: 2, tokensPerMinute: 10_000 } } } } });
    const first = await s.api('/v1/chat/completions', { json: chatBody('one') });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-limit-requests'), '2');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '1');
    assert.match(first.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+(\.\d+)?s$/);
    assert.equal(first.headers.get('x-ratelimit-limit-tokens'), '10000');
    assert.equal(first.headers.get('x-ratelimit-remaining-tokens'), '10000');
    assert.match(first.headers.get('x-ratelimit-reset-tokens') ?? '', /^(\d+ms|\d+(\.\d+)?s)$/);
    const second = await s.api('/openai/v1/chat/completions', { json: chatBody('two') });
    assert.equal(second.status, 200, '/openai/v1 is the same endpoint and the same limit');
    assert.equal(second.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.ok(Number(second.headers.get('x-ratelimit-remaining-tokens')) < 10_000, 'the first call\'s tokens are counted');

    const refused = await s.api('/api/v1/chat', { json: { message: 'three' } });
    assert.equal(refused.status, 429, 'the chat panel shares the chat limit with the OpenAI-compatible endpoint');
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.equal(refused.headers.get('x-ratelimit-remaining-requests'), '0');
    const body = await refused.json();
    assert.equal(body.error.code, 'rate_limited');
    assert.match(body.error.message, /user chat requests per minute limit reached \(2\); retry in 30s/);
    assert.equal(s.fake.chatRequests.length, 2);

    const inlineRes = await s.api('/api/v1/completions/inline', { json: inline });
    assert.equal(inlineRes.status, 200, 'inline has no limit in this config');
    assert.equal(inlineRes.headers.get('x-ratelimit-limit-requests'), null);

    const metrics = await (await s.api('/metrics')).text();
    assert.match(metrics, /churnistic_rate_limited_total\{scope="user",task="chat",limit="requests_per_minute"\} 1/);
  });

  it('tokens per day: counted from the usage the upstream reports; inline is budgeted apart', async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { chat: { tokensPerDay: 100 }, inline: { tokensPerDay: 1_000_000 } } } } });
    s.fake.script({ text: 'long answer', usage: { prompt_tokens: 70, completion_tokens: 40 } });
    assert.equal((await s.api('/v1/chat/completions', { json: chatBody('spend it') })).status, 200);
    const refused = await s.api('/v1/chat/completions', { json: chatBody('one more') });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-ratelimit-limit-tokens'), '100');
    assert.equal(refused.headers.get('x-ratelimit-remaining-tokens'), '0');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.match((await refused.json()).error.message, /user chat tokens per day limit reached \(100\)/);
    assert.equal((await s.api('/api/v1/completions/inline', { json: inline })).status, 200);
  });

  it('spend per month: a team budget in USD from the model prices, across tasks', async () => {
    s = await startTestServer({ modelConfig: { limits: { team: { spendPerMonthUsd: 0.001 } } } });
    // llama-3.3-70b-versatile: $0.59 + $0.79 per million → 1000 + 1000 tokens cost $0.00138
    s.fake.script({ text: 'pricey', usage: { prompt_tokens: 1000, completion_tokens: 1000 } });
    assert.equal((await s.api('/v1/chat/completions', { json: chatBody('spend') })).status, 200);
    const refused = await s.api('/api/v1/completions/inline', { json: inline });
    assert.equal(refused.status, 429);
    assert.match((await refused.json()).error.message, /team spend per month limit reached \(\$0\.001 per UTC month\)/);
  });

  it('streams count too: a streamed answer\'s tokens are recorded when it ends', async () => {
    s = await startTestServer({ modelConfig: { limits: { user: { chat: { tokensPerMinute: 50 } } } } });
    s.fake.script({ chunks: ['a', 'b', 'c'], usage: { prompt_tokens: 30, completion_tokens: 30 } });
    const streamed = await s.api('/api/v1/chat', { json: { message: 'stream it' } });
    assert.equal(streamed.status, 200);
    await readSse(streamed); // the panel records the call before it sends [DONE]
    const refused = await s.api('/v1/chat/completions', { json: chatBody('again') });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('x-ratelimit-remaining-tokens'), '0');
  });
});

describe('server: limits in Redis when Redis goes away (fail closed)', function () {
  this.timeout(60_000);
  let redis: TestRedis;
  let store: RedisLimitStore;
  let s: TestServer;
  before(async () => {
    redis = await startRedis();
    store = await RedisLimitStore.connect(redis.url);
    s = await startTestServer({ limitStore: store, modelConfig: { limits: { user: { chat: { requestsPerMinute: 100 } } } } });
  });
  after(async () => {
    await s?.close();
    await store?.close();
    await redis?.close();
  });

  it('answers 503 limits_unavailable with Retry-After while Redis is down, without calling upstream; recovers by itself', async () => {
    assert.equal((await s.api('/v1/chat/completions', { json: chatBody('before') })).status, 200);
    await redis.stop();
    s.fake.reset();
    const down = await s.api('/v1/chat/completions', { json: chatBody('during') });
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '1');
    assert.equal((await down.json()).error.code, 'limits_unavailable');
    assert.equal(s.fake.chatRequests.length, 0, 'an unchecked request is not sent upstream');
    assert.equal((await s.api('/api/v1/me')).status, 200, 'routes without limits are not affected');

    await redis.start();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) { // ioredis reconnects within its retry delay (≤ 2 s)
      status = (await s.api('/v1/chat/completions', { json: chatBody('after') })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
  });
});
