import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpendAlertPayload } from '../../protocol';
import { chatBody, readSse, startTestServer, type TestServer } from './harness';

/** A real HTTP receiver for the alert webhook; `hang` keeps every POST waiting for an answer forever. */
async function startReceiver(options: { hang?: boolean } = {}) {
  const posts: SpendAlertPayload[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      posts.push(SpendAlertPayload.parse(JSON.parse(raw)));
      for (const w of waiters.filter((w) => posts.length >= w.n)) w.resolve();
      if (!options.hang) res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts,
    /** Resolves once `n` alerts have arrived (the test timeout is the limit). */
    received: (n: number) => new Promise<void>((resolve) => {
      if (posts.length >= n) resolve();
      else waiters.push({ n, resolve });
    }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** $1 per token, so a request's cost is simply its token count. */
const pricedConfig = (webhookUrl: string) => ({
  models: [{ id: 'pricey', provider: 'groq', tasks: ['chat', 'inline', 'review'],
    prices: { inputPerMillion: 1_000_000, outputPerMillion: 1_000_000 } }],
  alerts: { spendThresholdsUsd: [5, 20], webhookUrl },
});

describe('server: spend alerts (log + webhook to a real receiver)', () => {
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
    s = await startTestServer({ modelConfig: pricedConfig(receiver.url) });
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  const spend = async (prompt: number, completion: number, stream = false) => {
    s.fake.script({ text: 'answer', usage: { prompt_tokens: prompt, completion_tokens: completion } });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { model: 'pricey', ...(stream ? { stream: true } : {}) }) });
    assert.equal(res.status, 200);
    if (stream) assert.equal((await readSse(res)).data.at(-1), '[DONE]');
    else await res.json();
  };

  it('each threshold fires once per user and once per team in the month, streamed or not', async () => {
    await spend(1, 1); // $2
    await spend(2, 2, true); // $6 → crosses $5
    await receiver.received(2);
    assert.deepEqual(receiver.posts.map((p) => [p.scope, p.id, p.threshold, p.spend]).sort(),
      [['team', 'team_default', 5, 6], ['user', 'user_admin', 5, 6]]);

    await spend(3, 3); // $12: no new threshold
    await spend(5, 5); // $22 → crosses $20
    // Checks for one user (and one team) run in order, so the $20 alerts arriving means the $12
    // record was checked before them, and fired nothing.
    await receiver.received(4);
    assert.deepEqual(receiver.posts.map((p) => [p.scope, p.threshold]).sort(),
      [['team', 20], ['team', 5], ['user', 20], ['user', 5]]);
    const month = new Date().toISOString().slice(0, 7);
    for (const p of receiver.posts) {
      assert.equal(p.type, 'spend_threshold_crossed');
      assert.equal(p.month, month);
      assert.equal(p.teamId, 'team_default');
    }
    const stored = await s.db.execute('SELECT scope, scope_id, month, threshold_usd, spend_usd FROM spend_alerts ORDER BY scope, threshold_usd');
    assert.deepEqual(stored.rows.map((r) => [r.scope, r.scope_id, r.month, r.threshold_usd, r.spend_usd]), [
      ['team', 'team_default', month, 5, 6], ['team', 'team_default', month, 20, 22],
      ['user', 'user_admin', month, 5, 6], ['user', 'user_admin', month, 20, 22],
    ]);
  });
});

describe('server: a webhook receiver that never answers', () => {
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver({ hang: true });
    s = await startTestServer({ modelConfig: pricedConfig(receiver.url) });
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  it('neither blocks nor fails the requests that crossed the thresholds', async () => {
    s.fake.script([{ text: 'one', usage: { prompt_tokens: 3, completion_tokens: 3 } }, { text: 'two', usage: { prompt_tokens: 10, completion_tokens: 10 } }]);
    const first = await s.api('/v1/chat/completions', { json: chatBody('a', { model: 'pricey' }) });
    assert.equal(first.status, 200);
    assert.equal((await first.json()).choices[0].message.content, 'one');
    const second = await s.api('/v1/chat/completions', { json: chatBody('b', { model: 'pricey' }) });
    assert.equal(second.status, 200, 'the next request is not held up by the first one\'s webhook');
    assert.equal((await second.json()).choices[0].message.content, 'two');
    await receiver.received(4); // all four alerts were sent, and none has been answered
    assert.deepEqual(receiver.posts.map((p) => p.threshold).sort((a, b) => a - b), [5, 5, 20, 20]);
  });
});
