import assert from 'node:assert/strict';
import { TokenScope, type TokenKind } from '../../protocol';
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { TokensRepo } from '../../server/src/data/tokens-repo';
import { can, RULES, type Action } from '../../server/src/domain/policy';
import type { Role } from '../../server/src/domain/principal';
import { ROUTES } from '../../server/src/http/route-policy';
import { SAMPLES, type Sample, type SampleIds } from './authz-samples';
import { routeKey, servedRoutes } from './express-routes';
import { startTestServer, type TestServer } from './harness';
import { addCaller } from './principals';

/**
 * THE authorization matrix, generated from the route table: for every route, every role, and
 * every kind of credential, the expected outcome comes from policy.can() on the table's action,
 * and is checked against the HTTP status the real server answers:
 *   denied for lack of a usable token → 401; denied by role or scope → 403;
 *   another team's resource → 404; allowed → anything but 401 and 403.
 * A route whose code guards less (or more) than its table entry says fails here.
 */
const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer'];
const SCOPES = TokenScope.options;
const OTHER_TEAM = 'team_matrix_other';

type Expect = 'allowed' | 401 | 403 | 404;
interface Credentials { valid: string; expired: string; revoked: string; otherTeam: string; lacking: Record<TokenScope, string> }

/** The scope a "lacks the route's scope" token is missing: the action's own, or (no scope needed) any. */
const missingScope = (action: Action): TokenScope => (action !== 'public' && RULES[action].scope) || 'admin';
const without = (scope: TokenScope) => SCOPES.filter((s) => s !== scope);

/** "allowed" is anything authorization did not stop (a 404 for an id that does not exist included). */
function matches(status: number, expected: Expect): boolean {
  return expected === 'allowed' ? status !== 401 && status !== 403 : status === expected;
}

describe('server: authorization matrix (every route × role × credential, from the route table)', () => {
  let s: TestServer;
  let served: Set<string>;
  let creds: Record<Role, Credentials>;
  let ids: SampleIds;

  before(async function () {
    this.timeout(60_000);
    s = await startTestServer();
    served = new Set((await servedRoutes(s.dataDir)).map((r) => r.key));
    const accounts = new AccountsRepo(s.db);
    for (const role of ROLES) {
      await addCaller(s, `matrix_${role}`, role);
      await addCaller(s, `matrix_other_${role}`, role, OTHER_TEAM);
    }
    creds = await credentials('api');
    // Real resources of the default team, for the "another team's token" cases.
    const conversations = new ConversationsRepo(s.db);
    const mine = { userId: 'matrix_owner', teamId: 'team_default' };
    const conversationId = await conversations.create(mine, 'private matrix conversation');
    await conversations.addMessage(mine, conversationId, 'user', 'hello');
    const messageId = await conversations.addMessage(mine, conversationId, 'assistant', 'hello back', { model: 'test-model' });
    const put = await s.api('/api/v1/templates/matrix-shared', { method: 'PUT', json: { description: 'd', variables: [], body: 'Explain {{selection}}.' } });
    assert.equal(put.status, 201, await put.text());
    const victim = await accounts.issueToken({ userId: 'matrix_member', teamId: 'team_default' }, 'victim');
    ids = { conversationId, messageId, templateName: 'matrix-shared', tokenId: victim.id, userId: 'matrix_viewer' };
  });
  after(async () => { await s?.close(); });

  /**
   * Per role: a valid token, an expired one, a revoked one, one of the same role in another team,
   * and one per scope that lacks just that scope. Sessions are made fresh for each route that needs
   * them, since sign-out routes probed before may have ended earlier ones.
   */
  async function credentials(kind: TokenKind): Promise<Record<Role, Credentials>> {
    const accounts = new AccountsRepo(s.db);
    const out = {} as Record<Role, Credentials>;
    for (const role of ROLES) {
      const owner = { userId: `matrix_${role}`, teamId: 'team_default' };
      const revoked = await accounts.issueToken(owner, 'revoked', { kind });
      await new TokensRepo(s.db).revoke(revoked.id);
      const lacking = {} as Record<TokenScope, string>;
      for (const scope of SCOPES) lacking[scope] = await accounts.createToken(owner, `lacks ${scope}`, { kind, scopes: without(scope) });
      out[role] = {
        valid: await accounts.createToken(owner, 'valid', { kind }),
        expired: await accounts.createToken(owner, 'expired', { kind, expiresAt: '2001-01-01T00:00:00.000Z' }),
        revoked: revoked.token,
        otherTeam: await accounts.createToken({ userId: `matrix_other_${role}`, teamId: OTHER_TEAM }, 'other', { kind }),
        lacking,
      };
    }
    return out;
  }

  async function send(method: string, sample: Sample, token?: string): Promise<number> {
    const res = await fetch(s.url + sample.path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(sample.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(sample.body !== undefined ? { body: JSON.stringify(sample.body) } : {}),
    });
    await res.arrayBuffer(); // drain (SSE streams end on their own with the fake upstream)
    return res.status;
  }

  it('has a request sample for every route in the table', () => {
    const missing = ROUTES.map((r) => routeKey(r.method, r.path)).filter((k) => !SAMPLES[k]);
    assert.deepEqual(missing, [], 'add them to test/server/authz-samples.ts');
  });

  for (const route of ROUTES) {
    const key = routeKey(route.method, route.path);
    it(`${key} → ${route.action}`, async function () {
      // Unserved table entries are reported by route-policy.test.ts; here they cannot be probed.
      if (!served.has(key)) this.skip();
      const sample = SAMPLES[key];
      assert.ok(sample, `no sample for ${key}`);
      const mismatches: string[] = [];
      const check = async (label: string, expected: Expect, req: Sample, token?: string) => {
        const status = await send(route.method, req, token);
        if (!matches(status, expected)) mismatches.push(`${label}: expected ${expected}, got ${status}`);
      };
      const isPublic = route.action === 'public';
      const tokens = sample.session ? await credentials('session') : creds;
      const same = sample.same(ids);
      await check('no token', isPublic ? 'allowed' : 401, same);
      for (const role of ROLES) {
        const c = tokens[role];
        const roleCan = can({ role, scopes: null }, route.action);
        await check(`${role}, valid token`, roleCan ? 'allowed' : 403, same, c.valid);
        await check(`${role}, expired token`, isPublic ? 'allowed' : 401, same, c.expired);
        await check(`${role}, revoked token`, isPublic ? 'allowed' : 401, same, c.revoked);
        const missing = missingScope(route.action);
        await check(`${role}, token without "${missing}"`, can({ role, scopes: without(missing) }, route.action) ? 'allowed' : 403,
          same, c.lacking[missing]);
        const foreign = sample.foreign?.(ids);
        await check(`${role}, another team's token`, !roleCan ? 403 : foreign ? 404 : 'allowed', foreign ?? same, c.otherTeam);
      }
      assert.deepEqual(mismatches, [], `${key} (${route.action}):\n  ${mismatches.join('\n  ')}`);
    });
  }

  it('the default team\'s resources survived every other team\'s attempts', async () => {
    assert.equal((await s.api(`/api/v1/templates/${ids.templateName}`)).status, 200);
    const conv = await fetch(`${s.url}/api/v1/conversations/${ids.conversationId}`, { headers: { authorization: `Bearer ${creds.owner.valid}` } });
    assert.equal(conv.status, 200);
    assert.equal((await conv.json() as { title: string }).title, 'private matrix conversation');
    const members = await (await s.api('/api/v1/teams/current/members')).json() as { data: { userId: string; role: string }[] };
    assert.equal(members.data.find((m) => m.userId === ids.userId)?.role, 'viewer');
    const tokens = await (await s.api('/api/v1/tokens?scope=team')).json() as { data: { id: string }[] };
    assert.ok(tokens.data.some((t) => t.id === ids.tokenId), 'the victim token is still active');
  });
});
