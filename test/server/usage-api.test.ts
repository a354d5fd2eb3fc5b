import assert from 'node:assert/strict';
import { ErrorBody, UsageSummary } from '../../protocol';
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import type { Db } from '../../server/src/data/db';
import { p95Query, summaryQuery, type UsageScope } from '../../server/src/data/usage-summary-repo';
import { chatBody, startTestServer, waitForUsageRows, type TestServer } from './harness';

/** A second team with its own people, and more roles in the default team (whose owner is the harness's admin). */
async function seedAccounts(db: Db): Promise<Record<string, string>> {
  const now = new Date().toISOString();
  await db.execute({ sql: 'INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)', args: ['team_other', 'Other', now] });
  const people: [string, string, string][] = [
    ['alice', 'team_default', 'member'], ['val', 'team_default', 'viewer'], ['adam', 'team_default', 'admin'],
    ['olga', 'team_other', 'member'], ['oscar', 'team_other', 'owner'],
  ];
  const accounts = new AccountsRepo(db);
  const tokens: Record<string, string> = {};
  for (const [id, team, role] of people) {
    await db.execute({ sql: 'INSERT INTO users (id, team_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)', args: [id, team, id, role, now] });
    tokens[id] = await accounts.createToken({ userId: id, teamId: team }, 'test');
  }
  return tokens;
}

interface Seed { user: string; team?: string; model?: string; at: string; cost: number; prompt?: number; completion?: number;
  latency?: number; status?: string; fallbacks?: number }

async function seedUsage(db: Db, rows: Seed[]): Promise<void> {
  for (const [i, r] of rows.entries()) {
    await db.execute({
      sql: `INSERT INTO usage_records (request_id, user_id, team_id, task, provider, model, prompt_tokens, completion_tokens,
              latency_ms, status, created_at, cost_usd, fallbacks) VALUES (?, ?, ?, 'chat', 'groq', ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [`seed-${i}`, r.user, r.team ?? 'team_default', r.model ?? 'model-a', r.prompt ?? 10, r.completion ?? 1,
        r.latency ?? 100, r.status ?? 'ok', r.at, r.cost, r.fallbacks ?? 0],
    });
  }
}

const MARCH = 'from=2024-03-01&to=2024-03-31';

describe('server: GET /api/v1/usage', () => {
  let s: TestServer;
  let tokens: Record<string, string>;
  const as = async (who: string, query: string) => {
    const token = who === 'owner' ? s.token : tokens[who]!;
    return fetch(`${s.url}/api/v1/usage?${query}`, { headers: { authorization: `Bearer ${token}` } });
  };
  const summary = async (who: string, query: string) => {
    const res = await as(who, query);
    assert.equal(res.status, 200, await res.clone().text());
    return UsageSummary.parse(await res.json());
  };

  before(async () => {
    s = await startTestServer({
      modelConfig: { models: [{ id: 'priced-model', provider: 'groq', tasks: ['chat', 'inline', 'review'],
        prices: { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } }] },
    });
    tokens = await seedAccounts(s.db);
    await seedUsage(s.db, [
      { user: 'alice', at: '2024-03-01T08:00:00.000Z', cost: 1, prompt: 100, completion: 10, latency: 100 },
      { user: 'alice', at: '2024-03-02T09:00:00.000Z', cost: 2, prompt: 200, completion: 20, latency: 300, model: 'model-b', status: 'error', fallbacks: 1 },
      { user: 'user_admin', at: '2024-03-02T10:00:00.000Z', cost: 4, prompt: 400, completion: 40, latency: 200 },
      { user: 'val', at: '2024-03-31T23:59:59.999Z', cost: 0.5, latency: 50, status: 'aborted' },
      { user: 'olga', team: 'team_other', at: '2024-03-02T11:00:00.000Z', cost: 100 },
      // Just outside March on both sides: the range is whole UTC days, both ends inclusive.
      { user: 'alice', at: '2024-04-01T00:00:00.000Z', cost: 8 },
      { user: 'alice', at: '2024-02-29T23:59:59.999Z', cost: 16 },
    ]);
  });
  after(async () => { await s.close(); });

  it('an owner sees every user of the team, most expensive first, and nobody from another team', async () => {
    const body = await summary('owner', `groupBy=user&${MARCH}`);
    assert.deepEqual(body.rows.map((r) => [r.key, r.costUsd]), [['user_admin', 4], ['alice', 3], ['val', 0.5]]);
    assert.equal(body.teamId, 'team_default');
    assert.equal(body.userId, undefined);
    const alice = body.rows.find((r) => r.key === 'alice')!;
    assert.deepEqual({ ...alice }, {
      key: 'alice', requests: 2, promptTokens: 300, completionTokens: 30, costUsd: 3, errors: 1, aborted: 0, fallbacks: 1,
      avgLatencyMs: 200, p95LatencyMs: 300,
    });
    assert.deepEqual({ requests: body.totals.requests, costUsd: body.totals.costUsd, errors: body.totals.errors,
      aborted: body.totals.aborted, fallbacks: body.totals.fallbacks, promptTokens: body.totals.promptTokens },
    { requests: 4, costUsd: 7.5, errors: 1, aborted: 1, fallbacks: 1, promptTokens: 710 });
    assert.equal(body.totals.avgLatencyMs, 162.5);
    assert.equal(body.totals.p95LatencyMs, 300);
  });

  it('groupBy=day covers whole UTC days, both ends inclusive, in day order', async () => {
    const body = await summary('owner', `groupBy=day&${MARCH}`);
    assert.deepEqual(body.rows.map((r) => [r.key, r.requests, r.costUsd]),
      [['2024-03-01', 1, 1], ['2024-03-02', 2, 6], ['2024-03-31', 1, 0.5]]);
    const oneDay = await summary('owner', 'groupBy=day&from=2024-03-02&to=2024-03-02');
    assert.deepEqual(oneDay.rows.map((r) => r.key), ['2024-03-02']);
  });

  it('groupBy=model and groupBy=team, and a model filter', async () => {
    const byModel = await summary('owner', `groupBy=model&${MARCH}`);
    assert.deepEqual(byModel.rows.map((r) => [r.key, r.requests, r.costUsd]), [['model-a', 3, 5.5], ['model-b', 1, 2]]);
    const byTeam = await summary('owner', `groupBy=team&${MARCH}`);
    assert.deepEqual(byTeam.rows.map((r) => [r.key, r.costUsd]), [['team_default', 7.5]]);
    const onlyB = await summary('owner', `groupBy=user&model=model-b&${MARCH}`);
    assert.deepEqual(onlyB.rows.map((r) => [r.key, r.costUsd]), [['alice', 2]]);
  });

  it('a member sees only their own usage, even grouped by user or team', async () => {
    const byUser = await summary('alice', `groupBy=user&${MARCH}`);
    assert.deepEqual(byUser.rows.map((r) => r.key), ['alice']);
    assert.equal(byUser.userId, 'alice');
    const byTeam = await summary('alice', `groupBy=team&${MARCH}`);
    assert.deepEqual(byTeam.rows.map((r) => [r.key, r.costUsd, r.requests]), [['team_default', 3, 2]]);
    assert.equal(byTeam.totals.costUsd, 3);
    const self = await summary('alice', `groupBy=day&userId=alice&${MARCH}`);
    assert.equal(self.totals.costUsd, 3);
  });

  it('members and viewers asking for someone else get 403', async () => {
    for (const [who, other] of [['alice', 'user_admin'], ['val', 'alice'], ['alice', 'olga']] as const) {
      const res = await as(who, `groupBy=user&userId=${other}&${MARCH}`);
      assert.equal(res.status, 403, `${who} asking for ${other}`);
      assert.equal(ErrorBody.parse(await res.json()).error.code, 'forbidden');
    }
  });

  it('an admin may narrow to one member of the team; a user of another team is not found', async () => {
    const alice = await summary('adam', `groupBy=model&userId=alice&${MARCH}`);
    assert.equal(alice.userId, 'alice');
    assert.deepEqual(alice.rows.map((r) => r.key).sort(), ['model-a', 'model-b']);
    const res = await as('adam', `groupBy=user&userId=olga&${MARCH}`);
    assert.equal(res.status, 404);
  });

  it('the other team\'s owner sees only the other team', async () => {
    const body = await summary('oscar', `groupBy=user&${MARCH}`);
    assert.deepEqual(body.rows.map((r) => [r.key, r.costUsd]), [['olga', 100]]);
    assert.equal(body.teamId, 'team_other');
  });

  it('a bad query is a 400 that names the field', async () => {
    const cases: [string, string][] = [
      ['groupBy=week', 'groupBy'],
      ['from=2024-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['from=2024-03-05&to=2024-03-01', 'to'],
      ['from=2020-01-01&to=2024-01-01', 'to'],
      ['from=2999-01-01', 'to'], // `to` defaults to today, which is before `from`
      ['groupBy=user&groupBy=day', 'groupBy'],
    ];
    for (const [query, field] of cases) {
      const res = await as('owner', query);
      assert.equal(res.status, 400, query);
      const body = ErrorBody.parse(await res.json());
      assert.ok(body.error.issues?.some((i) => i.path === field), `${query}: ${JSON.stringify(body.error)}`);
      assert.match(body.error.message, new RegExp(field));
    }
  });

  it('needs a token', async () => {
    assert.equal((await fetch(`${s.url}/api/v1/usage`)).status, 401);
  });

  it('without a range it covers this month so far, including a request just made through the gateway', async () => {
    s.fake.script({ text: 'ok', usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const res = await s.api('/v1/chat/completions', { json: chatBody('hi', { model: 'priced-model' }) });
    assert.equal(res.status, 200);
    await waitForUsageRows(s.db, 8);
    const body = await summary('owner', 'groupBy=model');
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(body.to, today);
    assert.equal(body.from, `${today.slice(0, 7)}-01`);
    assert.deepEqual(body.rows.map((r) => [r.key, r.requests, r.promptTokens, r.completionTokens, r.costUsd]),
      [['priced-model', 1, 3, 2, 3 * 1 + 2 * 2]]);
  });

  it('each query seeks through an index (user, team or model + day), never a table scan', async () => {
    const scope: UsageScope = { teamId: 'team_default', fromIso: '2024-03-01T00:00:00.000Z', toIso: '2024-04-01T00:00:00.000Z' };
    const plan = async (q: { sql: string; args: unknown[] }) =>
      (await s.db.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.args as never })).rows.map((r) => String(r.detail)).join(' | ');
    const cases: [UsageScope, RegExp][] = [
      [scope, /USING INDEX usage_by_team_day/],
      [{ ...scope, userId: 'alice' }, /USING INDEX usage_by_user_day/],
      [{ ...scope, userId: 'alice', model: 'model-a' }, /USING INDEX usage_by_user_day/],
      [{ ...scope, model: 'model-a' }, /USING INDEX usage_by_(model|team)_day/],
    ];
    for (const [sc, index] of cases) {
      for (const q of [summaryQuery('user', sc), summaryQuery('day', sc), p95Query('model', sc)]) {
        const detail = await plan(q);
        assert.match(detail, index, detail);
        assert.doesNotMatch(detail, /SCAN usage_records/, detail);
      }
    }
  });
});
