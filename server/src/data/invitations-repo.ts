import type { Invitation, InvitationStatus, TeamRole } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

export type StoredInvitation = Invitation;

const COLUMNS = 'id, team_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at';

function status(row: Record<string, unknown>, now: string): InvitationStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.accepted_at !== null) return 'accepted';
  return String(row.expires_at) <= now ? 'expired' : 'pending';
}

function toInvitation(row: Record<string, unknown>): StoredInvitation {
  return {
    id: String(row.id), teamId: String(row.team_id), email: String(row.email), role: String(row.role) as TeamRole,
    status: status(row, nowIso()), invitedBy: String(row.invited_by), createdAt: String(row.created_at),
    expiresAt: String(row.expires_at), acceptedAt: row.accepted_at === null ? null : String(row.accepted_at),
    revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
  };
}

/** The "still pending" condition, shared by every statement that acts on an invitation. */
const PENDING = 'accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?';

/**
 * Invitations: stored with the SHA-256 of their token. Accepting is one transaction whose every
 * statement re-checks that the invitation is still pending, so accepting twice at once, or
 * accepting while an admin revokes, has exactly one outcome.
 */
export class InvitationsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts the invitation and revokes any still-pending one for the same address and team (one live link each). */
  async create(inv: { id: string; teamId: string; email: string; role: TeamRole; tokenHash: string; invitedBy: string; expiresAt: string }): Promise<number> {
    const now = nowIso();
    const [replaced] = await this.db.batch([
      { sql: `UPDATE invitations SET revoked_at = ? WHERE team_id = ? AND email = ? AND ${PENDING}`, args: [now, inv.teamId, inv.email, now] },
      { sql: `INSERT INTO invitations (id, team_id, email, role, token_hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [inv.id, inv.teamId, inv.email, inv.role, inv.tokenHash, inv.invitedBy, now, inv.expiresAt] },
    ], 'write');
    return replaced!.rowsAffected;
  }

  /** Newest first. */
  async list(teamId: string, limit = 200): Promise<StoredInvitation[]> {
    const r = await this.db.execute({
      sql: `SELECT ${COLUMNS} FROM invitations WHERE team_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, args: [teamId, limit],
    });
    return r.rows.map((row) => toInvitation(row as Record<string, unknown>));
  }

  async findInTeam(teamId: string, id: string): Promise<StoredInvitation | null> {
    const r = await this.db.execute({ sql: `SELECT ${COLUMNS} FROM invitations WHERE id = ? AND team_id = ?`, args: [id, teamId] });
    return r.rows[0] ? toInvitation(r.rows[0] as Record<string, unknown>) : null;
  }

  async byTokenHash(tokenHash: string): Promise<StoredInvitation | null> {
    const r = await this.db.execute({ sql: `SELECT ${COLUMNS} FROM invitations WHERE token_hash = ?`, args: [tokenHash] });
    return r.rows[0] ? toInvitation(r.rows[0] as Record<string, unknown>) : null;
  }

  /**
   * The newest pending invitation for an address (any team): Firebase sign-in (engineer C) creates a
   * user only through one, then calls acceptAsNewUser with passwordHash null.
   */
  async pendingForEmail(email: string): Promise<StoredInvitation | null> {
    const r = await this.db.execute({
      sql: `SELECT ${COLUMNS} FROM invitations WHERE email = ? COLLATE NOCASE AND ${PENDING} ORDER BY created_at DESC LIMIT 1`,
      args: [email, nowIso()],
    });
    return r.rows[0] ? toInvitation(r.rows[0] as Record<string, unknown>) : null;
  }

  /** Pending or expired (not accepted) invitations can be revoked; returns whether this call did. */
  async revoke(id: string): Promise<boolean> {
    const r = await this.db.execute({
      sql: 'UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL', args: [nowIso(), id],
    });
    return r.rowsAffected > 0;
  }

  async isMember(teamId: string, email: string): Promise<boolean> {
    const r = await this.db.execute({
      sql: `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? AND u.email = ? COLLATE NOCASE`,
      args: [teamId, email],
    });
    return r.rows.length > 0;
  }

  /**
   * Creates the invited user (their membership comes from the users trigger of migration 7) and marks
   * the invitation accepted, only while it is pending. Returns false when it no longer was.
   */
  async acceptAsNewUser(inv: StoredInvitation, user: { id: string; name: string; passwordHash: string | null }): Promise<boolean> {
    const now = nowIso();
    const [inserted] = await this.db.batch([
      { sql: `INSERT INTO users (id, team_id, email, name, role, created_at, password_hash)
              SELECT ?, team_id, email, ?, role, ?, ? FROM invitations WHERE id = ? AND ${PENDING}`,
        args: [user.id, user.name, now, user.passwordHash, inv.id, now] },
      { sql: `UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND ${PENDING} AND EXISTS (SELECT 1 FROM users WHERE id = ?)`,
        args: [now, user.id, inv.id, now, user.id] },
    ], 'write');
    return inserted!.rowsAffected > 0;
  }

  /** Adds an existing user to the team with the invited role (an existing membership keeps its role). */
  async acceptAsExistingUser(inv: StoredInvitation, userId: string): Promise<boolean> {
    const now = nowIso();
    const [accepted] = await this.db.batch([
      { sql: `UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND ${PENDING}`, args: [now, userId, inv.id, now] },
      { sql: `INSERT INTO memberships (user_id, team_id, role, created_at)
              SELECT ?, team_id, role, ? FROM invitations WHERE id = ? AND accepted_by = ? AND accepted_at = ?
              ON CONFLICT (user_id, team_id) DO NOTHING`,
        args: [userId, now, inv.id, userId, now] },
    ], 'write');
    return accepted!.rowsAffected > 0;
  }
}
