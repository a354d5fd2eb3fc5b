import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTIONS, can, RULES } from '../../server/src/domain/policy';
import { ROUTES } from '../../server/src/http/route-policy';
import { routeKey, servedRoutes, type ServedRoute } from './express-routes';

// The route table (server/src/http/route-policy.ts) against what the app really serves: the
// authorization matrix test trusts the table, so the table must be exactly the served routes.
describe('server: the route table covers every served route', () => {
  let served: ServedRoute[];
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-routes-'));
    served = await servedRoutes(dataDir);
  });
  after(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

  it('lists each route once, with a known action', () => {
    const keys = ROUTES.map((r) => routeKey(r.method, r.path));
    assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], 'duplicates');
    assert.deepEqual(ROUTES.filter((r) => !ACTIONS.includes(r.action)).map((r) => r.action), []);
  });

  it('every served route is in the table', () => {
    assert.ok(served.some((r) => r.key === 'GET /api/v1/usage') && served.some((r) => r.key === 'GET /openai/v1/models'),
      served.map((r) => r.key).join(', '));
    const table = new Set(ROUTES.map((r) => routeKey(r.method, r.path)));
    const missing = served.filter((r) => !table.has(r.key)).map((r) => r.key);
    assert.deepEqual(missing, [], `served but missing from server/src/http/route-policy.ts ROUTES: ${missing.join(', ')}`);
  });

  it('every served route carries exactly one authorize(), naming the table\'s action', () => {
    const table = new Map(ROUTES.map((r) => [routeKey(r.method, r.path), r.action as string]));
    const wrong = served.filter((r) => table.has(r.key) && (r.actions.length !== 1 || r.actions[0] !== table.get(r.key)))
      .map((r) => `${r.key}: authorize(${r.actions.join(', ') || 'none'}) but the table says ${table.get(r.key)}`);
    assert.deepEqual(wrong, []);
  });

  it('every route in the table is served (a route listed for later must be mounted)', () => {
    const keys = new Set(served.map((r) => r.key));
    const unserved = ROUTES.map((r) => routeKey(r.method, r.path)).filter((k) => !keys.has(k));
    assert.deepEqual(unserved, [], `in the table but not served: ${unserved.join(', ')}`);
  });

  it('the policy: role ranks and scopes as documented in policy.ts', () => {
    const all = { scopes: null };
    assert.ok(can({ role: 'viewer', ...all }, 'history.read') && !can({ role: 'viewer', ...all }, 'chat.use'));
    assert.ok(can({ role: 'member', ...all }, 'chat.use') && !can({ role: 'member', ...all }, 'members.manage'));
    assert.ok(can({ role: 'admin', ...all }, 'audit.read') && can({ role: 'owner', ...all }, 'audit.read'));
    assert.ok(!can({ role: 'owner', scopes: ['chat'] }, 'audit.read'), 'admin scope needed even for an owner');
    assert.ok(can({ role: 'member', scopes: ['chat'] }, 'chat.use') && !can({ role: 'member', scopes: ['inline'] }, 'chat.use'));
    assert.ok(!can(null, 'profile.own') && can(null, 'public'));
    assert.ok(!can({ role: 'owner', ...all }, 'no.such.action' as never), 'unknown actions are denied');
    assert.ok(Object.values(RULES).every((r) => r.scope !== null || r.role === 'viewer'),
      'only viewer-level reads may skip a scope');
  });
});
