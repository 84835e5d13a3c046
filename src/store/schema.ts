/**
 * The mail store's tables: mailboxes and their counts, messages, contents (one row per distinct
 * message, its raw bytes apart), the IMAP formats and search text derived from them, the quota
 * usage the store charges in its writes, store-wide sequences and subscriptions.
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';
import { FLAG_DELETED, FLAG_SEEN } from './flags.js';

export const STORE_SCHEMA: readonly Migration[] = [
  // 1: the mail store.
  {
    version: 1,
    sql: `
  CREATE TABLE quota_usage (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    used_bytes    INTEGER NOT NULL DEFAULT 0,      -- sum of raw sizes over every folder
    message_count INTEGER NOT NULL DEFAULT 0,
    warned_level  INTEGER NOT NULL DEFAULT 0       -- highest warning threshold already sent (0, 80, 95, 100)
  ) STRICT;

  CREATE TABLE mailboxes (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,                   -- full name, '/' separates levels
    special_use   TEXT,                            -- RFC 6154: \\Sent, \\Drafts, \\Trash, \\Junk, \\Archive
    uid_validity  INTEGER NOT NULL,
    uid_next      INTEGER NOT NULL DEFAULT 1,
    highest_modseq INTEGER NOT NULL DEFAULT 1,
    recent_floor  INTEGER NOT NULL DEFAULT 1,      -- UIDs below it were already \\Recent in some session
    subscribed    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, name)
  ) STRICT;

  -- One row per distinct raw message (sha256): a bulletin to 50,000 staff is stored once.
  CREATE TABLE contents (
    id            INTEGER PRIMARY KEY,
    sha256        BLOB NOT NULL UNIQUE,
    size          INTEGER NOT NULL,
    refcount      INTEGER NOT NULL,
    header_date   INTEGER,                         -- Date: header, ms since epoch, NULL if unparsable
    subject       TEXT NOT NULL DEFAULT '',
    from_text     TEXT NOT NULL DEFAULT '',        -- decoded « Name <addr> », for listing and search
    to_text       TEXT NOT NULL DEFAULT '',
    cc_text       TEXT NOT NULL DEFAULT '',
    bcc_text      TEXT NOT NULL DEFAULT '',
    message_id    TEXT,
    in_reply_to   TEXT,
    refs          TEXT,
    has_attachments INTEGER NOT NULL DEFAULT 0,
    snippet       TEXT NOT NULL DEFAULT '',
    mime          TEXT NOT NULL                    -- JSON MIME tree with byte offsets (mime-tree.ts)
  ) STRICT;

  CREATE TABLE content_raw (
    content_id    INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    raw           BLOB NOT NULL                    -- the message byte for byte as received
  ) STRICT;

  CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    mailbox_id    INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    uid           INTEGER NOT NULL,
    content_id    INTEGER NOT NULL REFERENCES contents(id),
    size          INTEGER NOT NULL,
    internal_date INTEGER NOT NULL,                -- ms since epoch
    flags         INTEGER NOT NULL DEFAULT 0,      -- bit set of system flags (flags.ts)
    keywords      TEXT NOT NULL DEFAULT '',        -- space-separated IMAP keywords
    modseq        INTEGER NOT NULL,
    saved_at      INTEGER NOT NULL,                -- ms when it entered this folder (Trash purge age)
    UNIQUE (mailbox_id, uid)
  ) STRICT;
  CREATE INDEX messages_by_account_size ON messages(account_id, size DESC);
  CREATE INDEX messages_by_content ON messages(content_id);
  CREATE INDEX messages_by_mailbox_saved ON messages(mailbox_id, saved_at);

  -- Word index (accents folded) over subject, addresses and body text: BODY, TEXT, SUBJECT.
  CREATE VIRTUAL TABLE content_fts USING fts5(
    subject, addresses, body,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
  );
  -- Trigram index over subject and addresses: finds part of an address (« habot », « @ac-aix »).
  CREATE VIRTUAL TABLE content_tri USING fts5(
    subject, from_text, to_text, cc_text, bcc_text,
    content='', contentless_delete=1, tokenize='trigram remove_diacritics 1'
  );

`,
  },
  // 4: IMAP's ENVELOPE and BODYSTRUCTURE of each content as sent on the wire, formatted once from
  // the MIME tree (src/imap/content-cache.ts) so that FETCH never parses a tree again, even after
  // a restart. A cache: a missing row is recomputed; a row is never stale (contents are
  // immutable) and leaves with its content.
  {
    version: 4,
    sql: `
  CREATE TABLE content_imap (
    content_id    INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    envelope      TEXT NOT NULL,                   -- byte string: one character per byte
    bodystructure TEXT NOT NULL
  ) STRICT;
  `,
  },
  // 6: search indexing is deferred and batched (one FTS5 segment per batch instead of per
  // delivery); a content not yet in content_fts/content_tri has indexed = 0 and is indexed
  // before any search, or at the next start after a crash.
  {
    version: 6,
    sql: `
  ALTER TABLE contents ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX contents_unindexed ON contents(indexed) WHERE indexed = 0;
  `,
  },
  // 7: each folder's counts (messages, unread, \Deleted, octets) kept up to date by triggers,
  // so STATUS and LIST-STATUS, which clients and the webmail send for every folder on every
  // refresh, read one row instead of scanning a 10,000-message folder. Triggers, not code in
  // the store, so no write path (a future one, or another process) can forget them.
  // Bits: \Seen = ${FLAG_SEEN}, \Deleted = ${FLAG_DELETED} (src/store/flags.ts).
  {
    version: 7,
    sql: `
  CREATE TABLE mailbox_counts (
    mailbox_id    INTEGER PRIMARY KEY REFERENCES mailboxes(id) ON DELETE CASCADE,
    messages      INTEGER NOT NULL DEFAULT 0,
    unseen        INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    size          INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  INSERT INTO mailbox_counts (mailbox_id, messages, unseen, deleted, size)
    SELECT b.id, count(m.id), coalesce(sum((m.flags & ${FLAG_SEEN}) = 0), 0),
           coalesce(sum((m.flags & ${FLAG_DELETED}) != 0), 0), coalesce(sum(m.size), 0)
    FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id GROUP BY b.id;
  CREATE TRIGGER mailbox_counts_new_mailbox AFTER INSERT ON mailboxes BEGIN
    INSERT INTO mailbox_counts (mailbox_id) VALUES (new.id);
  END;
  CREATE TRIGGER mailbox_counts_insert AFTER INSERT ON messages BEGIN
    UPDATE mailbox_counts SET messages = messages + 1, unseen = unseen + ((new.flags & ${FLAG_SEEN}) = 0),
      deleted = deleted + ((new.flags & ${FLAG_DELETED}) != 0), size = size + new.size
    WHERE mailbox_id = new.mailbox_id;
  END;
  CREATE TRIGGER mailbox_counts_delete AFTER DELETE ON messages BEGIN
    UPDATE mailbox_counts SET messages = messages - 1, unseen = unseen - ((old.flags & ${FLAG_SEEN}) = 0),
      deleted = deleted - ((old.flags & ${FLAG_DELETED}) != 0), size = size - old.size
    WHERE mailbox_id = old.mailbox_id;
  END;
  CREATE TRIGGER mailbox_counts_update AFTER UPDATE OF mailbox_id, flags, size ON messages BEGIN
    UPDATE mailbox_counts SET messages = messages - 1, unseen = unseen - ((old.flags & ${FLAG_SEEN}) = 0),
      deleted = deleted - ((old.flags & ${FLAG_DELETED}) != 0), size = size - old.size
    WHERE mailbox_id = old.mailbox_id;
    UPDATE mailbox_counts SET messages = messages + 1, unseen = unseen + ((new.flags & ${FLAG_SEEN}) = 0),
      deleted = deleted + ((new.flags & ${FLAG_DELETED}) != 0), size = size + new.size
    WHERE mailbox_id = new.mailbox_id;
  END;
  `,
  },
  // 9: content ids are never given again. Without AUTOINCREMENT, SQLite gives a deleted row's
  // id to the next insert (https://sqlite.org/autoinc.html), and whatever was derived from the
  // deleted content and kept by id (the IMAP server's formats and digests) was then shown for
  // the new one: another account's subject and sender. SQLite cannot add AUTOINCREMENT to a
  // table, so it is built anew (https://sqlite.org/lang_altertable.html#otheralter; the runner
  // turns foreign keys off around migrations and checks them after), rows and ids kept.
  {
    version: 9,
    sql: `
  CREATE TABLE contents_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256        BLOB NOT NULL UNIQUE,
    size          INTEGER NOT NULL,
    refcount      INTEGER NOT NULL,
    header_date   INTEGER,
    subject       TEXT NOT NULL DEFAULT '',
    from_text     TEXT NOT NULL DEFAULT '',
    to_text       TEXT NOT NULL DEFAULT '',
    cc_text       TEXT NOT NULL DEFAULT '',
    bcc_text      TEXT NOT NULL DEFAULT '',
    message_id    TEXT,
    in_reply_to   TEXT,
    refs          TEXT,
    has_attachments INTEGER NOT NULL DEFAULT 0,
    snippet       TEXT NOT NULL DEFAULT '',
    mime          TEXT NOT NULL,
    indexed       INTEGER NOT NULL DEFAULT 1
  ) STRICT;
  INSERT INTO contents_new (id, sha256, size, refcount, header_date, subject, from_text, to_text,
      cc_text, bcc_text, message_id, in_reply_to, refs, has_attachments, snippet, mime, indexed)
    SELECT id, sha256, size, refcount, header_date, subject, from_text, to_text,
      cc_text, bcc_text, message_id, in_reply_to, refs, has_attachments, snippet, mime, indexed
    FROM contents;
  DROP TABLE contents;
  ALTER TABLE contents_new RENAME TO contents;
  CREATE INDEX contents_unindexed ON contents(indexed) WHERE indexed = 0;
  `,
  },
  // 10: the highest UIDVALIDITY ever given, kept apart from the folders. RFC 3501 2.3.1.1: a
  // folder deleted and created again must get a greater one; taken from the folders that
  // remain, it was the same when the deleted folder held the highest and both fell in one second.
  {
    version: 10,
    sql: `
  CREATE TABLE store_sequences (
    name          TEXT PRIMARY KEY,                -- 'uid_validity'
    value         INTEGER NOT NULL
  ) STRICT;
  INSERT INTO store_sequences (name, value)
    SELECT 'uid_validity', coalesce(max(uid_validity), 0) FROM mailboxes;
  `,
  },
  // 11: subscriptions are names, not a property of a folder (RFC 3501 6.3.6, 6.3.9): DELETE
  // leaves a subscription (the server « MUST NOT unilaterally remove » it; RFC 5258 lists it as
  // \NonExistent), and CREATE no longer subscribes.
  {
    version: 11,
    sql: `
  CREATE TABLE subscriptions (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,                   -- full folder name, as mailboxes.name
    PRIMARY KEY (account_id, name)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO subscriptions (account_id, name) SELECT account_id, name FROM mailboxes WHERE subscribed = 1;
  ALTER TABLE mailboxes DROP COLUMN subscribed;
  `,
  },
  // 12: the zone an APPEND gave with its date-time, so INTERNALDATE is shown as given and SEARCH
  // BEFORE/ON/SINCE take the calendar day in that zone (RFC 3501 2.3.3, 6.4.4). NULL: none was
  // given (delivery, APPEND without a date): the server's zone at that instant.
  {
    version: 12,
    sql: `
  ALTER TABLE messages ADD COLUMN internal_zone INTEGER;   -- minutes east of UTC
  `,
  },
  // 13: substring search for every text SEARCH key. RFC 3501 6.4.4 BODY and TEXT match
  // « contains the specified string », and TEXT covers every header field: the word index
  // (content_fts) found neither part of a word (« sdfghjk » in « asdfghjkl ») nor X-Header
  // values. Each content's folded text is kept (content_text) and checked with instr(); a
  // trigram index without positions (content_search, detail=column) narrows a folder to the
  // contents that hold every trigram of the needle first, and a word index of the same text
  // (content_words) proves a needle that begins a word without reading the text
  // (src/store/search-index.ts). The old two indexes go; every content is indexed again at
  // the next start, as after a crash.
  {
    version: 13,
    sql: `
  DROP TABLE content_fts;
  DROP TABLE content_tri;
  CREATE TABLE content_text (
    content_id    INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    subject       TEXT NOT NULL,                   -- every column folded: lower case, no accents
    from_text     TEXT NOT NULL,
    to_text       TEXT NOT NULL,
    cc_text       TEXT NOT NULL,
    bcc_text      TEXT NOT NULL,
    headers       TEXT NOT NULL,                   -- the whole decoded header
    body          TEXT NOT NULL                    -- body text and attachment names
  ) STRICT;
  CREATE VIRTUAL TABLE content_search USING fts5(
    subject, from_text, to_text, cc_text, bcc_text, headers, body,
    content='', contentless_delete=1, detail=column, tokenize='trigram remove_diacritics 1'
  );
  CREATE VIRTUAL TABLE content_words USING fts5(
    subject, from_text, to_text, cc_text, bcc_text, headers, body,
    content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 0'
  );
  UPDATE contents SET indexed = 0;
  `,
  },
  // 18: institutional mail (issue 20). quota_free: an election notice, delivered whatever the
  // quota and not counted in it (its size stays the message's, for IMAP). personal: the
  // recipient's own token in a content shared by every recipient (a union message's
  // unsubscribe link): a copy of the content's PERSONAL_SLOT, of the same length, put in
  // place when the message is read, so that one content still serves 100,000 mailboxes.
  {
    version: 18,
    sql: `
  ALTER TABLE messages ADD COLUMN quota_free INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN personal TEXT;
  `,
  },
];
