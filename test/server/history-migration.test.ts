import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { ConversationsReader } from '../../server/src/data/conversations-list';
import { ConversationsRepo } from '../../server/src/data/conversations-repo';
import { ConversationsSearch } from '../../server/src/data/conversations-search';
import { MIGRATIONS, migrate } from '../../server/src/data/migrations';

const ALICE = { userId: 'u_alice', teamId: 't' };
const BOB = { userId: 'u_bob', teamId: 't' };

/** A database as version 4 left it, with history in the old tables. */
async function version4(file: string): Promise<Client> {
  const db = createClient({ url: `file:${file}` });
  await db.execute('PRAGMA foreign_keys = ON');
  await db.execute('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
    await db.batch([...m.sql, { sql: 'INSERT INTO schema_migrations VALUES (?, ?, ?)', args: [m.version, m.name, 'x'] }], 'write');
  }
  await db.batch([
    `INSERT INTO teams VALUES ('t', 'team', '2025-01-01')`,
    `INSERT INTO users (id, team_id, name, role, created_at) VALUES ('u_alice', 't', 'a', 'member', 'x'), ('u_bob', 't', 'b', 'member', 'x')`,
    `INSERT INTO conversations VALUES ('c1', 'u_alice', 't', 'Old sourdough thread', '2025-01-01T00:00:00.000Z', '2025-01-01T00:02:00.000Z')`,
    `INSERT INTO conversations VALUES ('c2', 'u_bob', 't', 'Bob and his kiln', '2025-02-01T00:00:00.000Z', '2025-02-01T00:01:00.000Z')`,
    `INSERT INTO conversations VALUES ('c3', 'u_alice', 't', 'Empty one', '2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z')`,
    `INSERT INTO messages (id, seq, conversation_id, user_id, team_id, role, content, model, status, prompt_tokens, completion_tokens, latency_ms, created_at)
      VALUES ('m1', 1, 'c1', 'u_alice', 't', 'user', 'How long should sourdough proof?', NULL, 'complete', NULL, NULL, NULL, '2025-01-01T00:01:00.000Z'),
             ('m2', 2, 'c1', 'u_alice', 't', 'assistant', 'Overnight in the fridge.', 'm', 'complete', 10, 5, 800, '2025-01-01T00:02:00.000Z'),
             ('m3', 1, 'c2', 'u_bob', 't', 'user', 'What temperature for a sourdough kiln?', NULL, 'complete', NULL, NULL, NULL, '2025-02-01T00:01:00.000Z')`,
  ], 'write');
  return db;
}

describe('server: migration 5 (history) on a database with history', () => {
  let dir: string;
  let db: Client;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'churnistic-history-migration-'));
    db = await version4(path.join(dir, 'v4.db'));
    await migrate(db);
  });
  after(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every conversation and message, adds counters, and indexes the old text', async () => {
    const reader = new ConversationsReader(db);
    const alice = await reader.list(ALICE, 10);
    assert.deepEqual(alice.data.map((c) => [c.id, c.messageCount, c.updatedAt]),
      [['c3', 0, '2025-03-01T00:00:00.000Z'], ['c1', 2, '2025-01-01T00:02:00.000Z']]);
    const c1 = (await reader.get(ALICE, 'c1'))!;
    assert.deepEqual(c1.messages.map((m) => [m.id, m.content, m.latencyMs, m.feedback]),
      [['m1', 'How long should sourdough proof?', null, null], ['m2', 'Overnight in the fridge.', 800, null]]);
    const search = new ConversationsSearch(db);
    assert.deepEqual((await search.search(ALICE, 'sourdough', 10)).map((h) => [h.id, h.messageId]), [['c1', 'm1']]);
    assert.deepEqual((await search.search(BOB, 'sourdough', 10)).map((h) => h.id), ['c2']);
    await db.execute(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    await db.execute(`INSERT INTO conversations_fts (conversations_fts, rank) VALUES ('integrity-check', 1)`);
  });

  it('new writes continue the old history (numbers, sequence, owner partition)', async () => {
    const repo = new ConversationsRepo(db);
    await repo.addMessage(ALICE, 'c1', 'user', 'And the rye starter?');
    const c1 = (await new ConversationsReader(db).get(ALICE, 'c1'))!;
    assert.deepEqual(c1.messages.map((m) => m.id).slice(0, 2), ['m1', 'm2']);
    assert.equal(c1.messageCount, 3);
    const id = await repo.create(BOB, 'New kiln');
    await repo.addMessage(BOB, id, 'user', 'kiln shelves');
    assert.deepEqual((await new ConversationsSearch(db).search(BOB, 'kiln', 10)).map((h) => h.id).sort(), ['c2', id].sort());
    assert.equal(Number((await db.execute('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]!.v), MIGRATIONS.at(-1)!.version);
  });
});
