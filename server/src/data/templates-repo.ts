import type { Row } from '@libsql/client';
import type { PromptTemplate, TeamTemplate, TeamTemplateDetail, TemplateVariable } from '../../../protocol';
import type { Db } from './db';
import { nowIso } from './db';

/** Who saves: the team the template belongs to and the name shown as "updated by". */
export interface TemplateAuthor { userId: string; teamId: string; name: string }

/** What a save did; `conflict` when baseVersion was given and is not the current version. */
export type SaveOutcome =
  | { kind: 'saved'; created: boolean; template: TeamTemplate }
  | { kind: 'conflict'; currentVersion: number | null };

const VERSION_COLUMNS = 'v.name, v.version, v.description, v.model, v.variables, v.body, v.updated_at, v.updated_by';

/** A live template's versions: joined to a row that is not deleted (a tombstone hides nothing else). */
const LIVE = `team_templates t JOIN team_template_versions v ON v.team_id = t.team_id AND v.name = t.name
  AND t.deleted_at IS NULL`;

const toTemplate = (r: Row): TeamTemplate => ({
  name: String(r.name),
  description: String(r.description),
  ...(r.model == null ? {} : { model: String(r.model) }),
  variables: JSON.parse(String(r.variables)) as TemplateVariable[],
  body: String(r.body),
  version: Number(r.version),
  updatedAt: String(r.updated_at),
  updatedBy: String(r.updated_by),
});

/**
 * Team prompt templates with their versions (schema and delete semantics: templates-schema.ts).
 * Every query is scoped by team: another team's template is simply not found.
 */
export class TemplatesRepo {
  constructor(private readonly db: Db) {}

  /** The latest version of each live template, by name. */
  async list(teamId: string): Promise<TeamTemplate[]> {
    const r = await this.db.execute({
      sql: `SELECT ${VERSION_COLUMNS} FROM ${LIVE} AND v.version = t.current_version
            WHERE t.team_id = ? ORDER BY t.name`,
      args: [teamId],
    });
    return r.rows.map(toTemplate);
  }

  /** The latest version and every version's metadata, newest first; null when there is none. */
  async detail(teamId: string, name: string): Promise<TeamTemplateDetail | null> {
    const [latest, versions] = await this.db.batch([
      { sql: `SELECT ${VERSION_COLUMNS} FROM ${LIVE} AND v.version = t.current_version WHERE t.team_id = ? AND t.name = ?`,
        args: [teamId, name] },
      { sql: `SELECT v.version, v.updated_at, v.updated_by FROM ${LIVE} WHERE t.team_id = ? AND t.name = ? ORDER BY v.version DESC`,
        args: [teamId, name] },
    ], 'read');
    const row = latest!.rows[0];
    if (!row) return null;
    return {
      ...toTemplate(row),
      versions: versions!.rows.map((v) => ({ version: Number(v.version), updatedAt: String(v.updated_at), updatedBy: String(v.updated_by) })),
    };
  }

  async version(teamId: string, name: string, version: number): Promise<TeamTemplate | null> {
    const r = await this.db.execute({
      sql: `SELECT ${VERSION_COLUMNS} FROM ${LIVE} WHERE t.team_id = ? AND t.name = ? AND v.version = ?`,
      args: [teamId, name, version],
    });
    return r.rows[0] ? toTemplate(r.rows[0]) : null;
  }

  /**
   * Creates the template or adds a version, in one write transaction, so concurrent saves of one
   * name get consecutive numbers: the number is taken from current_version as the transaction
   * bumps it, never read first and written later. With `baseVersion`, the bump only happens when
   * the live template is still at that version; otherwise nothing is written and it is a conflict.
   */
  async save(author: TemplateAuthor, template: PromptTemplate, baseVersion?: number): Promise<SaveOutcome> {
    // The write transaction serializes saves, even across processes (BEGIN IMMEDIATE). Should a
    // writer that does not take that path still collide on UNIQUE(team_id, name, version), the
    // save is tried again (it takes the next number, or sees the conflict) rather than failing.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.saveOnce(author, template, baseVersion);
      } catch (err) {
        if (attempt >= 3 || !String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) throw err;
      }
    }
  }

  private async saveOnce(author: TemplateAuthor, template: PromptTemplate, baseVersion?: number): Promise<SaveOutcome> {
    const { teamId } = author;
    const { name } = template;
    const now = nowIso();
    const guard = baseVersion === undefined
      ? { sql: '1', args: [] as (string | number)[] }
      : { sql: `EXISTS (SELECT 1 FROM team_templates WHERE team_id = ? AND name = ? AND deleted_at IS NULL AND current_version = ?)`,
        args: [teamId, name, baseVersion] };
    const [before, , inserted] = await this.db.batch([
      { sql: 'SELECT current_version, deleted_at FROM team_templates WHERE team_id = ? AND name = ?', args: [teamId, name] },
      // A re-created template (tombstone) continues after its last number; its created_at restarts.
      {
        sql: `INSERT INTO team_templates (team_id, name, current_version, created_at, deleted_at)
              SELECT ?, ?, 1, ?, NULL WHERE ${guard.sql}
              ON CONFLICT (team_id, name) DO UPDATE SET current_version = team_templates.current_version + 1,
                created_at = CASE WHEN team_templates.deleted_at IS NULL THEN team_templates.created_at ELSE excluded.created_at END,
                deleted_at = NULL`,
        args: [teamId, name, now, ...guard.args],
      },
      // The row for the new current version, only if the statement above made one: when the guard
      // refused, either the template is deleted or its current version already has its row.
      {
        sql: `INSERT INTO team_template_versions
                (team_id, name, version, description, model, variables, body, updated_at, updated_by, updated_by_user_id)
              SELECT t.team_id, t.name, t.current_version, ?, ?, ?, ?, ?, ?, ?
              FROM team_templates t
              WHERE t.team_id = ? AND t.name = ? AND t.deleted_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM team_template_versions v WHERE v.team_id = t.team_id AND v.name = t.name AND v.version = t.current_version)
              RETURNING version`,
        args: [template.description, template.model ?? null, JSON.stringify(template.variables), template.body, now,
          author.name, author.userId, teamId, name],
      },
    ], 'write');
    const prior = before!.rows[0];
    const live = !!prior && prior.deleted_at == null;
    const row = inserted!.rows[0];
    if (!row) return { kind: 'conflict', currentVersion: live ? Number(prior.current_version) : null };
    return {
      kind: 'saved',
      created: !live,
      template: { ...template, version: Number(row.version), updatedAt: now, updatedBy: author.name },
    };
  }

  /** Deletes the versions and leaves a tombstone (see templates-schema.ts). False when there is no live template. */
  async delete(teamId: string, name: string): Promise<boolean> {
    const [tombstone] = await this.db.batch([
      { sql: 'UPDATE team_templates SET deleted_at = ? WHERE team_id = ? AND name = ? AND deleted_at IS NULL',
        args: [nowIso(), teamId, name] },
      { sql: 'DELETE FROM team_template_versions WHERE team_id = ? AND name = ?', args: [teamId, name] },
    ], 'write');
    return (tombstone?.rowsAffected ?? 0) > 0;
  }
}
