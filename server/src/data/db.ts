import fs from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { migrate } from './migrations';

export type Db = Client;

/** Opens the SQLite database (creating its folder) and brings its schema up to date. */
export async function openDatabase(url: string): Promise<Db> {
  if (url.startsWith('file:')) {
    fs.mkdirSync(path.dirname(url.slice('file:'.length)), { recursive: true });
  }
  // One connection: SQLite runs synchronously in this thread anyway, so a pool adds nothing but
  // connections whose per-connection PRAGMAs (below) were never set. Use db.batch for atomic
  // multi-statement writes; an interactive transaction would hold the only connection.
  const db = createClient({ url, concurrency: 1 });
  // WAL lets other processes (the CLI, a second instance) read while this one writes; the busy
  // timeout rides out their short write locks instead of failing with SQLITE_BUSY.
  if (url !== ':memory:') await db.execute('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL never corrupts the database; it skips the fsync on every commit, so a power
  // cut may lose the last moments of usage records, not their consistency.
  await db.execute('PRAGMA synchronous = NORMAL');
  await db.execute('PRAGMA busy_timeout = 5000');
  await db.execute('PRAGMA foreign_keys = ON');
  await migrate(db);
  return db;
}

let lastIssuedMs = 0;

/**
 * The time as ISO 8601, strictly increasing within this process: two rows written one after the
 * other never share a timestamp, so "most recent first" orders (the history list) never tie.
 */
export function nowIso(): string {
  lastIssuedMs = Math.max(Date.now(), lastIssuedMs + 1);
  return new Date(lastIssuedMs).toISOString();
}
