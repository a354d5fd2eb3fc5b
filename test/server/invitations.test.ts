import assert from 'node:assert/strict';
import { CreatedInvitation, InvitationList, MemberList, SessionResponse } from '../../protocol';
import { startTestServer, type TestServer } from './harness';
import { addPasswordUser, anon, auditActions, error, json, linkToken, login, outboxMail, PASSWORD } from './local-accounts';
import { addCaller, type TestCaller } from './principals';

const NEW = 'a long enough password';

describe('server: invitations', () => {
  let s: TestServer;
  let admin: TestCaller;
  let member: TestCaller;
  let outsider: TestCaller;
  before(async () => {
    s = await startTestServer();
    admin = await addCaller(s, 'adam', 'admin');
    member = await addCaller(s, 'mona', 'member');
    outsider = await addCaller(s, 'olga', 'owner', 'team_other');
  });
  after(async () => { await s.close(); });

  // The harness's token is the default team's owner.
  const invite = (json: unknown, token = s.token) => anon(s, '/api/v1/teams/current/invitations', { json, token });
  const accept = (json: unknown, token?: string) => anon(s, '/api/v1/invitations/accept', { json, token });

  it('an owner invites with a role: the link is mailed (outbox) and the invitation is listed as pending', async () => {
    const created = await json(await invite({ email: 'New.Person@Example.com', role: 'member' }), 201, CreatedInvitation);
    assert.deepEqual([created.email, created.role, created.status, created.invitedBy], ['new.person@example.com', 'member', 'pending', 'user_admin']);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in ${days} days`);
    const [mail] = await outboxMail(s, 'new.person@example.com');
    assert.equal(linkToken(mail!.text, 'token'), created.token);
    assert.ok(mail!.text.includes(`${s.url}/invite?token=`));
    const list = await json(await s.api('/api/v1/teams/current/invitations'), 200, InvitationList);
    assert.deepEqual(list.data.map((i) => [i.email, i.status]), [['new.person@example.com', 'pending']]);
    assert.ok(!JSON.stringify(list).includes(created.token), 'lists never show the token');
    assert.equal((await auditActions(s, 'invitation.created')).length, 1);
  });

  it('accepting creates the account with the invited role and signs it in; accepting again is refused', async () => {
    const { token } = await json(await invite({ email: 'vera@example.com', role: 'viewer' }), 201, CreatedInvitation);
    assert.equal((await error(await accept({ token, password: NEW }), 400)).message, 'name is required to create your account');
    const session = await json(await accept({ token, name: 'Vera', password: NEW }), 200, SessionResponse);
    assert.deepEqual(session.team, { id: 'team_default', name: 'Default team', role: 'viewer' });
    assert.equal(session.user.email, 'vera@example.com');
    const members = await json(await s.api('/api/v1/teams/current/members'), 200, MemberList);
    assert.equal(members.data.find((m) => m.email === 'vera@example.com')?.role, 'viewer');
    await json(await login(s, 'vera@example.com', NEW), 200, SessionResponse);
    assert.equal((await error(await accept({ token, name: 'Vera', password: NEW }), 409)).code, 'conflict');
    const [entry] = await auditActions(s, 'invitation.accepted');
    assert.equal(JSON.parse(String(entry?.details)).newAccount, true);
  });

  it('an expired invitation is a 410 invitation_expired', async () => {
    const { id, token } = await json(await invite({ email: 'late@example.com', role: 'member' }), 201, CreatedInvitation);
    await s.db.execute({ sql: `UPDATE invitations SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?`, args: [id] }); // 7 days later
    assert.equal((await error(await accept({ token, name: 'Late', password: NEW }), 410)).code, 'invitation_expired');
    const list = await json(await s.api('/api/v1/teams/current/invitations'), 200, InvitationList);
    assert.equal(list.data.find((i) => i.id === id)?.status, 'expired');
  });

  it('revoking: the link then answers 410; revoking again 404; an accepted one cannot be revoked (409)', async () => {
    const { id, token } = await json(await invite({ email: 'gone@example.com', role: 'member' }), 201, CreatedInvitation);
    assert.equal((await s.api(`/api/v1/teams/current/invitations/${id}`, { method: 'DELETE' })).status, 204);
    assert.match((await error(await accept({ token, name: 'Gone', password: NEW }), 410)).message, /revoked/);
    assert.equal((await s.api(`/api/v1/teams/current/invitations/${id}`, { method: 'DELETE' })).status, 404);
    const accepted = (await json(await s.api('/api/v1/teams/current/invitations'), 200, InvitationList)).data.find((i) => i.status === 'accepted');
    assert.equal((await s.api(`/api/v1/teams/current/invitations/${accepted!.id}`, { method: 'DELETE' })).status, 409);
    assert.equal((await auditActions(s, 'invitation.revoked')).length, 1);
    assert.equal((await error(await accept({ token: 'chri_made-up', name: 'X', password: NEW }), 404)).code, 'not_found');
  });

  it('roles: admins invite members and viewers only, members not at all; another team sees and revokes nothing', async () => {
    assert.equal((await invite({ email: 'a1@example.com', role: 'admin' }, admin.token)).status, 403);
    const byAdmin = await json(await invite({ email: 'a1@example.com', role: 'member' }, admin.token), 201, CreatedInvitation);
    assert.equal((await invite({ email: 'a2@example.com', role: 'viewer' }, member.token)).status, 403);
    const foreign = await json(await anon(s, '/api/v1/teams/current/invitations', { token: outsider.token }), 200, InvitationList);
    assert.deepEqual(foreign.data, []);
    assert.equal((await anon(s, `/api/v1/teams/current/invitations/${byAdmin.id}`, { method: 'DELETE', token: outsider.token })).status, 404);
    assert.equal((await invite({ email: 'mona2@example.com', role: 'member' }, outsider.token)).status, 201, 'owners of other teams invite to theirs');
  });

  it('an existing account joins with its password or its session; another signed-in account is refused', async () => {
    await addPasswordUser(s, 'pat', 'pat@example.com', { teamId: 'team_other' });
    const { token } = await json(await invite({ email: 'pat@example.com', role: 'member' }), 201, CreatedInvitation);
    assert.equal((await error(await accept({ token }), 401)).code, 'invalid_credentials');
    assert.equal((await error(await accept({ token, password: 'wrong password' }), 401)).code, 'invalid_credentials');
    const vera = await json(await login(s, 'vera@example.com', NEW), 200, SessionResponse);
    assert.match((await error(await accept({ token }, vera.token), 403)).message, /this invitation is for pat@example.com/);
    const session = await json(await accept({ token, password: PASSWORD }), 200, SessionResponse);
    assert.deepEqual([session.user.id, session.team.id, session.team.role], ['pat', 'team_default', 'member']);
    assert.equal((await json(await login(s, 'pat@example.com', PASSWORD), 200, SessionResponse)).team.id, 'team_other', 'the default team stays');

    // By session: signed in to the account the invitation is for, no password needed.
    assert.equal((await invite({ email: 'pat@example.com', role: 'viewer' }, outsider.token)).status, 409, 'already in team_other');
    const { token: second } = await json(await invite({ email: 'olga-friend@example.com', role: 'viewer' }, outsider.token), 201, CreatedInvitation);
    await addPasswordUser(s, 'quin', 'olga-friend@example.com');
    const quin = await json(await login(s, 'olga-friend@example.com', PASSWORD), 200, SessionResponse);
    const joined = await json(await accept({ token: second }, quin.token), 200, SessionResponse);
    assert.deepEqual([joined.user.id, joined.team.id, joined.team.role], ['quin', 'team_other', 'viewer']);
  });

  it('inviting a member is a 409; a new invitation to the same address replaces the pending one', async () => {
    assert.equal((await invite({ email: 'vera@example.com', role: 'member' })).status, 409);
    const first = await json(await invite({ email: 'twice@example.com', role: 'member' }), 201, CreatedInvitation);
    const second = await json(await invite({ email: 'twice@example.com', role: 'admin' }), 201, CreatedInvitation);
    assert.equal((await error(await accept({ token: first.token, name: 'T', password: NEW }), 410)).code, 'invitation_expired');
    const session = await json(await accept({ token: second.token, name: 'T', password: NEW }), 200, SessionResponse);
    assert.equal(session.team.role, 'admin');
  });
});
