import { Preferences } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

/** One JSON document of preferences per user; a user who never saved any gets the defaults. */
export class PreferencesRepo {
  constructor(private readonly db: Db) {}

  async get(userId: string): Promise<Preferences> {
    const r = await this.db.execute({ sql: 'SELECT preferences FROM user_preferences WHERE user_id = ?', args: [userId] });
    const raw = r.rows[0]?.preferences;
    // Parsed again on read: defaults added by a later version fill in, and a damaged row falls back to defaults.
    let stored: unknown = {};
    try {
      stored = raw === undefined ? {} : JSON.parse(String(raw));
    } catch { /* defaults */ }
    const parsed = Preferences.safeParse(stored);
    return parsed.success ? parsed.data : Preferences.parse({});
  }

  async put(userId: string, preferences: Preferences): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO user_preferences (user_id, preferences, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET preferences = excluded.preferences, updated_at = excluded.updated_at`,
      args: [userId, JSON.stringify(preferences), nowIso()],
    });
  }
}
