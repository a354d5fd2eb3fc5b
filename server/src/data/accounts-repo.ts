import { randomUUID } from 'node:crypto';
import { TokenScope, type TokenKind } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';
import type { Principal, Role } from '../domain/principal';
import { generateToken, hashToken, tokenPrefix } from '../domain/tokens';

const DEFAULT_TEAM_ID = 'team_default';
const ADMIN_USER_ID = 'user_admin';
/** last_used_at is written at most this often per token: it is for people, not for accounting. */
const LAST_USED_EVERY_MS = 60_000;

export interface TokenOwner { userId: string; teamId: string }

export interface TokenOptions {
  kind?: TokenKind;
  /** undefined or null: every scope. */
  scopes?: TokenScope[] | null;
  expiresAt?: string | null;
}

/** Scopes as stored: a JSON array, or NULL for all. Anything unreadable counts as no scope at all (fail closed). */
export function parseScopes(raw: unknown): TokenScope[] | null {
  if (raw === null || raw === undefined) return null;
  try {
    const parsed = TokenScope.array().safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Users, teams and tokens (API tokens and sessions). Tokens are stored only as hashes. */
export class AccountsRepo {
  constructor(private readonly db: Db) {}

  async countActiveTokens(): Promise<number> {
    const r = await this.db.execute('SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL');
    return Number(r.rows[0]?.n ?? 0);
  }

  /** The team and owner every fresh install starts with (its membership comes from the users trigger). Idempotent. */
  async ensureDefaultAdmin(): Promise<TokenOwner> {
    const now = nowIso();
    await this.db.batch([
      { sql: 'INSERT OR IGNORE INTO teams (id, name, created_at) VALUES (?, ?, ?)', args: [DEFAULT_TEAM_ID, 'Default team', now] },
      { sql: `INSERT OR IGNORE INTO users (id, team_id, email, name, role, created_at) VALUES (?, ?, NULL, ?, 'owner', ?)`,
        args: [ADMIN_USER_ID, DEFAULT_TEAM_ID, 'admin', now] },
    ], 'write');
    return { userId: ADMIN_USER_ID, teamId: DEFAULT_TEAM_ID };
  }

  /**
   * Registers a token value chosen by the operator (CHURNISTIC_ADMIN_TOKEN) or generated here.
   * Returns its id, or null when the value was already registered, so restarts do not duplicate it.
   */
  async registerToken(value: string, owner: TokenOwner, name: string, options: TokenOptions = {}): Promise<string | null> {
    const id = randomUUID();
    const r = await this.db.execute({
      sql: `INSERT OR IGNORE INTO api_tokens (id, user_id, team_id, name, token_hash, prefix, created_at, expires_at, kind, scopes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, owner.userId, owner.teamId, name, hashToken(value), tokenPrefix(value), nowIso(), options.expiresAt ?? null,
        options.kind ?? 'api', options.scopes ? JSON.stringify(options.scopes) : null],
    });
    return r.rowsAffected > 0 ? id : null;
  }

  /** Creates a random token; its value is returned only now, the database keeps its hash. */
  async issueToken(owner: TokenOwner, name: string, options: TokenOptions = {}): Promise<{ id: string; token: string }> {
    const token = generateToken(options.kind ?? 'api');
    const id = await this.registerToken(token, owner, name, options);
    if (!id) throw new Error('token collision'); // 192 random bits: not expected to ever happen
    return { id, token };
  }

  /** The CLI's and the first start's token: an API token with every scope (the first admin is the default team's owner). */
  async createToken(owner: TokenOwner, name: string, options: TokenOptions = {}): Promise<string> {
    return (await this.issueToken(owner, name, options)).token;
  }

  /**
   * The caller behind a token, or null when the token is unknown, revoked, expired, or its user is
   * no longer a member of the token's team. The role is the membership's, so a role change or a
   * removal takes effect on the next lookup.
   */
  async findPrincipal(token: string): Promise<Principal | null> {
    const r = await this.db.execute({
      sql: `SELECT t.id AS token_id, t.expires_at, t.kind, t.scopes, t.last_used_at, t.team_id, u.id AS user_id, u.name,
              u.email, m.role, tm.name AS team_name
            FROM api_tokens t
            JOIN users u ON u.id = t.user_id
            JOIN memberships m ON m.user_id = t.user_id AND m.team_id = t.team_id
            JOIN teams tm ON tm.id = t.team_id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
      args: [hashToken(token)],
    });
    const row = r.rows[0];
    if (!row) return null;
    const now = nowIso();
    if (row.expires_at && String(row.expires_at) <= now) return null;
    if (!row.last_used_at || Date.parse(String(row.last_used_at)) < Date.now() - LAST_USED_EVERY_MS) {
      await this.db.execute({ sql: 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?', args: [now, String(row.token_id)] });
    }
    return {
      tokenId: String(row.token_id),
      userId: String(row.user_id),
      teamId: String(row.team_id),
      name: String(row.name),
      role: String(row.role) as Role,
      email: row.email === null ? null : String(row.email),
      teamName: String(row.team_name),
      tokenKind: String(row.kind) as TokenKind,
      scopes: parseScopes(row.scopes),
    };
  }
}
