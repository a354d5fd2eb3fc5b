import type { Client } from '@libsql/client';
import { HISTORY_MIGRATION } from './conversations-schema';
import { TEMPLATES_MIGRATION } from './templates-schema';
import { ACCOUNTS_MIGRATION } from './accounts-schema';
import { LOGIN_MIGRATION } from './login-schema';
import { IDENTITY_MIGRATION } from './identity-schema';

/**
 * Versioned schema. Append new entries; never edit an applied one. Every row that belongs to
 * someone carries user_id and team_id from day one, so teams and roles need no rewrite later.
 */
export const MIGRATIONS: { version: number; name: string; sql: string[] }[] = [
  {
    version: 1,
    name: 'foundation',
    sql: [
      `CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams(id),
        email TEXT UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        team_id TEXT NOT NULL REFERENCES teams(id),
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        expires_at TEXT,
        revoked_at TEXT
      )`,
      `CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        team_id TEXT NOT NULL REFERENCES teams(id),
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE INDEX conversations_by_user ON conversations(user_id, updated_at DESC, id DESC)`,
      `CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        model TEXT,
        status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'aborted', 'error')),
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        latency_ms INTEGER,
        created_at TEXT NOT NULL
      )`,
      `CREATE UNIQUE INDEX messages_in_order ON messages(conversation_id, seq)`,
      `CREATE TABLE usage_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        token_id TEXT,
        task TEXT NOT NULL,
        provider TEXT,
        model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        latency_ms INTEGER NOT NULL,
        first_token_ms INTEGER,
        overhead_ms INTEGER,
        status TEXT NOT NULL,
        error_code TEXT,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX usage_by_user_day ON usage_records(user_id, created_at)`,
      `CREATE INDEX usage_by_team_day ON usage_records(team_id, created_at)`,
    ],
  },
  {
    version: 2,
    name: 'inline_events',
    sql: [
      `CREATE TABLE inline_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        completion_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('shown', 'accepted', 'partiallyAccepted', 'dismissed')),
        language TEXT NOT NULL,
        accepted_chars INTEGER,
        shown_chars INTEGER,
        client_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE INDEX inline_events_by_user ON inline_events(user_id, created_at)`,
      `CREATE INDEX inline_events_by_team ON inline_events(team_id, created_at)`,
    ],
  },
  {
    version: 3,
    name: 'usage_cost_and_fallbacks',
    sql: [
      `ALTER TABLE usage_records ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0`,
      /** The model the client asked for (or the route's first); `model` is the one that answered. */
      `ALTER TABLE usage_records ADD COLUMN requested_model TEXT`,
      `ALTER TABLE usage_records ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1`,
      /** Models given up on before the one that answered (or before the final failure). */
      `ALTER TABLE usage_records ADD COLUMN fallbacks INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX usage_by_model_day ON usage_records(model, created_at)`,
    ],
  },
  {
    version: 4,
    name: 'spend_alerts',
    sql: [
      /**
       * Spend alerts that fired. The UNIQUE key is the "once per scope per month" rule: an instance
       * fires only when its INSERT wins, so several server instances never send one alert twice.
       */
      `CREATE TABLE spend_alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL CHECK (scope IN ('user', 'team')),
        scope_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        month TEXT NOT NULL,
        threshold_usd REAL NOT NULL,
        spend_usd REAL NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (scope, scope_id, month, threshold_usd)
      )`,
      `CREATE INDEX spend_alerts_by_team ON spend_alerts(team_id, month)`,
    ],
  },
  /** Stable FTS keys, full-text search, list counters, message feedback: see conversations-schema.ts. */
  { version: 5, name: 'history_search_feedback', sql: HISTORY_MIGRATION },
  /** Team prompt templates, versioned, with tombstones on delete: see templates-schema.ts. */
  { version: 6, name: 'team_templates', sql: TEMPLATES_MIGRATION },
  { version: 7, name: 'accounts', sql: ACCOUNTS_MIGRATION },
  { version: 8, name: 'local-login', sql: LOGIN_MIGRATION },
  { version: 9, name: 'external-identities', sql: IDENTITY_MIGRATION },
];

/** Applies every migration newer than the database's version, each in its own transaction. */
export async function migrate(db: Client): Promise<number> {
  await db.execute(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const row = (await db.execute('SELECT MAX(version) AS v FROM schema_migrations')).rows[0];
  const current = Number(row?.v ?? 0);
  for (const m of MIGRATIONS.filter((m) => m.version > current)) {
    await db.batch([
      ...m.sql,
      { sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        args: [m.version, m.name, new Date().toISOString()] },
    ], 'write');
  }
  return MIGRATIONS.at(-1)?.version ?? 0;
}
