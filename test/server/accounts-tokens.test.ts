import assert from 'node:assert/strict';
import { CreatedToken, ErrorBody, MeResponse, TokenList } from '../../protocol';
import { chatBody, startTestServer, type TestServer } from './harness';
import { addCaller, type TestCaller } from './principals';

/** fetch with a bearer token; `json` is sent as the body (POST unless a method is given). */
const as = (s: TestServer, token: string) => (path: string, init: RequestInit & { json?: unknown } = {}) =>
  s.api(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

async function body<T>(res: Response, status: number, schema: { parse(x: unknown): T }): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return schema.parse(JSON.parse(text));
}

describe('server: API tokens (/api/v1/tokens)', () => {
  let s: TestServer;
  let member: TestCaller;
  let admin: TestCaller;
  before(async () => {
    s = await startTestServer();
    member = await addCaller(s, 'tina', 'member');
    admin = await addCaller(s, 'arno', 'admin');
  });
  after(async () => { await s.close(); });

  const create = (who: { api: TestCaller['api'] }, json: unknown) => who.api('/api/v1/tokens', { json });

  it('creates a token whose value is shown once and works at once; lists show only its prefix', async () => {
    const created = await body(await create(member, { name: 'laptop' }), 201, CreatedToken);
    assert.match(created.token, /^chur_/);
    assert.ok(created.token.startsWith(created.prefix) && created.prefix.length < created.token.length);
    assert.deepEqual([created.kind, created.scopes, created.expiresAt, created.userId], ['api', null, null, 'tina']);
    const me = await body(await as(s, created.token)('/api/v1/me'), 200, MeResponse);
    assert.deepEqual([me.user.id, me.tokenKind, me.scopes], ['tina', 'api', null]);
    const list = await body(await member.api('/api/v1/tokens'), 200, TokenList);
    assert.ok(list.data.every((t) => t.userId === 'tina'));
    assert.deepEqual(list.data.map((t) => t.name).sort(), ['laptop', 'tina test token']);
    assert.equal(list.data.find((t) => t.current)?.name, 'tina test token', 'the calling token is marked');
    assert.ok(!JSON.stringify(list).includes(created.token), 'never the value');
  });

  it('scopes limit a token to its routes, and a token cannot mint a broader one', async () => {
    const chatOnly = await body(await create(member, { name: 'chat only', scopes: ['chat'] }), 201, CreatedToken);
    const chat = as(s, chatOnly.token);
    assert.equal((await chat('/v1/chat/completions', { json: chatBody('hi') })).status, 200);
    assert.equal((await body(await chat('/api/v1/conversations'), 403, ErrorBody)).error.code, 'forbidden');
    assert.equal((await chat('/api/v1/tokens', { json: { name: 'escalate' } })).status, 403, 'managing tokens needs the admin scope');
    const manager = await body(await create(member, { name: 'manager', scopes: ['admin', 'history'] }), 201, CreatedToken);
    const beyond = await body(await as(s, manager.token)('/api/v1/tokens', { json: { name: 'x', scopes: ['chat'] } }), 403, ErrorBody);
    assert.match(beyond.error.message, /cannot grant scopes it lacks: chat/);
    const inherited = await body(await as(s, manager.token)('/api/v1/tokens', { json: { name: 'inherits' } }), 201, CreatedToken);
    assert.deepEqual(inherited.scopes, ['admin', 'history'], 'no scopes asked: the creator\'s, not all');
    const me = await body(await as(s, inherited.token)('/api/v1/me'), 200, MeResponse);
    assert.deepEqual(me.scopes, ['admin', 'history']);
  });

  it('expiry: validated, optional, at most a year; an expired token is a 401', async () => {
    for (const expiresInDays of [0, 366, 1.5]) assert.equal((await create(member, { name: 'x', expiresInDays })).status, 400);
    const month = await body(await create(member, { name: 'month', expiresInDays: 30 }), 201, CreatedToken);
    const days = (Date.parse(month.expiresAt!) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, String(days));
    const soon = await body(await create(member, { name: 'soon', expiresInDays: 1 }), 201, CreatedToken);
    await s.db.execute({ sql: 'UPDATE api_tokens SET expires_at = ? WHERE id = ?', args: ['2001-01-01T00:00:00.000Z', soon.id] });
    const res = await body(await as(s, soon.token)('/api/v1/me'), 401, ErrorBody);
    assert.match(res.error.message, /invalid, expired or revoked/);
    const list = await body(await member.api('/api/v1/tokens'), 200, TokenList);
    assert.ok(!list.data.some((t) => t.id === soon.id), 'expired tokens are not listed as active');
  });

  it('revoking takes effect on the very next request, although the token was just cached', async () => {
    const t = await body(await create(member, { name: 'to revoke' }), 201, CreatedToken);
    assert.equal((await as(s, t.token)('/api/v1/me')).status, 200); // now in the 5 s principal cache
    assert.equal((await member.api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await as(s, t.token)('/api/v1/me')).status, 401);
    assert.equal((await member.api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status, 404, 'already revoked');
    // A token may revoke itself (sign out of a device).
    const self = await body(await create(member, { name: 'self' }), 201, CreatedToken);
    assert.equal((await as(s, self.token)(`/api/v1/tokens/${self.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await as(s, self.token)('/api/v1/me')).status, 401);
  });

  it('members see and revoke only their own; admins list the team\'s (scope=team) and revoke any of them', async () => {
    const t = await body(await create(member, { name: 'member laptop' }), 201, CreatedToken);
    const other = await addCaller(s, 'tom', 'member');
    assert.equal((await other.api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status, 404, 'someone else\'s: not found');
    assert.equal((await member.api('/api/v1/tokens?scope=team')).status, 403);
    const team = await body(await admin.api('/api/v1/tokens?scope=team'), 200, TokenList);
    assert.ok(team.data.some((x) => x.id === t.id) && team.data.some((x) => x.userId === 'user_admin'));
    assert.equal((await as(s, t.token)('/api/v1/me')).status, 200);
    assert.equal((await admin.api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await as(s, t.token)('/api/v1/me')).status, 401);
    const outsider = await addCaller(s, 'ozzy', 'owner', 'team_tokens_other');
    const adminsToken = (await body(await admin.api('/api/v1/tokens'), 200, TokenList)).data[0]!;
    assert.equal((await outsider.api(`/api/v1/tokens/${adminsToken.id}`, { method: 'DELETE' })).status, 404, 'another team: not found');
    assert.equal((await admin.api('/api/v1/me')).status, 200);
  });

  it('a member removed from the team loses every token at once; the first admin token keeps working', async () => {
    const gone = await addCaller(s, 'gone', 'member');
    const spare = await body(await create(gone, { name: 'spare' }), 201, CreatedToken);
    assert.equal((await gone.api('/api/v1/me')).status, 200);
    assert.equal((await s.api('/api/v1/teams/current/members/gone', { method: 'DELETE' })).status, 204);
    assert.equal((await gone.api('/api/v1/me')).status, 401);
    assert.equal((await as(s, spare.token)('/api/v1/me')).status, 401);
    // Even put back by hand, the old tokens stay dead: removal revoked them.
    await s.db.execute(`INSERT INTO memberships (user_id, team_id, role, created_at) VALUES ('gone', 'team_default', 'member', 'x')`);
    assert.equal((await as(s, spare.token)('/api/v1/me')).status, 401);
    const me = await body(await s.api('/api/v1/me'), 200, MeResponse);
    assert.deepEqual([me.user.role, me.tokenKind, me.scopes, me.team], ['owner', 'api', null, { id: 'team_default', name: 'Default team' }]);
  });
});
