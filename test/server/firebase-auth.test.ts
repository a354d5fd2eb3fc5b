// POST /api/v1/auth/firebase against the REAL Firebase Auth emulator (firebase-tools), with Google
// and GitHub provider users created through the emulator's own sign-in endpoints.
// The emulator issues UNSIGNED tokens and firebase-admin accepts them in emulator mode; Google's
// signing keys are out of reach here. So these tests prove audience, expiry, revocation, unknown
// subjects and the linking rules — not signature verification (see the test names).
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './harness';
import { startAuthEmulator, type AuthEmulator } from '../support/firebase-emulator';

const signIn = (s: TestServer, idToken: string) =>
  fetch(`${s.url}/api/v1/auth/firebase`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idToken }) });
const me = async (s: TestServer, token: string) =>
  (await (await fetch(`${s.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as
    { user: { id: string; role: string; email: string | null }; team?: { id: string }; tokenKind?: string };

/** An unsigned emulator-style token with chosen claims: what a forger could send when no signature is checked. */
function forge(base: string, changes: Record<string, unknown>): string {
  const [header, payload] = base.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
}

async function auditActions(s: TestServer): Promise<{ action: string; actor_user_id: string | null; details: string | null }[]> {
  const r = await s.db.execute('SELECT action, actor_user_id, details FROM audit_log ORDER BY id');
  return r.rows.map((row) => ({ action: String(row.action), actor_user_id: row.actor_user_id as string | null, details: row.details as string | null }));
}

describe('Firebase sign-in against the real Auth emulator (emulator tokens are unsigned: no signature check here)', function () {
  this.timeout(120_000);
  let emu: AuthEmulator;
  let s: TestServer;

  before(async function () {
    emu = await startAuthEmulator();
    s = await startTestServer({ env: { FIREBASE_PROJECT_ID: emu.projectId, FIREBASE_AUTH_EMULATOR_HOST: emu.host } });
  });
  after(async () => {
    await s?.close();
    await emu?.stop();
    delete process.env.FIREBASE_AUTH_EMULATOR_HOST; // set by the verifier for firebase-admin (it reads only process.env)
  });

  it('a Google user is linked by verified email to the existing local user and gets a session', async () => {
    const now = new Date().toISOString();
    await s.db.execute({ sql: `INSERT INTO users (id, team_id, email, name, role, created_at) VALUES ('user_ann', 'team_default', 'ann@example.com', 'Ann', 'admin', ?)`, args: [now] });
    const google = await emu.signInWithGoogle({ sub: 'google-ann', email: 'Ann@Example.com', name: 'Ann G.' });
    const res = await signIn(s, google.idToken);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json() as { token: string; user: { id: string }; team: { id: string; role: string } };
    assert.match(body.token, /^churs_/);
    assert.deepEqual([body.user.id, body.team.id, body.team.role], ['user_ann', 'team_default', 'admin']);
    const who = await me(s, body.token);
    assert.equal(who.user.id, 'user_ann');
    assert.equal(who.tokenKind, 'session');
    const ids = await s.db.execute(`SELECT provider, subject FROM identities WHERE user_id = 'user_ann'`);
    assert.deepEqual(ids.rows.map((r) => [r.provider, r.subject]), [['google.com', google.uid]]);
    const login = (await auditActions(s)).find((a) => a.action === 'auth.firebase_login');
    assert.equal(login?.actor_user_id, 'user_ann');
    assert.equal(JSON.parse(login!.details!).link, 'email');

    // the next sign-in finds the linked identity, even if the local email changed meanwhile
    await s.db.execute(`UPDATE users SET email = 'ann@new.example' WHERE id = 'user_ann'`);
    const again = await signIn(s, google.idToken);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { user: { id: string } }).user.id, 'user_ann');
  });

  it('a GitHub user (email vouched for by GitHub) with a pending invitation joins with the invited role', async () => {
    const invite = await s.api('/api/v1/teams/current/invitations', { json: { email: 'bob@example.com', role: 'viewer' } });
    assert.equal(invite.status, 201, await invite.clone().text());
    const { id: invitationId } = await invite.json() as { id: string };
    const github = await emu.signInWithGitHub({ sub: 'github-bob', email: 'bob@example.com', name: 'Bob' });
    assert.equal(JSON.parse(Buffer.from(github.idToken.split('.')[1]!, 'base64url').toString()).email_verified, false,
      'the emulator marks GitHub emails unverified, like Firebase does');
    const res = await signIn(s, github.idToken);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json() as { token: string; user: { id: string; email: string; name: string }; team: { id: string; role: string } };
    assert.deepEqual([body.user.email, body.user.name, body.team.id, body.team.role], ['bob@example.com', 'Bob', 'team_default', 'viewer']);
    const who = await me(s, body.token);
    assert.equal(who.user.role, 'viewer');
    const list = await (await s.api('/api/v1/teams/current/invitations')).json() as { data: { id: string; status: string }[] };
    assert.equal(list.data.find((i) => i.id === invitationId)?.status, 'accepted');
    // used once: a second Firebase account with the same address is now linked by email, not a second user
    const users = await s.db.execute(`SELECT COUNT(*) AS n FROM users WHERE email = 'bob@example.com'`);
    assert.equal(Number(users.rows[0]!.n), 1);
  });

  it('a verified user without account or invitation is refused with 403 and a clear message', async () => {
    const stranger = await emu.signInWithGoogle({ sub: 'google-eve', email: 'eve@example.com' });
    const res = await signIn(s, stranger.idToken);
    assert.equal(res.status, 403);
    const { error } = await res.json() as { error: { code: string; message: string } };
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /no Churnistic account for eve@example\.com.*invit/);
    assert.equal((await s.db.execute(`SELECT COUNT(*) AS n FROM users WHERE email = 'eve@example.com'`)).rows[0]!.n, 0);
    const failed = (await auditActions(s)).filter((a) => a.action === 'auth.login_failed').at(-1);
    assert.equal(JSON.parse(failed!.details!).reason, 'no_account');
  });

  it('an email/password user whose email is not verified is refused', async () => {
    await s.db.execute({ sql: `INSERT INTO users (id, team_id, email, name, role, created_at) VALUES ('user_carl', 'team_default', 'carl@example.com', 'Carl', 'member', ?)`, args: [new Date().toISOString()] });
    const user = await emu.signUpWithPassword('carl@example.com', 'a-long-password');
    const res = await signIn(s, user.idToken);
    assert.equal(res.status, 403);
    assert.match((await res.json() as { error: { message: string } }).error.message, /not verified/);
    assert.equal((await s.db.execute(`SELECT COUNT(*) AS n FROM identities WHERE user_id = 'user_carl'`)).rows[0]!.n, 0,
      'an unverified address must not take over the local account');
  });

  it('tokens are refused with 401 when expired, for another project, for an unknown subject, revoked or garbage (no signature check: emulator)', async () => {
    const google = await emu.signInWithGoogle({ sub: 'google-dan', email: 'dan@example.com' });
    const past = Math.floor(Date.now() / 1000) - 7200;
    const cases: [string, string][] = [
      ['expired', forge(google.idToken, { iat: past, auth_time: past, exp: past + 3600 })],
      ['another project', forge(google.idToken, { aud: 'other-project', iss: 'https://securetoken.google.com/other-project' })],
      ['unknown subject', forge(google.idToken, { sub: 'no-such-uid', user_id: 'no-such-uid' })],
      ['garbage', 'x'.repeat(40)],
    ];
    for (const [what, token] of cases) {
      const res = await signIn(s, token);
      assert.equal(res.status, 401, `${what}: ${await res.text()}`);
    }
    await new Promise((r) => setTimeout(r, 1100)); // validSince has one-second precision
    await emu.revokeTokens(google.uid);
    const revoked = await signIn(s, google.idToken);
    assert.equal(revoked.status, 401);
    assert.match((await revoked.json() as { error: { message: string } }).error.message, /revoked/);
  });

  it('with CHURNISTIC_OPEN_SIGNUP_TEAM a verified newcomer joins that team as a member', async () => {
    const open = await startTestServer({ env: { FIREBASE_PROJECT_ID: emu.projectId, FIREBASE_AUTH_EMULATOR_HOST: emu.host,
      CHURNISTIC_OPEN_SIGNUP_TEAM: 'team_default' } });
    try {
      const newcomer = await emu.signInWithGoogle({ sub: 'google-fay', email: 'fay@example.com', name: 'Fay' });
      const res = await signIn(open, newcomer.idToken);
      assert.equal(res.status, 200, await res.clone().text());
      const body = await res.json() as { team: { id: string; role: string } };
      assert.deepEqual(body.team, { id: 'team_default', name: 'Default team', role: 'member' });
    } finally {
      await open.close();
    }
  });

  it('without FIREBASE_PROJECT_ID the route says Firebase sign-in is off', async () => {
    const plain = await startTestServer();
    try {
      const res = await signIn(plain, 'x'.repeat(40));
      assert.equal(res.status, 404);
      assert.match((await res.json() as { error: { message: string } }).error.message, /FIREBASE_PROJECT_ID/);
    } finally {
      await plain.close();
    }
  });
});
