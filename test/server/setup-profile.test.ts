import assert from 'node:assert/strict';
import { MeResponse, OutboxList, Preferences, Profile, SessionResponse, SetupStatus } from '../../protocol';
import { startTestServer, type TestServer } from './harness';
import { anon, auditActions, error, json, login } from './local-accounts';
import { addCaller } from './principals';

const SETUP = { teamName: 'Acme', name: 'Olivia Owner', email: 'Olivia@Acme.test', password: 'first owner password' };

describe('server: first-run setup, profile and preferences, the outbox', () => {
  let s: TestServer;
  let owner: SessionResponse;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  it('setup creates the first team and owner and signs them in; after that it is closed (409)', async () => {
    assert.deepEqual(await json(await anon(s, '/api/v1/setup'), 200, SetupStatus), { needsSetup: true });
    assert.equal((await error(await anon(s, '/api/v1/setup', { json: { ...SETUP, password: 'short' } }), 400)).issues?.[0]?.path, 'password');
    owner = await json(await anon(s, '/api/v1/setup', { json: SETUP }), 201, SessionResponse);
    assert.deepEqual([owner.team.name, owner.team.role, owner.user.email, owner.user.name], ['Acme', 'owner', 'olivia@acme.test', 'Olivia Owner']);
    const me = await json(await anon(s, '/api/v1/me', { token: owner.token }), 200, MeResponse);
    assert.deepEqual([me.user.role, me.team?.name, me.tokenKind], ['owner', 'Acme', 'session']);
    await json(await login(s, 'olivia@acme.test', SETUP.password), 200, SessionResponse);

    assert.deepEqual(await json(await anon(s, '/api/v1/setup'), 200, SetupStatus), { needsSetup: false });
    const again = await error(await anon(s, '/api/v1/setup', { json: { ...SETUP, email: 'mallory@evil.test', teamName: 'Mine' } }), 409);
    assert.match(again.message, /already set up/);
    assert.equal((await auditActions(s, 'setup.completed')).length, 1);
    const [team] = await auditActions(s, 'team.created');
    assert.deepEqual([team?.team_id, team?.actor_user_id], [owner.team.id, owner.user.id]);
  });

  it('two setups racing create one owner', async () => {
    const t = await startTestServer();
    try {
      const tries = await Promise.all([1, 2, 3].map((i) => anon(t, '/api/v1/setup', { json: { ...SETUP, email: `o${i}@acme.test` } })));
      assert.deepEqual(tries.map((r) => r.status).sort(), [201, 409, 409]);
      const owners = await t.db.execute(`SELECT COUNT(*) AS n FROM users WHERE password_hash IS NOT NULL`);
      assert.equal(Number(owners.rows[0]!.n), 1);
    } finally {
      await t.close();
    }
  });

  it('profile: read, rename (seen by /me at once), validated', async () => {
    const as = { token: owner.token };
    assert.deepEqual(await json(await anon(s, '/api/v1/me/profile', as), 200, Profile),
      { id: owner.user.id, email: 'olivia@acme.test', name: 'Olivia Owner' });
    const renamed = await json(await anon(s, '/api/v1/me/profile', { ...as, method: 'PATCH', json: { name: '  Liv  ' } }), 200, Profile);
    assert.equal(renamed.name, 'Liv');
    assert.equal((await json(await anon(s, '/api/v1/me', as), 200, MeResponse)).user.name, 'Liv');
    assert.equal((await anon(s, '/api/v1/me/profile', { ...as, method: 'PATCH', json: { name: '' } })).status, 400);
  });

  it('preferences: defaults until saved, PUT replaces and round-trips, omitted fields default, audited', async () => {
    const as = { token: owner.token };
    const defaults = { defaultModels: {}, features: { inline: true, chat: true, review: true, analysis: true } };
    assert.deepEqual(await json(await anon(s, '/api/v1/me/preferences', as), 200, Preferences), defaults);
    const saved = { defaultModels: { chat: 'llama-3.3-70b-versatile', review: 'qwen/qwen3-32b' }, features: { inline: false, chat: true, review: true, analysis: false } };
    assert.deepEqual(await json(await anon(s, '/api/v1/me/preferences', { ...as, method: 'PUT', json: saved }), 200, Preferences), saved);
    assert.deepEqual(await json(await anon(s, '/api/v1/me/preferences', as), 200, Preferences), saved);
    assert.deepEqual(await json(await anon(s, '/api/v1/me/preferences', { ...as, method: 'PUT', json: { defaultModels: { inline: 'x' } } }), 200, Preferences),
      { defaultModels: { inline: 'x' }, features: defaults.features });
    assert.equal((await anon(s, '/api/v1/me/preferences', { ...as, method: 'PUT', json: { features: { inline: 'yes' } } })).status, 400);
    // Per user: someone else still has the defaults.
    assert.deepEqual(await json(await s.api('/api/v1/me/preferences'), 200, Preferences), defaults);
    const changes = await auditActions(s, 'preferences.changed');
    assert.equal(changes.length, 2);
    assert.equal(JSON.parse(String(changes[0]!.details)).features.inline, false);
  });

  it('the outbox shows an admin only their own team\'s mail; members may not read it', async () => {
    const invited = await anon(s, '/api/v1/teams/current/invitations', { token: owner.token, json: { email: 'ivy@acme.test', role: 'member' } });
    assert.equal(invited.status, 201);
    const acme = await json(await anon(s, '/api/v1/admin/outbox', { token: owner.token }), 200, OutboxList);
    assert.deepEqual(acme.data.map((m) => m.to), ['ivy@acme.test']);
    assert.deepEqual((await json(await s.api('/api/v1/admin/outbox'), 200, OutboxList)).data, [], 'the default team\'s owner sees none of it');
    const member = await addCaller(s, 'mo', 'member');
    assert.equal((await member.api('/api/v1/admin/outbox')).status, 403);
  });
});
