import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import { nowIso } from './db';
import type { Principal, Role } from '../domain/principal';
import { generateToken, hashToken, tokenPrefix } from '../domain/tokens';

const DEFAULT_TEAM_ID = 'team_default';
const ADMIN_USER_ID = 'user_admin';

/** Users, teams and API tokens. Tokens are stored only as hashes. */
export class AccountsRepo {
  constructor(private readonly db: Db) {}

  async countActiveTokens(): Promise<number> {
    const r = await this.db.execute('SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL');
    return Number(r.rows[0]?.n ?? 0);
  }

  /** The team and owner every fresh install starts with. Idempotent. */
  async ensureDefaultAdmin(): Promise<{ userId: string; teamId: string }> {
    const now = nowIso();
    await this.db.batch([
      { sql: 'INSERT OR IGNORE INTO teams (id, name, created_at) VALUES (?, ?, ?)', args: [DEFAULT_TEAM_ID, 'Default team', now] },
      { sql: `INSERT OR IGNORE INTO users (id, team_id, email, name, role, created_at) VALUES (?, ?, NULL, ?, 'owner', ?)`,
        args: [ADMIN_USER_ID, DEFAULT_TEAM_ID, 'admin', now] },
    ], 'write');
    return { userId: ADMIN_USER_ID, teamId: DEFAULT_TEAM_ID };
  }

  /**
   * Registers a token value chosen by the operator (CHURNISTIC_ADMIN_TOKEN). Returns false when it
   * was already registered, so restarts do not duplicate it.
   */
  async registerToken(value: string, owner: { userId: string; teamId: string }, name: string): Promise<boolean> {
    const r = await this.db.execute({
      sql: `INSERT OR IGNORE INTO api_tokens (id, user_id, team_id, name, token_hash, prefix, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [randomUUID(), owner.userId, owner.teamId, name, hashToken(value), tokenPrefix(value), nowIso()],
    });
    return r.rowsAffected > 0;
  }

  /** Creates a random token and returns its value: the only time it exists in clear. */
  async createToken(owner: { userId: string; teamId: string }, name: string): Promise<string> {
    const value = generateToken();
    await this.registerToken(value, owner, name);
    return value;
  }

  async findPrincipal(token: string): Promise<Principal | null> {
    const r = await this.db.execute({
      sql: `SELECT t.id AS token_id, t.expires_at, u.id AS user_id, u.team_id, u.name, u.role
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
      args: [hashToken(token)],
    });
    const row = r.rows[0];
    if (!row) return null;
    if (row.expires_at && String(row.expires_at) <= nowIso()) return null;
    return {
      tokenId: String(row.token_id),
      userId: String(row.user_id),
      teamId: String(row.team_id),
      name: String(row.name),
      role: String(row.role) as Role,
    };
  }
}
