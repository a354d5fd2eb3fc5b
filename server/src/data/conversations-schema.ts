/**
 * Migration 5 (history): the SQL lives here so migrations.ts keeps one line per version. Like every
 * applied migration, never edit it; append a new version instead.
 *
 * 1. conversations and messages are rebuilt with `num INTEGER PRIMARY KEY AUTOINCREMENT`: a number
 *    that VACUUM never renumbers (an implicit rowid may be) and that is never reused, which the
 *    list's snapshot cursor relies on ("was this message written after my first page?"). The
 *    rebuild order matters with foreign keys on: the new messages table references the new
 *    conversations table, so dropping the old pair cascades nothing.
 * 2. conversations carry message_count and last_message_num, kept by triggers: the list needs no
 *    COUNT(*) per row, and a later page can tell which conversations moved since the first one.
 * 3. Full-text search: FTS5 external-content tables (porter stemming over unicode61; prefix indexes
 *    for 2 and 3 characters, so `ab*` and `abc*` read one precomputed doclist), kept in step by
 *    triggers. Their rowid is `fts_rowid` = (owner serial << 40) + (2^40 - 1 - num):
 *    - each user's rows form one contiguous rowid range, so a search gives FTS5 a rowid range and
 *      never reads, let alone ranks, another user's matches;
 *    - inside a range, rowids ascend from the newest row, so "the N most recent matches" is an
 *      ascending scan that stops after N (FTS5's fast direction).
 *    The owner serial comes from history_owners (an INTEGER PRIMARY KEY, stable for the same reason
 *    as num); writers copy it in (see conversations-repo.ts), and NOT NULL makes forgetting loud.
 * 4. message_feedback: one rating per user per message (the primary key makes "latest wins" an upsert).
 */

const TOKENIZE = `tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'`;

/** 2^40 - 1: a user's rowid range is [serial << 40, (serial << 40) + ROW_MASK]. */
export const ROW_MASK = 1_099_511_627_775;
const FTS_ROWID = `INTEGER GENERATED ALWAYS AS ((owner_serial << 40) + (${ROW_MASK} - num)) VIRTUAL`;

export const HISTORY_MIGRATION: string[] = [
  `CREATE TABLE history_owners (
    serial INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL UNIQUE
  )`,
  'INSERT INTO history_owners (user_id) SELECT DISTINCT user_id FROM conversations ORDER BY user_id',
  `CREATE TABLE conversations_v5 (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    team_id TEXT NOT NULL REFERENCES teams(id),
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0,
    last_message_num INTEGER,
    owner_serial INTEGER NOT NULL REFERENCES history_owners(serial),
    fts_rowid ${FTS_ROWID}
  )`,
  `INSERT INTO conversations_v5 (id, user_id, team_id, title, created_at, updated_at, owner_serial)
    SELECT c.id, c.user_id, c.team_id, c.title, c.created_at, c.updated_at, o.serial
    FROM conversations c JOIN history_owners o ON o.user_id = c.user_id ORDER BY c.rowid`,
  `CREATE TABLE messages_v5 (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations_v5(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content TEXT NOT NULL,
    model TEXT,
    status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'aborted', 'error')),
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    latency_ms INTEGER,
    created_at TEXT NOT NULL,
    owner_serial INTEGER NOT NULL,
    fts_rowid ${FTS_ROWID}
  )`,
  `INSERT INTO messages_v5 (id, seq, conversation_id, user_id, team_id, role, content, model, status,
      prompt_tokens, completion_tokens, latency_ms, created_at, owner_serial)
    SELECT m.id, m.seq, m.conversation_id, m.user_id, m.team_id, m.role, m.content, m.model, m.status,
      m.prompt_tokens, m.completion_tokens, m.latency_ms, m.created_at, c.owner_serial
    FROM messages m JOIN conversations_v5 c ON c.id = m.conversation_id ORDER BY m.rowid`,
  `UPDATE conversations_v5 SET
     message_count = (SELECT COUNT(*) FROM messages_v5 m WHERE m.conversation_id = conversations_v5.id),
     last_message_num = (SELECT MAX(num) FROM messages_v5 m WHERE m.conversation_id = conversations_v5.id)`,
  'DROP TABLE messages',
  'DROP TABLE conversations',
  // RENAME also rewrites messages_v5's foreign key to the new name.
  'ALTER TABLE conversations_v5 RENAME TO conversations',
  'ALTER TABLE messages_v5 RENAME TO messages',
  // The list: the caller's conversations by last activity (keyset pagination walks this index).
  'CREATE INDEX conversations_by_user ON conversations(user_id, updated_at DESC, id DESC)',
  // The list's later pages: which of the caller's conversations got messages after the first page.
  'CREATE INDEX conversations_by_last_message ON conversations(user_id, last_message_num)',
  'CREATE UNIQUE INDEX conversations_by_fts_rowid ON conversations(fts_rowid)',
  'CREATE UNIQUE INDEX messages_in_order ON messages(conversation_id, seq)',
  'CREATE UNIQUE INDEX messages_by_fts_rowid ON messages(fts_rowid)',

  `CREATE VIRTUAL TABLE messages_fts USING fts5(content,
    content = 'messages', content_rowid = 'fts_rowid', ${TOKENIZE})`,
  `CREATE VIRTUAL TABLE conversations_fts USING fts5(title,
    content = 'conversations', content_rowid = 'fts_rowid', ${TOKENIZE})`,
  `INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')`,
  `INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild')`,

  // External content: a 'delete' must repeat the exact values that were indexed, which OLD holds.
  `CREATE TRIGGER messages_after_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (NEW.fts_rowid, NEW.content);
    UPDATE conversations SET message_count = message_count + 1, last_message_num = NEW.num,
      updated_at = MAX(updated_at, NEW.created_at)
    WHERE id = NEW.conversation_id;
  END`,
  `CREATE TRIGGER messages_after_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.fts_rowid, OLD.content);
    UPDATE conversations SET message_count = message_count - 1 WHERE id = OLD.conversation_id;
  END`,
  `CREATE TRIGGER messages_after_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.fts_rowid, OLD.content);
    INSERT INTO messages_fts (rowid, content) VALUES (NEW.fts_rowid, NEW.content);
  END`,
  `CREATE TRIGGER conversations_after_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts (rowid, title) VALUES (NEW.fts_rowid, NEW.title);
  END`,
  `CREATE TRIGGER conversations_after_delete AFTER DELETE ON conversations BEGIN
    INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', OLD.fts_rowid, OLD.title);
  END`,
  `CREATE TRIGGER conversations_after_update AFTER UPDATE OF title ON conversations BEGIN
    INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', OLD.fts_rowid, OLD.title);
    INSERT INTO conversations_fts (rowid, title) VALUES (NEW.fts_rowid, NEW.title);
  END`,

  `CREATE TABLE message_feedback (
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
  ) WITHOUT ROWID`,
];
