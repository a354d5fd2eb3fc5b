import assert from 'node:assert/strict';
import { AuditEntry, AuditPage, CreatedToken } from '../../protocol';
import { AuditRepo } from '../../server/src/data/audit-repo';
import { AuditLog } from '../../server/src/domain/audit';
import { seed } from './history-fixtures';
import { startTestServer, type TestServer } from './harness';
import { addCaller, type TestCaller } from './principals';

async function page(res: Response): Promise<AuditPage> {
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return AuditPage.parse(JSON.parse(text));
}

describe('server: activity log (/api/v1/audit)', () => {
  let s: TestServer;
  let admin: TestCaller;
  let outsider: TestCaller;
  before(async () => {
    s = await startTestServer();
    admin = await addCaller(s, 'audra', 'admin');
    outsider = await addCaller(s, 'olaf', 'owner', 'team_audit_other');
    await addCaller(s, 'mo', 'member');
  });
  after(async () => { await s.close(); });

  it('records token, member and conversation actions with actor, target, IP and user agent', async () => {
    const ua = { 'user-agent': 'audit-test/1.0' };
    const created = CreatedToken.parse(await (await admin.api('/api/v1/tokens', { json: { name: 'ci' }, headers: ua })).json());
    assert.equal((await admin.api(`/api/v1/tokens/${created.id}`, { method: 'DELETE', headers: ua })).status, 204);
    assert.equal((await admin.api('/api/v1/teams/current/members/mo', { method: 'PATCH', json: { role: 'viewer' } })).status, 200);
    assert.equal((await admin.api('/api/v1/teams/current/members/mo', { method: 'DELETE' })).status, 204);
    const conv = await seed(s, { userId: 'audra', teamId: 'team_default' }, 'to export', [['user', 'hi']]);
    assert.equal((await admin.api(`/api/v1/conversations/${conv.id}/export?format=md`)).status, 200);
    assert.equal((await admin.api(`/api/v1/conversations/${conv.id}`, { method: 'DELETE' })).status, 204);

    const { data } = await page(await s.api('/api/v1/audit'));
    const byAction = new Map(data.map((e) => [e.action, e]));
    const tokenCreated = byAction.get('token.created')!;
    assert.deepEqual([tokenCreated.actorUserId, tokenCreated.teamId, tokenCreated.target], ['audra', 'team_default', { type: 'token', id: created.id }]);
    assert.equal(tokenCreated.userAgent, 'audit-test/1.0');
    assert.match(tokenCreated.ip ?? '', /127\.0\.0\.1$/);
    assert.ok(tokenCreated.actorTokenId, 'the token that acted');
    assert.deepEqual(byAction.get('token.revoked')!.target, { type: 'token', id: created.id });
    assert.deepEqual(byAction.get('member.role_changed')!.details, { from: 'member', to: 'viewer' });
    assert.deepEqual(byAction.get('member.removed')!.target, { type: 'user', id: 'mo' });
    assert.deepEqual(byAction.get('conversation.exported')!.details, { format: 'md' });
    assert.deepEqual(byAction.get('conversation.deleted')!.target, { type: 'conversation', id: conv.id });
    assert.deepEqual(data.map((e) => e.id), [...data.map((e) => e.id)].sort((a, b) => b - a), 'newest first');
  });

  it('filters by action, actor and time, and pages with a cursor without gaps or repeats', async () => {
    const log = new AuditLog(new AuditRepo(s.db));
    for (let i = 0; i < 7; i++) await log.record({ action: 'settings.changed', actor: { userId: 'audra' }, teamId: 'team_default', details: { i } });
    const only = await page(await s.api('/api/v1/audit?action=settings.changed'));
    assert.equal(only.data.length, 7);
    assert.ok((await page(await s.api('/api/v1/audit?actor=user_admin'))).data.every((e) => e.actorUserId === 'user_admin'));
    const seen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p = await page(await s.api(`/api/v1/audit?action=settings.changed&limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...p.data.map((e) => e.details!.i as number));
      cursor = p.nextCursor;
    }
    assert.deepEqual(seen, [6, 5, 4, 3, 2, 1, 0]);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await page(await s.api(`/api/v1/audit?action=settings.changed&from=${today}&to=${today}`))).data.length, 7);
    assert.equal((await page(await s.api('/api/v1/audit?action=settings.changed&to=2020-01-01'))).data.length, 0);
    assert.equal((await page(await s.api(`/api/v1/audit?action=settings.changed&from=${new Date(Date.now() + 60_000).toISOString()}`))).data.length, 0);
    for (const bad of ['action=made.up', 'limit=0', 'cursor=abc', 'from=yesterday']) {
      assert.equal((await s.api(`/api/v1/audit?${bad}`)).status, 400, bad);
    }
  });

  it('each team sees only its own entries', async () => {
    const theirs = await page(await outsider.api('/api/v1/audit'));
    assert.ok(theirs.data.every((e) => e.teamId === 'team_audit_other'), JSON.stringify(theirs.data));
    assert.ok(!theirs.data.some((e) => e.action === 'token.created'));
  });

  it('exports JSON Lines and CSV (formulas defused), and the export is itself logged', async () => {
    const log = new AuditLog(new AuditRepo(s.db));
    await log.record({ action: 'settings.changed', teamId: 'team_default', userAgent: '=HYPERLINK("x")', details: { note: 'a,"b"' } });
    const jsonl = await s.api('/api/v1/audit/export?format=jsonl');
    assert.equal(jsonl.status, 200);
    assert.match(jsonl.headers.get('content-type') ?? '', /application\/x-ndjson/);
    assert.match(jsonl.headers.get('content-disposition') ?? '', /attachment; filename="?audit-team_default-\d{4}-\d{2}-\d{2}\.jsonl/);
    const entries = (await jsonl.text()).trim().split('\n').map((l) => AuditEntry.parse(JSON.parse(l)));
    assert.equal(entries[0]!.action, 'audit.exported', 'recorded before the rows were read');
    assert.ok(entries.every((e) => e.teamId === 'team_default'));
    const all = await page(await s.api('/api/v1/audit?limit=500'));
    assert.equal(entries.length, all.data.length);

    const csv = await s.api('/api/v1/audit/export?format=csv&action=settings.changed');
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0], 'id,at,action,actorUserId,actorTokenId,teamId,targetType,targetId,ip,userAgent,details');
    assert.equal(lines.length, 1 + 8);
    assert.ok(lines[1]!.includes(`"'=HYPERLINK(""x"")"`), lines[1]);
    assert.ok(lines[1]!.includes('"{""note"":""a,\\""b\\""""}"'), lines[1]);
    assert.equal((await admin.api('/api/v1/audit/export?format=xml')).status, 400);
  });

  it('is append-only: SQL UPDATE and DELETE fail, and no route changes an entry', async () => {
    const before = await page(await s.api('/api/v1/audit?limit=1'));
    const id = before.data[0]!.id;
    await assert.rejects(s.db.execute({ sql: `UPDATE audit_log SET action = 'auth.login' WHERE id = ?`, args: [id] }), /append-only/);
    await assert.rejects(s.db.execute('DELETE FROM audit_log'), /append-only/);
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      assert.equal((await s.api(`/api/v1/audit/${id}`, { method, json: {} })).status, 404, method);
      assert.equal((await s.api('/api/v1/audit', { method, json: {} })).status, 404, method);
    }
    const after = await page(await s.api('/api/v1/audit?limit=1'));
    assert.deepEqual(after.data[0], before.data[0]);
  });
});
