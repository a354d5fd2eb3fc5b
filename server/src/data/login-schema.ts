/**
 * Migration 8 (local-login). Like every applied migration, never edit it once released; append a new
 * version instead.
 *
 * 1. users.password_hash (`scrypt$N$r$p$salt$hash`, see domain/passwords.ts); NULL = no local password
 *    (the bootstrap admin, Firebase-only users). Emails become lower-case and unique without regard
 *    to case, so "Ann@x.org" and "ann@x.org" can never be two accounts.
 * 2. login_failures: one row per failed sign-in (email as typed, lower-cased, and IP). The per-IP
 *    limit counts these in a sliding window; rows older than a day are pruned on write.
 * 3. login_lockouts: per-email lockout state, keyed by the email as typed whether or not an account
 *    has it — unknown emails lock exactly like known ones, or the lockout would enumerate accounts.
 *    `lockouts` drives the back-off (each lock doubles) and resets after a quiet day.
 * 4. password_resets and invitations store only the SHA-256 of their token (the token is high
 *    entropy, like API tokens), so a database leak gives no usable link.
 * 5. outbox: mail the server would have sent when SMTP_URL is not configured. Each row names the
 *    team it concerns, and admins read only their team's rows: a reset link is an account takeover
 *    in the wrong hands, so another team's admin must never see it.
 * 6. user_preferences: one JSON document per user (default models, enabled features).
 */
export const LOGIN_MIGRATION: string[] = [
  `ALTER TABLE users ADD COLUMN password_hash TEXT`,
  `UPDATE users SET email = lower(trim(email)) WHERE email IS NOT NULL`,
  `CREATE UNIQUE INDEX users_email_nocase ON users(email COLLATE NOCASE)`,

  `CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
  )`,
  `CREATE INDEX login_failures_by_ip ON login_failures(ip, at)`,
  `CREATE INDEX login_failures_by_at ON login_failures(at)`,
  `CREATE TABLE login_lockouts (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_failure_at TEXT NOT NULL
  ) WITHOUT ROWID`,

  `CREATE TABLE password_resets (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  )`,
  `CREATE INDEX password_resets_by_user ON password_resets(user_id)`,

  `CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams(id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by TEXT REFERENCES users(id),
    revoked_at TEXT
  )`,
  `CREATE INDEX invitations_by_team ON invitations(team_id, created_at)`,
  `CREATE INDEX invitations_by_email ON invitations(email)`,

  `CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id TEXT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX outbox_by_team ON outbox(team_id, id)`,

  `CREATE TABLE user_preferences (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    preferences TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID`,
];
