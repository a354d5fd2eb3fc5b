/**
 * Migration 7 (accounts). Like every applied migration, never edit it once released; append a new
 * version instead.
 *
 * - memberships: a user may belong to several teams, with a role in each. users.team_id stays as the
 *   user's *default* team and users.role as the role they were created with there.
 * - api_tokens.kind and .scopes: sessions from sign-in beside API tokens; scopes NULL = all.
 * - audit_log: append-only; the triggers make UPDATE and DELETE fail even through raw SQL.
 */
export const ACCOUNTS_MIGRATION: string[] = [
  `CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users(id),
    team_id TEXT NOT NULL REFERENCES teams(id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, team_id)
  )`,
  `CREATE INDEX memberships_by_team ON memberships(team_id, role)`,
  `INSERT INTO memberships (user_id, team_id, role, created_at) SELECT id, team_id, role, created_at FROM users`,
  /**
   * Every user is a member of the team they are created in, with the role they are created with:
   * whoever inserts a user (setup, invitations, Firebase sign-up, the CLI, tests) gets a consistent
   * membership without having to remember it. Memberships in *other* teams are inserted explicitly
   * (use INSERT … ON CONFLICT, since this one may already exist).
   */
  `CREATE TRIGGER users_default_membership AFTER INSERT ON users BEGIN
    INSERT OR IGNORE INTO memberships (user_id, team_id, role, created_at) VALUES (NEW.id, NEW.team_id, NEW.role, NEW.created_at);
  END`,
  `ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'session'))`,
  /** JSON array of scopes, or NULL for all: existing tokens (the CLI's, the first admin token) keep full access. */
  `ALTER TABLE api_tokens ADD COLUMN scopes TEXT`,
  `CREATE INDEX api_tokens_by_user ON api_tokens(user_id, team_id)`,
  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_token_id TEXT,
    team_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    ip TEXT,
    user_agent TEXT,
    details TEXT
  )`,
  `CREATE INDEX audit_by_team ON audit_log(team_id, id)`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
  END`,
];
