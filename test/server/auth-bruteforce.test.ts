import assert from 'node:assert/strict';
import { SessionResponse } from '../../protocol';
import { startTestServer, type TestServer } from './harness';
import { addPasswordUser, auditActions, error, json, login, PASSWORD } from './local-accounts';

// Time passing is simulated by moving the stored lock into the past (the real table, the real
// code path that reads it): the tests never wait a minute, nor assert wall-clock times.
const expireLock = (s: TestServer, email: string) =>
  s.db.execute({ sql: `UPDATE login_lockouts SET locked_until = '2000-01-01T00:00:00.000Z' WHERE email = ?`, args: [email] });

async function failTimes(s: TestServer, email: string, n: number, ip: string) {
  for (let i = 0; i < n; i++) assert.equal((await error(await login(s, email, 'wrong password', ip), 401)).code, 'invalid_credentials');
}

describe('server: sign-in brute-force protection', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    for (const name of ['bo', 'cy', 'di', 'ed']) await addPasswordUser(s, name, `${name}@example.com`);
  });
  after(async () => { await s.close(); });

  it('5 failures lock the account for a minute: 429 account_locked with Retry-After, even for the right password', async () => {
    await failTimes(s, 'bo@example.com', 5, '10.1.0.1');
    const locked = await login(s, 'bo@example.com', PASSWORD, '10.1.0.2');
    assert.equal((await error(locked.clone(), 429)).code, 'account_locked');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    const [entry] = await auditActions(s, 'auth.locked');
    assert.equal(entry?.actor_user_id, 'bo');
    assert.equal(JSON.parse(String(entry?.details)).scope, 'account');
    assert.equal((await auditActions(s, 'auth.login_failed')).length, 5);
  });

  it('the lock expires; each next lock doubles (2 min, … capped at 1 h); a success starts over', async () => {
    await expireLock(s, 'bo@example.com');
    await failTimes(s, 'bo@example.com', 5, '10.1.0.3');
    const second = await login(s, 'bo@example.com', PASSWORD, '10.1.0.3');
    assert.equal(second.status, 429);
    const retry2 = Number(second.headers.get('retry-after'));
    assert.ok(retry2 > 60 && retry2 <= 120, `second lock: Retry-After ${retry2}`);

    await expireLock(s, 'bo@example.com');
    await json(await login(s, 'bo@example.com', PASSWORD, '10.1.0.3'), 200, SessionResponse);
    await failTimes(s, 'bo@example.com', 5, '10.1.0.4');
    const fresh = Number((await login(s, 'bo@example.com', PASSWORD, '10.1.0.4')).headers.get('retry-after'));
    assert.ok(fresh > 0 && fresh <= 60, `after a success the back-off starts over: ${fresh}`);

    // Many locks in the same day: the back-off stops at an hour.
    await s.db.execute({ sql: `UPDATE login_lockouts SET lockouts = 12, locked_until = '2000-01-01T00:00:00.000Z' WHERE email = ?`, args: ['bo@example.com'] });
    await failTimes(s, 'bo@example.com', 5, '10.1.0.5');
    const capped = Number((await login(s, 'bo@example.com', PASSWORD, '10.1.0.5')).headers.get('retry-after'));
    assert.ok(capped > 3500 && capped <= 3600, `capped at an hour: ${capped}`);
  });

  it('unknown emails lock exactly like known ones, so a lock reveals nothing', async () => {
    await failTimes(s, 'nobody@example.com', 5, '10.2.0.1');
    const unknown = await login(s, 'nobody@example.com', PASSWORD, '10.2.0.1');
    const known = await login(s, 'bo@example.com', PASSWORD, '10.2.0.1');
    const [a, b] = [await error(unknown.clone(), 429), await error(known.clone(), 429)];
    assert.equal(a.code, b.code);
    assert.equal(a.message.replace(/\d+ s/, 'N s'), b.message.replace(/\d+ s/, 'N s'));
  });

  it('per IP: 30 failures in 15 minutes refuse further sign-ins from it across accounts; other addresses still sign in', async () => {
    const ip = '10.3.0.1';
    // Password spraying: one guess each at 30 addresses; no single account gets near its own limit.
    for (let i = 0; i < 30; i++) await failTimes(s, `spray${i}@example.com`, 1, ip);
    const refused = await login(s, 'cy@example.com', PASSWORD, ip);
    assert.equal((await error(refused.clone(), 429)).code, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 800 && retryAfter <= 900, `until the oldest failure leaves the window: ${retryAfter}`);
    await json(await login(s, 'cy@example.com', PASSWORD, '10.3.0.2'), 200, SessionResponse);
    const ipLocks = (await auditActions(s, 'auth.locked')).filter((e) => JSON.parse(String(e.details)).scope === 'ip');
    assert.deepEqual(ipLocks.map((e) => e.target_id), [ip]);
    // The window slides: once the oldest failures are older than 15 minutes, the address may try again.
    await s.db.execute({ sql: `UPDATE login_failures SET at = '2000-01-01T00:00:00.000Z' WHERE ip = ?`, args: [ip] });
    await json(await login(s, 'cy@example.com', PASSWORD, ip), 200, SessionResponse);
  });

  it('a burst of parallel guesses gets no more than the 5 tries a sequence would', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(s, 'di@example.com', 'wrong password', '10.4.0.1')));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
    assert.equal((await login(s, 'di@example.com', PASSWORD, '10.4.0.2')).status, 429, 'and the account is locked');
  });

  it('parallel guesses at many accounts from one address stop at the per-IP limit', async () => {
    const ip = '10.5.0.1';
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(s, `burst${i}@example.com`, 'wrong password', ip)));
    assert.equal(answers.filter((r) => r.status === 401).length, 30);
    assert.equal(answers.filter((r) => r.status === 429).length, 10);
  });
});
