import type { TokenInfo, TokenKind } from '../../../protocol';
import { parseScopes } from './accounts-repo';
import type { Db } from './db';
import { nowIso } from './db';

/** A listed token's owner, so the routes can apply the "who may revoke whose" rules. */
export type StoredToken = Omit<TokenInfo, 'current'> & { teamId: string };

const COLUMNS = 'id, name, prefix, kind, scopes, user_id, team_id, created_at, last_used_at, expires_at';

function toToken(row: Record<string, unknown>): StoredToken {
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    kind: String(row.kind) as TokenKind,
    scopes: parseScopes(row.scopes),
    userId: String(row.user_id),
    teamId: String(row.team_id),
    createdAt: String(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : String(row.last_used_at),
    expiresAt: row.expires_at === null ? null : String(row.expires_at),
  };
}

/** Listing and revoking tokens (creating them is AccountsRepo's, shared with the CLI and first start). */
export class TokensRepo {
  constructor(private readonly db: Db) {}

  /** Tokens that still work (not revoked, not expired) in a team, optionally only one user's; newest first. */
  async listActive(teamId: string, userId?: string): Promise<StoredToken[]> {
    const r = await this.db.execute({
      sql: `SELECT ${COLUMNS} FROM api_tokens
            WHERE team_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
              ${userId ? 'AND user_id = ?' : ''}
            ORDER BY created_at DESC, id DESC`,
      args: userId ? [teamId, nowIso(), userId] : [teamId, nowIso()],
    });
    return r.rows.map((row) => toToken(row as Record<string, unknown>));
  }

  /** An unrevoked token of this team, or null (another team's token is "not found" to the caller). */
  async findInTeam(teamId: string, tokenId: string): Promise<StoredToken | null> {
    const r = await this.db.execute({
      sql: `SELECT ${COLUMNS} FROM api_tokens WHERE id = ? AND team_id = ? AND revoked_at IS NULL`, args: [tokenId, teamId],
    });
    return r.rows[0] ? toToken(r.rows[0] as Record<string, unknown>) : null;
  }

  /** Returns whether this call revoked it (false: already revoked, by a concurrent request). */
  async revoke(tokenId: string): Promise<boolean> {
    const r = await this.db.execute({
      sql: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', args: [nowIso(), tokenId],
    });
    return r.rowsAffected > 0;
  }

  /** Every token a user holds for a team (on removal from it, so re-adding them later does not revive old tokens). */
  async revokeAllOf(userId: string, teamId: string): Promise<number> {
    const r = await this.db.execute({
      sql: 'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND team_id = ? AND revoked_at IS NULL',
      args: [nowIso(), userId, teamId],
    });
    return r.rowsAffected;
  }
}
