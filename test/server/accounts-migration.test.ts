import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { AccountsRepo } from '../../server/src/data/accounts-repo';
import { MIGRATIONS, migrate } from '../../server/src/data/migrations';

// Migration 7 on a database that already has users and tokens (an install from before accounts):
// every user gets a membership with their old role, and existing tokens keep working with all scopes.
describe('server: migration 7 (accounts) on an existing install', () => {
  let dir: string;
  let db: Client;
  let ownerToken: string;
  let viewerToken: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-accounts-migration-'));
    db = createClient({ url: `file:${path.join(dir, 'db.sqlite')}` });
    await db.execute('PRAGMA foreign_keys = ON');
    await db.execute('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 6)) {
      await db.batch([...m.sql, { sql: 'INSERT INTO schema_migrations VALUES (?, ?, ?)', args: [m.version, m.name, 'x'] }], 'write');
    }
    await db.batch([
      `INSERT INTO teams VALUES ('team_default', 'Default team', '2025-01-01')`,
      `INSERT INTO users (id, team_id, name, role, created_at) VALUES ('user_admin', 'team_default', 'admin', 'owner', '2025-01-01'),
         ('v', 'team_default', 'Vee', 'viewer', '2025-01-02')`,
    ], 'write');
    // Tokens as the old code stored them (no kind, no scopes): through the old columns only.
    const { generateToken, hashToken, tokenPrefix } = await import('../../server/src/domain/tokens');
    ownerToken = generateToken();
    viewerToken = generateToken();
    for (const [id, user, value] of [['t1', 'user_admin', ownerToken], ['t2', 'v', viewerToken]] as const) {
      await db.execute({ sql: `INSERT INTO api_tokens (id, user_id, team_id, name, token_hash, prefix, created_at)
        VALUES (?, ?, 'team_default', 'old', ?, ?, '2025-01-03')`, args: [id, user, hashToken(value), tokenPrefix(value)] });
    }
    await migrate(db);
  });
  after(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('fills memberships from users.team_id and users.role', async () => {
    const rows = (await db.execute('SELECT user_id, team_id, role FROM memberships ORDER BY user_id')).rows.map((r) => ({ ...r }));
    assert.deepEqual(rows, [{ user_id: 'user_admin', team_id: 'team_default', role: 'owner' }, { user_id: 'v', team_id: 'team_default', role: 'viewer' }]);
  });

  it('old tokens keep working as API tokens with every scope and the membership role', async () => {
    const accounts = new AccountsRepo(db);
    const owner = await accounts.findPrincipal(ownerToken);
    assert.deepEqual([owner?.role, owner?.tokenKind, owner?.scopes, owner?.teamName], ['owner', 'api', null, 'Default team']);
    assert.equal((await accounts.findPrincipal(viewerToken))?.role, 'viewer');
  });

  it('new users get their default-team membership from the trigger; ensureDefaultAdmin stays idempotent', async () => {
    await db.execute(`INSERT INTO users (id, team_id, name, role, created_at) VALUES ('n', 'team_default', 'New', 'member', 'x')`);
    assert.equal((await db.execute(`SELECT role FROM memberships WHERE user_id = 'n'`)).rows[0]?.role, 'member');
    const accounts = new AccountsRepo(db);
    await accounts.ensureDefaultAdmin();
    const token = await accounts.createToken(await accounts.ensureDefaultAdmin(), 'cli token');
    assert.equal((await accounts.findPrincipal(token))?.role, 'owner');
  });
});
