import type { Member, TeamRole } from '../../../protocol';
import type { Db } from './db';

export interface TeamRow { id: string; name: string; createdAt: string; memberCount: number }

/** Why a membership change was refused: the last owner must stay an owner, or the member is gone. */
export type MembershipOutcome = 'ok' | 'not_found' | 'last_owner';

/**
 * Teams and memberships. Role changes and removals are single guarded statements, so two admins
 * acting at once can never leave a team without an owner.
 */
export class MembersRepo {
  constructor(private readonly db: Db) {}

  async team(teamId: string): Promise<TeamRow | null> {
    const r = await this.db.execute({
      sql: `SELECT t.id, t.name, t.created_at, (SELECT COUNT(*) FROM memberships m WHERE m.team_id = t.id) AS n
            FROM teams t WHERE t.id = ?`,
      args: [teamId],
    });
    const row = r.rows[0];
    return row ? { id: String(row.id), name: String(row.name), createdAt: String(row.created_at), memberCount: Number(row.n) } : null;
  }

  async list(teamId: string): Promise<Member[]> {
    const r = await this.db.execute({
      sql: `SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.team_id = ? ORDER BY m.created_at, m.user_id`,
      args: [teamId],
    });
    return r.rows.map((row) => ({
      userId: String(row.user_id), name: String(row.name), email: row.email === null ? null : String(row.email),
      role: String(row.role) as TeamRole, joinedAt: String(row.created_at),
    }));
  }

  async role(teamId: string, userId: string): Promise<TeamRole | null> {
    const r = await this.db.execute({ sql: 'SELECT role FROM memberships WHERE team_id = ? AND user_id = ?', args: [teamId, userId] });
    return r.rows[0] ? String(r.rows[0].role) as TeamRole : null;
  }

  /** The guard shared by both changes: the row is not an owner, or another owner remains. */
  private static readonly KEEPS_AN_OWNER = `(role <> 'owner' OR (SELECT COUNT(*) FROM memberships o WHERE o.team_id = ? AND o.role = 'owner') > 1)`;

  async setRole(teamId: string, userId: string, role: TeamRole): Promise<MembershipOutcome> {
    const guard = role === 'owner' ? '1' : MembersRepo.KEEPS_AN_OWNER;
    const [update] = await this.db.batch([
      { sql: `UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ? AND ${guard}`,
        args: role === 'owner' ? [role, teamId, userId] : [role, teamId, userId, teamId] },
      // users.role mirrors the role in the user's default team, for code that still reads it.
      { sql: `UPDATE users SET role = (SELECT role FROM memberships WHERE team_id = ? AND user_id = ?) WHERE id = ? AND team_id = ?`,
        args: [teamId, userId, userId, teamId] },
    ], 'write');
    if (update!.rowsAffected > 0) return 'ok';
    return (await this.role(teamId, userId)) === null ? 'not_found' : 'last_owner';
  }

  async remove(teamId: string, userId: string): Promise<MembershipOutcome> {
    const r = await this.db.execute({
      sql: `DELETE FROM memberships WHERE team_id = ? AND user_id = ? AND ${MembersRepo.KEEPS_AN_OWNER}`,
      args: [teamId, userId, teamId],
    });
    if (r.rowsAffected > 0) return 'ok';
    return (await this.role(teamId, userId)) === null ? 'not_found' : 'last_owner';
  }
}
