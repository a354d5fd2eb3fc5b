import assert from 'node:assert/strict';
import { ErrorBody, Member, MemberList, MeResponse, TeamInfo } from '../../protocol';
import { startTestServer, type TestServer } from './harness';
import { addCaller, type TestCaller } from './principals';

async function body<T>(res: Response, status: number, schema: { parse(x: unknown): T }): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return schema.parse(JSON.parse(text));
}

describe('server: team and members (/api/v1/teams/current…)', () => {
  let s: TestServer;
  let admin: TestCaller;
  let member: TestCaller;
  let viewer: TestCaller;
  before(async () => {
    s = await startTestServer();
    admin = await addCaller(s, 'ann', 'admin', 'team_default', 'Ann Admin');
    member = await addCaller(s, 'max', 'member');
    viewer = await addCaller(s, 'vi', 'viewer');
  });
  after(async () => { await s.close(); });

  const setRole = (who: { api: TestCaller['api'] }, userId: string, role: string) =>
    who.api(`/api/v1/teams/current/members/${userId}`, { method: 'PATCH', json: { role } });
  const remove = (who: { api: TestCaller['api'] }, userId: string) =>
    who.api(`/api/v1/teams/current/members/${userId}`, { method: 'DELETE' });

  it('shows the token\'s team with the caller\'s role, and its members to everyone in it', async () => {
    const team = await body(await viewer.api('/api/v1/teams/current'), 200, TeamInfo);
    assert.deepEqual([team.id, team.name, team.role, team.memberCount], ['team_default', 'Default team', 'viewer', 4]);
    const list = await body(await viewer.api('/api/v1/teams/current/members'), 200, MemberList);
    assert.deepEqual(list.data.map((m) => [m.userId, m.role]).sort(),
      [['ann', 'admin'], ['max', 'member'], ['user_admin', 'owner'], ['vi', 'viewer']]);
    assert.equal(list.data.find((m) => m.userId === 'ann')?.name, 'Ann Admin');
  });

  it('admins move people only between member and viewer; they cannot promote, nor touch owners and admins', async () => {
    const changed = await body(await setRole(admin, 'max', 'viewer'), 200, Member);
    assert.equal(changed.role, 'viewer');
    assert.equal((await body(await setRole(admin, 'max', 'member'), 200, Member)).role, 'member');
    for (const [target, role] of [['max', 'admin'], ['max', 'owner'], ['user_admin', 'member'], ['ann', 'member']] as const) {
      assert.equal((await body(await setRole(admin, target, role), 403, ErrorBody)).error.code, 'forbidden', `${target} → ${role}`);
    }
    assert.equal((await setRole(admin, 'nobody', 'viewer')).status, 404);
    assert.equal((await setRole(admin, 'max', 'superuser')).status, 400);
    assert.equal((await setRole(member, 'vi', 'member')).status, 403, 'members manage nobody');
  });

  it('a role change applies to the very next request (the principal cache is cleared for that user)', async () => {
    assert.equal((await viewer.api('/api/v1/templates/x', { method: 'PUT', json: { description: 'd', variables: [], body: 'b' } })).status, 403);
    await body(await setRole(admin, 'vi', 'member'), 200, Member);
    assert.equal((await body(await viewer.api('/api/v1/me'), 200, MeResponse)).user.role, 'member');
    assert.equal((await viewer.api('/api/v1/templates/x', { method: 'PUT', json: { description: 'd', variables: [], body: 'b' } })).status, 201);
    await body(await setRole(admin, 'vi', 'viewer'), 200, Member);
    assert.equal((await body(await viewer.api('/api/v1/me'), 200, MeResponse)).user.role, 'viewer');
  });

  it('the owner sets any role, but the team\'s last owner can be neither demoted nor removed', async () => {
    const last = await body(await setRole(s, 'user_admin', 'admin'), 409, ErrorBody);
    assert.match(last.error.message, /last owner/);
    assert.equal((await body(await remove(s, 'user_admin'), 409, ErrorBody)).error.code, 'conflict');
    assert.equal((await body(await setRole(s, 'ann', 'owner'), 200, Member)).role, 'owner');
    // Two owners now: one may step down, and the new owner manages admins.
    assert.equal((await body(await setRole(admin, 'user_admin', 'admin'), 200, Member)).role, 'admin');
    assert.equal((await body(await setRole(admin, 'user_admin', 'owner'), 200, Member)).role, 'owner');
    assert.equal((await body(await setRole(s, 'ann', 'admin'), 200, Member)).role, 'admin');
    const owners = (await body(await s.api('/api/v1/teams/current/members'), 200, MemberList)).data.filter((m) => m.role === 'owner');
    assert.deepEqual(owners.map((m) => m.userId), ['user_admin']);
  });

  it('removal: admins remove members and viewers, not admins; the removed lose access; other teams\' users are 404', async () => {
    const other = await addCaller(s, 'otto', 'owner', 'team_members_other');
    const admin2 = await addCaller(s, 'abe', 'admin');
    assert.equal((await remove(admin, 'abe')).status, 403);
    assert.equal((await remove(admin, 'otto')).status, 404, 'not a member of this team');
    assert.equal((await remove(other, 'max')).status, 404, 'another team\'s member');
    assert.equal((await remove(admin, 'max')).status, 204);
    assert.equal((await member.api('/api/v1/me')).status, 401);
    assert.equal((await remove(admin, 'max')).status, 404, 'already gone');
    assert.ok(!(await body(await s.api('/api/v1/teams/current/members'), 200, MemberList)).data.some((m) => m.userId === 'max'));
    assert.equal((await remove(s, 'abe')).status, 204, 'the owner removes admins');
    assert.equal((await admin2.api('/api/v1/me')).status, 401);
  });

  it('a user in two teams: each token answers for its own team with that team\'s role', async () => {
    const two = await addCaller(s, 'duo', 'viewer');
    await s.db.execute(`INSERT INTO teams (id, name, created_at) VALUES ('team_duo', 'Duo team', 'x')`);
    await s.db.execute(`INSERT INTO memberships (user_id, team_id, role, created_at) VALUES ('duo', 'team_duo', 'admin', 'x')`);
    const { AccountsRepo } = await import('../../server/src/data/accounts-repo');
    const token = await new AccountsRepo(s.db).createToken({ userId: 'duo', teamId: 'team_duo' }, 'duo');
    const there = await body(await s.api('/api/v1/me', { headers: { authorization: `Bearer ${token}` } }), 200, MeResponse);
    assert.deepEqual([there.user.role, there.team?.name], ['admin', 'Duo team']);
    const here = await body(await two.api('/api/v1/me'), 200, MeResponse);
    assert.deepEqual([here.user.role, here.team?.name], ['viewer', 'Default team']);
  });
});
