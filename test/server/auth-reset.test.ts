import assert from 'node:assert/strict';
import { SessionResponse } from '../../protocol';
import { startTestServer, type TestServer } from './harness';
import { addPasswordUser, anon, auditActions, error, json, linkToken, login, outboxMail, PASSWORD } from './local-accounts';

const NEW_PASSWORD = 'a brand new passphrase';
const requestReset = (s: TestServer, email: string, headers: Record<string, string> = {}) =>
  anon(s, '/api/v1/auth/password-reset/request', { json: { email }, headers });
const confirm = (s: TestServer, token: string, password = NEW_PASSWORD) =>
  anon(s, '/api/v1/auth/password-reset/confirm', { json: { token, password } });

async function resetToken(s: TestServer, email: string, nth = 1): Promise<string> {
  const mail = await outboxMail(s, email, nth);
  assert.equal(mail.length, nth, `mail #${nth} to ${email}`);
  return linkToken(mail[0]!.text, 'reset'); // newest first
}

describe('server: password reset', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    for (const name of ['rae', 'sam', 'tom', 'uma']) await addPasswordUser(s, name, `${name}@example.com`);
  });
  after(async () => { await s.close(); });

  it('answers 202 with the same body for known and unknown addresses; only the known one gets mail', async () => {
    const known = await requestReset(s, 'rae@example.com');
    const unknown = await requestReset(s, 'nobody@example.com');
    assert.deepEqual([known.status, unknown.status], [202, 202]);
    assert.deepEqual([await known.text(), await unknown.text()], ['{}', '{}']);
    const [mail] = await outboxMail(s, 'rae@example.com');
    assert.equal(mail?.subject, 'Reset your Churnistic password');
    assert.ok(mail!.text.includes(`${s.url}/signin?reset=chrr_`), mail!.text);
    // Both requests' work is done once both are in the activity log: only then is "no mail" meaningful.
    let requested = await auditActions(s, 'auth.password_reset_requested');
    while (requested.length < 2) requested = await new Promise((r) => setTimeout(r, 25)).then(() => auditActions(s, 'auth.password_reset_requested'));
    assert.deepEqual(requested.map((e) => JSON.parse(String(e.details)).knownAccount).sort(), [false, true]);
    assert.deepEqual(await outboxMail(s, 'nobody@example.com', 0), []);
  });

  it('the link sets a new password once; every session ends; the old password stops working', async () => {
    const token = await resetToken(s, 'rae@example.com');
    const before = await json(await login(s, 'rae@example.com', PASSWORD), 200, SessionResponse);
    assert.deepEqual(await json(await confirm(s, token), 200, { parse: (x: unknown) => x }), {});
    assert.equal((await anon(s, '/api/v1/me', { token: before.token })).status, 401, 'sessions from before the reset end');
    assert.equal((await login(s, 'rae@example.com', PASSWORD)).status, 401);
    await json(await login(s, 'rae@example.com', NEW_PASSWORD), 200, SessionResponse);
    const reused = await error(await confirm(s, token, 'yet another passphrase'), 400);
    assert.match(reused.message, /invalid, already used or expired/);
    await json(await login(s, 'rae@example.com', NEW_PASSWORD), 200, SessionResponse);
    const [entry] = await auditActions(s, 'auth.password_reset');
    assert.equal(entry?.actor_user_id, 'rae');
    assert.equal(JSON.parse(String(entry?.details)).sessionsRevoked, 1);
  });

  it('an expired link is refused and changes nothing', async () => {
    assert.equal((await requestReset(s, 'sam@example.com')).status, 202);
    const token = await resetToken(s, 'sam@example.com');
    await s.db.execute(`UPDATE password_resets SET expires_at = '2000-01-01T00:00:00.000Z'`); // 30 minutes have passed
    assert.equal((await error(await confirm(s, token), 400)).code, 'bad_request');
    await json(await login(s, 'sam@example.com', PASSWORD), 200, SessionResponse);
  });

  it('a too-short new password is a 400 that does not use the link up; a made-up token is a 400', async () => {
    assert.equal((await requestReset(s, 'tom@example.com')).status, 202);
    const token = await resetToken(s, 'tom@example.com');
    assert.equal((await error(await confirm(s, token, 'short'), 400)).issues?.[0]?.path, 'password');
    await json(await confirm(s, token), 200, { parse: (x: unknown) => x });
    assert.equal((await confirm(s, 'chrr_made-up')).status, 400);
  });

  it('a reset also lifts a lockout: the owner proved the mailbox', async () => {
    for (let i = 0; i < 5; i++) await login(s, 'uma@example.com', 'wrong password', '10.7.0.1');
    assert.equal((await login(s, 'uma@example.com', PASSWORD, '10.7.0.2')).status, 429);
    assert.equal((await requestReset(s, 'uma@example.com')).status, 202);
    await json(await confirm(s, await resetToken(s, 'uma@example.com')), 200, { parse: (x: unknown) => x });
    await json(await login(s, 'uma@example.com', NEW_PASSWORD, '10.7.0.2'), 200, SessionResponse);
  });

  it('links point at the server, never at a forged Host header; one address gets at most 3 live links', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await requestReset(s, 'sam@example.com', { 'x-forwarded-host': 'evil.example' })).status, 202);
    await new Promise((r) => setTimeout(r, 300)); // the fifth request's work runs after its 202
    const mail = await outboxMail(s, 'sam@example.com', 4);
    assert.equal(mail.length, 4, 'the expired one from before, and 3 live ones');
    assert.ok(mail.every((m) => m.text.includes(`${s.url}/signin?reset=`)));
  });
});
