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
  const db = createClient({ url });
  // WAL lets readers (history lists) proceed while a stream writes; the busy timeout rides out
  // short write contention instead of failing with SQLITE_BUSY.
  if (url !== ':memory:') await db.execute('PRAGMA journal_mode = WAL');
  await db.execute('PRAGMA busy_timeout = 5000');
  await db.execute('PRAGMA foreign_keys = ON');
  await migrate(db);
  return db;
}

export const nowIso = () => new Date().toISOString();
