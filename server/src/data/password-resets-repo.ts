import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import { nowIso } from './db';

/** Password reset tokens, stored as SHA-256 hashes; single use, short-lived. */
export class PasswordResetsRepo {
  constructor(private readonly db: Db) {}

  async create(userId: string, tokenHash: string, expiresAt: string): Promise<void> {
    await this.db.execute({
      sql: 'INSERT INTO password_resets (id, user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      args: [randomUUID(), userId, tokenHash, nowIso(), expiresAt],
    });
  }

  /** Unused, unexpired tokens of a user: bounds how much reset mail one address can be sent. */
  async outstanding(userId: string): Promise<number> {
    const r = await this.db.execute({
      sql: 'SELECT COUNT(*) AS n FROM password_resets WHERE user_id = ? AND used_at IS NULL AND expires_at > ?',
      args: [userId, nowIso()],
    });
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * Marks the token used if it is unused and unexpired, in one statement (two confirmations racing
   * with the same link: exactly one wins). Returns its user, or null.
   */
  async consume(tokenHash: string): Promise<string | null> {
    const now = nowIso();
    const r = await this.db.execute({
      sql: `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
      args: [now, tokenHash, now],
    });
    return r.rows[0] ? String(r.rows[0].user_id) : null;
  }

  /** After a reset, every other link mailed to the user stops working too. */
  async retireAll(userId: string): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', args: [nowIso(), userId],
    });
  }
}
