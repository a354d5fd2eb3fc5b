import type { Role } from '../domain/principal';
import type { Db } from './db';
import { nowIso } from './db';

export interface LocalUser {
  id: string;
  email: string | null;
  name: string;
  /** The default team (users.team_id). */
  teamId: string;
  passwordHash: string | null;
}

export interface LockoutState {
  failures: number;
  lockouts: number;
  lockedUntil: string | null;
  lastFailureAt: string;
}

export interface TeamMembership { teamId: string; teamName: string; role: Role }

const toUser = (row: Record<string, unknown>): LocalUser => ({
  id: String(row.id), email: row.email === null ? null : String(row.email), name: String(row.name),
  teamId: String(row.team_id), passwordHash: row.password_hash === null ? null : String(row.password_hash),
});

/** Users as sign-in sees them, the sign-in throttle's state, and ending sessions. */
export class LoginRepo {
  constructor(private readonly db: Db) {}

  async userByEmail(email: string): Promise<LocalUser | null> {
    const r = await this.db.execute({
      sql: 'SELECT id, email, name, team_id, password_hash FROM users WHERE email = ? COLLATE NOCASE', args: [email],
    });
    return r.rows[0] ? toUser(r.rows[0] as Record<string, unknown>) : null;
  }

  async userById(id: string): Promise<LocalUser | null> {
    const r = await this.db.execute({ sql: 'SELECT id, email, name, team_id, password_hash FROM users WHERE id = ?', args: [id] });
    return r.rows[0] ? toUser(r.rows[0] as Record<string, unknown>) : null;
  }

  /** The team a sign-in lands in: the default team while the user is still a member, else the oldest membership. */
  async signInTeam(user: LocalUser, preferTeamId?: string): Promise<TeamMembership | null> {
    const r = await this.db.execute({
      sql: `SELECT m.team_id, t.name, m.role FROM memberships m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ?
            ORDER BY (m.team_id = ?) DESC, (m.team_id = ?) DESC, m.created_at LIMIT 1`,
      args: [user.id, preferTeamId ?? '', user.teamId],
    });
    const row = r.rows[0];
    return row ? { teamId: String(row.team_id), teamName: String(row.name), role: String(row.role) as Role } : null;
  }

  async setPassword(userId: string, hash: string): Promise<void> {
    await this.db.execute({ sql: 'UPDATE users SET password_hash = ? WHERE id = ?', args: [hash, userId] });
  }

  async setName(userId: string, name: string): Promise<void> {
    await this.db.execute({ sql: 'UPDATE users SET name = ? WHERE id = ?', args: [name, userId] });
  }

  /** Whether a local account exists yet: setup is open until then. */
  async anyPassword(): Promise<boolean> {
    const r = await this.db.execute('SELECT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL) AS x');
    return Number(r.rows[0]?.x) === 1;
  }

  /**
   * Setup: the team and its owner, only while no user has a password. Both inserts re-check that in
   * one transaction, so two setups racing create one owner; returns false for the loser.
   */
  async createFirstOwner(team: { id: string; name: string }, user: { id: string; email: string; name: string; passwordHash: string }): Promise<boolean> {
    const now = nowIso();
    const open = 'WHERE NOT EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL)';
    const [, inserted] = await this.db.batch([
      { sql: `INSERT INTO teams (id, name, created_at) SELECT ?, ?, ? ${open}`, args: [team.id, team.name, now] },
      { sql: `INSERT INTO users (id, team_id, email, name, role, created_at, password_hash) SELECT ?, ?, ?, ?, 'owner', ?, ? ${open}`,
        args: [user.id, team.id, user.email, user.name, now, user.passwordHash] },
    ], 'write');
    return inserted!.rowsAffected > 0;
  }

  // --- the throttle ---------------------------------------------------------------------------

  async lockout(email: string): Promise<LockoutState | null> {
    const r = await this.db.execute({
      sql: 'SELECT failures, lockouts, locked_until, last_failure_at FROM login_lockouts WHERE email = ?', args: [email],
    });
    const row = r.rows[0];
    return row ? {
      failures: Number(row.failures), lockouts: Number(row.lockouts),
      lockedUntil: row.locked_until === null ? null : String(row.locked_until), lastFailureAt: String(row.last_failure_at),
    } : null;
  }

  /** Writes the new lockout state and logs the failure (pruning the log's day-old rows) in one transaction. */
  async recordFailure(email: string, ip: string, state: LockoutState, pruneBefore: string): Promise<void> {
    await this.db.batch([
      { sql: `INSERT INTO login_lockouts (email, failures, lockouts, locked_until, last_failure_at) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
                locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
        args: [email, state.failures, state.lockouts, state.lockedUntil, state.lastFailureAt] },
      { sql: 'INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)', args: [email, ip, state.lastFailureAt] },
      { sql: 'DELETE FROM login_failures WHERE at < ?', args: [pruneBefore] },
    ], 'write');
  }

  async clearLockout(email: string): Promise<void> {
    await this.db.execute({ sql: 'DELETE FROM login_lockouts WHERE email = ?', args: [email] });
  }

  /** Failures from an IP since `sinceIso`, oldest first (the per-IP limit needs the count and when they age out). */
  async ipFailuresSince(ip: string, sinceIso: string): Promise<string[]> {
    const r = await this.db.execute({
      sql: 'SELECT at FROM login_failures WHERE ip = ? AND at > ? ORDER BY at', args: [ip, sinceIso],
    });
    return r.rows.map((row) => String(row.at));
  }

  // --- sessions -------------------------------------------------------------------------------

  /** Revokes one token if (and only if) it is a session: API tokens outlive "Sign Out". */
  async revokeSession(tokenId: string): Promise<boolean> {
    const r = await this.db.execute({
      sql: `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND kind = 'session' AND revoked_at IS NULL`, args: [nowIso(), tokenId],
    });
    return r.rowsAffected > 0;
  }

  /** Every session of the user in every team; API tokens stay. Returns how many ended. */
  async revokeSessionsOf(userId: string): Promise<number> {
    const r = await this.db.execute({
      sql: `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND kind = 'session' AND revoked_at IS NULL`, args: [nowIso(), userId],
    });
    return r.rowsAffected;
  }
}
