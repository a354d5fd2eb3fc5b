import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/principal';
import type { Db } from './db';
import { nowIso } from './db';

export interface LocalUser { id: string; email: string | null; name: string }
export interface Team { id: string; name: string; role: Role }
export interface PendingInvitation { id: string; teamId: string; role: Role }

/**
 * External identities (migration 9) and the few user/team/invitation reads and writes the first
 * Firebase sign-in needs. Emails are stored lower-case (migration 8), so lookups compare lower-case.
 */
export class IdentitiesRepo {
  constructor(private readonly db: Db) {}

  /** The user an identity was linked to before; touches last_used_at for the people reading lists. */
  async userBySubject(provider: string, subject: string): Promise<LocalUser | null> {
    const r = await this.db.execute({
      sql: `SELECT u.id, u.email, u.name FROM identities i JOIN users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?`,
      args: [provider, subject],
    });
    const row = r.rows[0];
    if (!row) return null;
    await this.db.execute({ sql: 'UPDATE identities SET last_used_at = ? WHERE provider = ? AND subject = ?', args: [nowIso(), provider, subject] });
    return toUser(row);
  }

  async userByEmail(email: string): Promise<LocalUser | null> {
    const r = await this.db.execute({ sql: 'SELECT id, email, name FROM users WHERE email = ?', args: [email.toLowerCase()] });
    return r.rows[0] ? toUser(r.rows[0]) : null;
  }

  async link(provider: string, subject: string, userId: string, email: string | null): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO identities (provider, subject, user_id, email, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (provider, subject) DO NOTHING`,
      args: [provider, subject, userId, email, nowIso(), nowIso()],
    });
  }

  /** The team a sign-in lands in: the user's default team if they are still a member, else their oldest membership. */
  async signInTeam(userId: string): Promise<Team | null> {
    const r = await this.db.execute({
      sql: `SELECT t.id, t.name, m.role FROM memberships m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id
            WHERE m.user_id = ? ORDER BY (m.team_id = u.team_id) DESC, m.created_at, m.team_id LIMIT 1`,
      args: [userId],
    });
    const row = r.rows[0];
    return row ? { id: String(row.id), name: String(row.name), role: String(row.role) as Role } : null;
  }

  /** The newest invitation for this email that is neither accepted, revoked nor expired (engineer B's table). */
  async pendingInvitation(email: string): Promise<PendingInvitation | null> {
    const r = await this.db.execute({
      sql: `SELECT id, team_id, role FROM invitations
            WHERE email = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?
            ORDER BY created_at DESC LIMIT 1`,
      args: [email.toLowerCase(), nowIso()],
    });
    const row = r.rows[0];
    return row ? { id: String(row.id), teamId: String(row.team_id), role: String(row.role) as Role } : null;
  }

  async teamExists(teamId: string): Promise<boolean> {
    return (await this.db.execute({ sql: 'SELECT 1 FROM teams WHERE id = ?', args: [teamId] })).rows.length > 0;
  }

  /**
   * Creates the user in a team (the users trigger adds the membership), links the identity and, for
   * an invitation, marks it accepted — in one transaction that claims the invitation only while it is
   * still pending, so two concurrent sign-ins cannot both use it. Returns null when the invitation was taken meanwhile.
   */
  async createUser(input: { email: string; name: string; teamId: string; role: Role; provider: string; subject: string;
    invitationId?: string }): Promise<LocalUser | null> {
    const id = `user_${randomUUID()}`;
    const now = nowIso();
    const tx = await this.db.transaction('write');
    try {
      await tx.execute({ sql: 'INSERT INTO users (id, team_id, email, name, role, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        args: [id, input.teamId, input.email.toLowerCase(), input.name, input.role, now] });
      if (input.invitationId) {
        const claimed = await tx.execute({
          sql: `UPDATE invitations SET accepted_at = ?, accepted_by = ?
                WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
          args: [now, id, input.invitationId, now],
        });
        if (claimed.rowsAffected === 0) { await tx.rollback(); return null; }
      }
      await tx.execute({ sql: 'INSERT INTO identities (provider, subject, user_id, email, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)',
        args: [input.provider, input.subject, id, input.email.toLowerCase(), now, now] });
      await tx.commit();
    } finally {
      tx.close();
    }
    return { id, email: input.email.toLowerCase(), name: input.name };
  }
}

const toUser = (row: Record<string, unknown>): LocalUser =>
  ({ id: String(row.id), email: row.email === null ? null : String(row.email), name: String(row.name) });
