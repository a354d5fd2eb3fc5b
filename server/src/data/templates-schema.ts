/**
 * Migration 6 (team prompt templates). Like every applied migration, never edit it; append a new
 * version instead.
 *
 * team_templates holds one row per (team, name): `current_version` is the highest version number
 * ever given to that name, and `deleted_at` marks a deleted template. Deleting removes the
 * versions' content (hard delete: a team that deletes a template holding something it should not
 * have expects it gone) but keeps this row as a tombstone, so a template re-created under the same
 * name continues at current_version + 1: a version number never means two different texts, and
 * an editor still holding "version 3" of the old template gets a 409 instead of overwriting.
 *
 * team_template_versions holds every saved version; UNIQUE(team_id, name, version) is the last
 * line of defence behind the numbering in templates-repo.ts (which takes the number from
 * current_version inside one write transaction).
 */
export const TEMPLATES_MIGRATION: string[] = [
  `CREATE TABLE team_templates (
    team_id TEXT NOT NULL REFERENCES teams(id),
    name TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (team_id, name)
  ) WITHOUT ROWID`,
  `CREATE TABLE team_template_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    description TEXT NOT NULL,
    model TEXT,
    variables TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_by_user_id TEXT NOT NULL,
    UNIQUE (team_id, name, version),
    FOREIGN KEY (team_id, name) REFERENCES team_templates(team_id, name)
  )`,
];
