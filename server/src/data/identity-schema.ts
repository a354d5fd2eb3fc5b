/**
 * Migration 9 (external-identities). Like every applied migration, never edit it once released; append a new
 * version instead.
 *
 * identities: which external account (Firebase Authentication: `provider` is the sign-in provider such as
 * google.com or github.com, `subject` the Firebase uid) signs in as which local user. The first Firebase
 * sign-in links by verified email or creates the user (invitation / open sign-up); later sign-ins find the
 * user here, so a changed email at Google does not orphan the account. One user may have several rows
 * (Google and GitHub, or the same Firebase uid through two providers); one row never points at two users.
 */
export const IDENTITY_MIGRATION: string[] = [
  `CREATE TABLE identities (
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    email TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    PRIMARY KEY (provider, subject)
  ) WITHOUT ROWID`,
  `CREATE INDEX identities_by_user ON identities(user_id)`,
];
