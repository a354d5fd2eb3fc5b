import assert from 'node:assert/strict';
import pino from 'pino';
import type { SpendAlertPayload } from '../../protocol';
import { openDatabase, type Db } from '../../server/src/data/db';
import { SpendAlertsRepo, type AlertScope } from '../../server/src/data/spend-alerts-repo';
import { UsageRepo, type UsageRecord } from '../../server/src/data/usage-repo';
import { UsageSummaryRepo } from '../../server/src/data/usage-summary-repo';
import { monthOf, SpendAlerts, type SpendAlertsOptions } from '../../server/src/domain/spend-alerts';

/** A pino logger whose lines land in an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line)); } });
  return { logger, lines };
}

const record = (userId: string, costUsd: number, teamId = 'team_a'): UsageRecord => ({
  requestId: `r-${Math.random()}`, userId, teamId, task: 'chat', provider: 'groq', model: 'm', promptTokens: 1,
  completionTokens: 1, latencyMs: 10, status: 'ok', costUsd,
});

describe('spend alerts (domain, real SQLite)', () => {
  let db: Db;
  let usage: UsageRepo;
  let delivered: SpendAlertPayload[];
  let log: ReturnType<typeof capturedLogger>;

  const alerts = (options: Partial<SpendAlertsOptions> = {}) => new SpendAlerts({
    thresholdsUsd: [5, 20], spend: new UsageSummaryRepo(db), store: new SpendAlertsRepo(db), logger: log.logger,
    deliver: async (p) => { delivered.push(p); }, ...options,
  });
  /** As the gateway does it: the usage row is written, then listeners see it. */
  const spend = async (a: SpendAlerts, r: UsageRecord) => {
    await usage.record(r);
    await a.observe(r);
  };

  beforeEach(async () => {
    db = await openDatabase(':memory:');
    usage = new UsageRepo(db);
    delivered = [];
    log = capturedLogger();
  });
  afterEach(() => db.close());

  it('fires once per threshold for the user and for the team, and logs {scope, id, month, threshold, spend}', async () => {
    const a = alerts();
    await spend(a, record('u1', 3));
    assert.equal(delivered.length, 0, 'below the first threshold');
    await spend(a, record('u1', 3));
    await a.idle();
    assert.deepEqual(delivered.map((d) => [d.scope, d.id, d.threshold, d.spend]).sort(), [['team', 'team_a', 5, 6], ['user', 'u1', 5, 6]]);
    const month = monthOf(Date.now());
    const warn = log.lines.filter((l) => l.level === 40 && l.threshold !== undefined);
    assert.deepEqual(warn.map((l) => ({ scope: l.scope, id: l.id, month: l.month, threshold: l.threshold, spend: l.spend }))
      .sort((x, y) => String(x.scope).localeCompare(String(y.scope))),
    [{ scope: 'team', id: 'team_a', month, threshold: 5, spend: 6 }, { scope: 'user', id: 'u1', month, threshold: 5, spend: 6 }]);
    assert.equal(delivered[0]!.type, 'spend_threshold_crossed');
    assert.match(delivered[0]!.text, /passed \$5\.00 of spend/);

    await spend(a, record('u1', 3));
    await a.idle();
    assert.equal(delivered.length, 2, 'the same threshold does not fire twice in a month');
    await spend(a, record('u1', 20));
    await a.idle();
    assert.deepEqual(delivered.slice(2).map((d) => [d.scope, d.threshold]).sort(), [['team', 20], ['user', 20]]);
    assert.equal((await new SpendAlertsRepo(db).forTeam('team_a', month)).length, 4);
  });

  it('one record crossing several thresholds fires each of them, lowest first', async () => {
    const a = alerts({ thresholdsUsd: [20, 5, 5] });
    await spend(a, record('u1', 25));
    await a.idle();
    assert.deepEqual(delivered.filter((d) => d.scope === 'user').map((d) => d.threshold), [5, 20]);
  });

  it('a team alert counts every member; a user alert only that user', async () => {
    const a = alerts({ thresholdsUsd: [10] });
    await spend(a, record('u1', 6));
    await spend(a, record('u2', 6));
    await a.idle();
    assert.deepEqual(delivered.map((d) => [d.scope, d.id, d.spend]), [['team', 'team_a', 12]]);
  });

  it('two instances on one database never fire the same alert twice (the UNIQUE key decides)', async () => {
    const one = alerts();
    const two = alerts();
    await usage.record(record('u1', 4));
    await Promise.all([one.observe(record('u1', 4)), two.observe(record('u1', 4))]); // both load 4: nothing due
    const r = record('u1', 2);
    await usage.record(r);
    await Promise.all([one.observe(r), two.observe(r)]);
    await Promise.all([one.idle(), two.idle()]);
    assert.deepEqual(delivered.map((d) => [d.scope, d.threshold]).sort(), [['team', 5], ['user', 5]]);
  });

  it('another instance\'s spend is seen at the next re-sum of the running total', async () => {
    let now = Date.parse('2030-05-10T12:00:00Z');
    const a = alerts({ thresholdsUsd: [10], refreshMs: 60_000, now: () => now });
    const write = (userId: string, cost: number) => db.execute({
      sql: `INSERT INTO usage_records (request_id, user_id, team_id, task, model, latency_ms, status, created_at, cost_usd)
            VALUES ('x', ?, 'team_a', 'chat', 'm', 1, 'ok', ?, ?)`, args: [userId, '2030-05-10T12:00:00.000Z', cost],
    });
    await write('u1', 1);
    await a.observe(record('u1', 1)); // loads: 1
    await write('u1', 8); // written by another instance: this one's cache does not know
    await write('u1', 1);
    await a.observe(record('u1', 1)); // cache: 2
    assert.equal(delivered.length, 0);
    now += 60_000;
    await write('u1', 1);
    await a.observe(record('u1', 1)); // re-sum: 11
    await a.idle();
    assert.deepEqual(delivered.filter((d) => d.scope === 'user').map((d) => [d.threshold, d.spend, d.month]), [[10, 11, '2030-05']]);
  });

  it('a new month starts from zero and may fire the same threshold again', async () => {
    let now = Date.parse('2030-05-31T23:00:00Z');
    const a = alerts({ thresholdsUsd: [5], now: () => now });
    const write = (iso: string, cost: number) => db.execute({
      sql: `INSERT INTO usage_records (request_id, user_id, team_id, task, model, latency_ms, status, created_at, cost_usd)
            VALUES ('x', 'u1', 'team_a', 'chat', 'm', 1, 'ok', ?, ?)`, args: [iso, cost],
    });
    await write('2030-05-31T23:00:00.000Z', 6);
    await a.observe(record('u1', 6));
    now = Date.parse('2030-06-01T00:30:00Z');
    await write('2030-06-01T00:30:00.000Z', 1);
    await a.observe(record('u1', 1));
    assert.deepEqual(delivered.filter((d) => d.scope === 'user').map((d) => d.month), ['2030-05'], 'June has $1 so far');
    await write('2030-06-01T00:31:00.000Z', 5);
    await a.observe(record('u1', 5));
    await a.idle();
    assert.deepEqual(delivered.filter((d) => d.scope === 'user').map((d) => [d.month, d.spend]), [['2030-05', 6], ['2030-06', 6]]);
  });

  it('a threshold the running total says is crossed is confirmed with an exact sum before it fires', async () => {
    const sums: number[] = [4, 4.5, 4.5]; // what the database says at each SUM
    const spendSource = { calls: 0, spendSince: async () => sums[Math.min(spendSource.calls++, sums.length - 1)]! };
    const a = alerts({ thresholdsUsd: [5], spend: spendSource });
    await a.observe(record('u1', 4, 'team_x')); // user and team each load 4 (their first SUMs)
    await a.observe(record('u1', 2, 'team_x')); // cache says 6: each confirms with a SUM (4.5): no alert
    await a.idle();
    assert.equal(delivered.length, 0);
    assert.equal(spendSource.calls, 4);
  });

  it('without thresholds or cost there is nothing to do: no query at all', async () => {
    const spendSource = { calls: 0, spendSince: async () => { spendSource.calls++; return 100; } };
    await alerts({ thresholdsUsd: [], spend: spendSource }).observe(record('u1', 50));
    await alerts({ spend: spendSource }).observe(record('u1', 0));
    assert.equal(spendSource.calls, 0);
  });

  it('a failing database is logged and never rejects; the next record tries again', async () => {
    let broken = true;
    const spendSource = { spendSince: async (_s: AlertScope, _id: string) => { if (broken) throw new Error('disk on fire'); return 6; } };
    const a = alerts({ spend: spendSource });
    const listenerResult = a.listener(record('u1', 6));
    assert.equal(listenerResult, undefined, 'the gateway gets nothing to wait for');
    await a.idle();
    assert.ok(log.lines.some((l) => l.msg === 'spend alert check failed; it runs again on the next request'));
    broken = false;
    await a.observe(record('u1', 1));
    await a.idle();
    assert.equal(delivered.filter((d) => d.scope === 'user').length, 1);
  });

  it('a webhook that throws is logged, not thrown', async () => {
    const a = alerts({ deliver: async () => { throw new Error('no route to host'); } });
    await spend(a, record('u1', 6));
    await a.idle();
    assert.ok(log.lines.some((l) => l.msg === 'alert webhook failed'));
    assert.equal((await new SpendAlertsRepo(db).forTeam('team_a', monthOf(Date.now()))).length, 2, 'the alerts still count as fired');
  });
});
