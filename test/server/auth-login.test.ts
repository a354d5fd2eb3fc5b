import assert from 'node:assert/strict';
import { CreatedToken, LogoutAllResponse, LogoutResponse, MeResponse, SessionResponse } from '../../protocol';
import { scryptRuns } from '../../server/src/domain/passwords';
import { startTestServer, type TestServer } from './harness';
import { addPasswordUser, anon, auditActions, error, json, login, PASSWORD } from './local-accounts';

const me = (s: TestServer, token: string) => anon(s, '/api/v1/me', { token });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('server: password sign-in, sessions and sign-out', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    for (const name of ['ann', 'ben', 'kim', 'lou']) await addPasswordUser(s, name, `${name}@example.com`);
  });
  after(async () => { await s.close(); });

  it('signs in with email and password (any case): a 30-day churs_ session in the default team', async () => {
    const session = await json(await login(s, '  Ann@Example.COM ', PASSWORD), 200, SessionResponse);
    assert.match(session.token, /^churs_/);
    const days = (Date.parse(session.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
    assert.deepEqual(session.user, { id: 'ann', email: 'ann@example.com', name: 'ann' });
    assert.deepEqual(session.team, { id: 'team_default', name: 'Default team', role: 'member' });
    const who = await json(await me(s, session.token), 200, MeResponse);
    assert.deepEqual([who.user.id, who.tokenKind], ['ann', 'session']);
    const [entry] = await auditActions(s, 'auth.login');
    assert.deepEqual([entry?.actor_user_id, entry?.team_id, entry?.ip], ['ann', 'team_default', '10.0.0.1']);
  });

  it('unknown email and wrong password: the same status, code and message', async () => {
    const unknown = await error(await login(s, 'nobody@example.com', PASSWORD), 401);
    const wrong = await error(await login(s, 'ann@example.com', 'not the password'), 401);
    assert.deepEqual({ ...unknown, requestId: undefined }, { ...wrong, requestId: undefined });
    assert.equal(unknown.code, 'invalid_credentials');
    const failed = await auditActions(s, 'auth.login_failed');
    assert.deepEqual(failed.map((e) => e.actor_user_id), [null, 'ann'], 'the log knows which; the caller does not');
  });

  it('the unknown-email path runs one scrypt derivation, like a wrong password, and takes comparable time', async () => {
    await login(s, 'warm-up@example.com', 'x', '10.9.0.1'); // the dummy hash is made at start: be sure it is ready
    const time = async (email: string, ip: string) => {
      const before = scryptRuns();
      const started = performance.now();
      assert.equal((await login(s, email, 'wrong password', ip)).status, 401);
      return { ms: performance.now() - started, runs: scryptRuns() - before };
    };
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 8; i++) {
      // Alternate, so load on the machine affects both alike; spread over accounts and addresses to stay below the limits.
      const u = await time(`ghost${i}@example.com`, `10.9.1.${i}`);
      const k = await time(i % 2 ? 'kim@example.com' : 'lou@example.com', `10.9.2.${i}`);
      assert.deepEqual([u.runs, k.runs], [1, 1], 'exactly one derivation on either path');
      unknown.push(u.ms);
      known.push(k.ms);
    }
    // A ratio, not a duration: without the dummy hash the unknown path would be ~50× faster.
    const ratio = median(unknown) / median(known);
    assert.ok(ratio > 0.33 && ratio < 3, `unknown/known median time ratio ${ratio.toFixed(2)}`);
  });

  it('Sign Out revokes a session at once; an API token is left working', async () => {
    const session = await json(await login(s, 'ben@example.com', PASSWORD), 200, SessionResponse);
    assert.deepEqual(await json(await anon(s, '/api/v1/auth/logout', { token: session.token, json: {} }), 200, LogoutResponse), { revoked: true });
    assert.equal((await me(s, session.token)).status, 401, 'no 5-second grace from the principal cache');
    // The extension calls the same route for a pasted API token: it must survive.
    assert.deepEqual(await json(await s.api('/api/v1/auth/logout', { json: {} }), 200, LogoutResponse), { revoked: false });
    assert.equal((await s.api('/api/v1/me')).status, 200);
    const logouts = await auditActions(s, 'auth.logout');
    assert.deepEqual(logouts.map((e) => JSON.parse(String(e.details)).revoked), [true, false]);
  });

  it('Sign Out Everywhere ends every session of the user; API tokens stay', async () => {
    const first = await json(await login(s, 'ben@example.com', PASSWORD), 200, SessionResponse);
    const second = await json(await login(s, 'ben@example.com', PASSWORD, '10.0.0.2'), 200, SessionResponse);
    const api = await json(await anon(s, '/api/v1/tokens', { token: first.token, json: { name: 'ci' } }), 201, CreatedToken);
    const other = await json(await login(s, 'ann@example.com', PASSWORD), 200, SessionResponse);
    assert.equal((await me(s, second.token)).status, 200); // cached now: revocation must evict it
    const ended = await json(await anon(s, '/api/v1/auth/logout-all', { token: first.token, json: {} }), 200, LogoutAllResponse);
    assert.equal(ended.revoked, 2);
    assert.equal((await me(s, first.token)).status, 401);
    assert.equal((await me(s, second.token)).status, 401);
    assert.equal((await me(s, api.token)).status, 200, 'the API token survives');
    assert.equal((await me(s, other.token)).status, 200, 'another user\'s session is untouched');
    assert.equal((await auditActions(s, 'auth.logout_all')).length, 1);
  });

  it('validates the body; sign-out needs a token', async () => {
    assert.equal((await error(await anon(s, '/api/v1/auth/login', { json: { email: 'not-an-email', password: 'x' } }), 400)).code, 'bad_request');
    assert.equal((await anon(s, '/api/v1/auth/logout', { json: {} })).status, 401);
  });
});
