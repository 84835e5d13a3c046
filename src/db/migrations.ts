/**
 * Numbered schema migrations, applied in order and recorded in `PRAGMA user_version`.
 * A migration is never edited once released: add a new one.
 *
 * Tables by owner:
 * - accounts, auth_attempts, auth_known_clients, auth_alerts (src/accounts): identity,
 *   credentials, quota override; sign-in attempts, the clients each account signed in from, and
 *   when its owner was told of a spread attack (they replace migration 8's auth_failures).
 * - mailboxes, mailbox_counts, messages, contents, content_raw, content_text, content_search,
 *   content_words, content_imap, quota_usage, store_sequences, subscriptions (src/store): the mail store
 *   (content_fts and content_tri until migration 13).
 * - outbound_messages, outbound_recipients (src/outbound): mail waiting to leave the académie.
 * - web_sessions, web_trusted_senders (src/web): webmail sessions and reading preferences.
 * - directory_fts (src/directory): the annuaire's search index over accounts (triggers keep it).
 * - web_compose_prefs (src/web/compose): the signature.
 */
import { FLAG_DELETED, FLAG_SEEN } from '../store/flags.js';

export const MIGRATIONS: readonly string[] = [
  // 1: accounts and the mail store.
  `
  CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,          -- folded: lowercase, no accents
    address         TEXT NOT NULL UNIQUE,          -- lowercase prenom.nom@domain
    prenom          TEXT NOT NULL,
    nom             TEXT NOT NULL,                 -- birth (patronymic) name
    birth_date      TEXT,                          -- YYYY-MM-DD, used with the NUMEN to reset
    role            TEXT NOT NULL DEFAULT 'enseignant'
                    CHECK (role IN ('enseignant','directeur','ien','gestionnaire','admin')),
    degree          TEXT CHECK (degree IN ('1d','2d')),
    sector          TEXT NOT NULL DEFAULT 'public' CHECK (sector IN ('public','prive')),
    fonction        TEXT,                          -- e.g. « professeure des écoles »
    uai             TEXT,                          -- school (affectation)
    circonscription TEXT,
    numen_hash      TEXT NOT NULL,                 -- scrypt; the NUMEN itself is never stored
    password_hash   TEXT NOT NULL,
    password_is_numen INTEGER NOT NULL DEFAULT 1,  -- 1 until the user chooses a password
    quota_bytes     INTEGER,                       -- per-account override of the default
    created_at      TEXT NOT NULL,
    disabled_at     TEXT
  ) STRICT;

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

  -- Mail accepted for another domain (and DSNs to outside senders), kept until delivered or
  -- given up, one row per recipient so each is retried and reported on its own.
  CREATE TABLE outbound_messages (
    id          INTEGER PRIMARY KEY,
    sender      TEXT NOT NULL,                     -- '' is the null sender of a DSN (never bounced)
    raw         BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    send_after  INTEGER NOT NULL                   -- « envoyer plus tard », undo window
  ) STRICT;
  CREATE TABLE outbound_recipients (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES outbound_messages(id) ON DELETE CASCADE,
    address         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    delay_warned    INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX outbound_due ON outbound_recipients(status, next_attempt_at);
  `,
  // 2: webmail sessions (server-side, revocable, survive a restart) and reading preferences.
  `
  CREATE TABLE web_sessions (
    id            INTEGER PRIMARY KEY,             -- shown in « sessions actives », never a credential
    token_hash    BLOB NOT NULL UNIQUE,            -- sha256 of the cookie value; the value itself is not stored
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,                   -- synchronizer token for state-changing requests
    created_at    INTEGER NOT NULL,                -- ms since epoch
    last_seen_at  INTEGER NOT NULL,                -- ms; idle timeout counts from here
    user_agent    TEXT NOT NULL DEFAULT '',
    ip            TEXT NOT NULL DEFAULT '',
    flash         TEXT                             -- one-shot notice shown by the next page
  ) STRICT;
  CREATE INDEX web_sessions_by_account ON web_sessions(account_id);
  CREATE INDEX web_sessions_by_last_seen ON web_sessions(last_seen_at);

  -- « Toujours afficher les images de cet expéditeur ».
  CREATE TABLE web_trusted_senders (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    address       TEXT NOT NULL,                   -- lowercase sender address
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (account_id, address)
  ) STRICT;
  `,
  // 3: the outbound queue finds a message's recipients (cancel, clean-up, ON DELETE CASCADE)
  // by index instead of scanning every recipient row.
  `
  CREATE INDEX outbound_recipients_by_message ON outbound_recipients(message_id, status);
  `,
  // 4: IMAP's ENVELOPE and BODYSTRUCTURE of each content as sent on the wire, formatted once from
  // the MIME tree (src/imap/content-cache.ts) so that FETCH never parses a tree again, even after
  // a restart. A cache: a missing row is recomputed; a row is never stale (contents are
  // immutable) and leaves with its content.
  `
  CREATE TABLE content_imap (
    content_id    INTEGER PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    envelope      TEXT NOT NULL,                   -- byte string: one character per byte
    bodystructure TEXT NOT NULL
  ) STRICT;
  `,
  // 5: the directory's search index and the webmail's compose preferences (signature).
  `
  -- The annuaire (src/directory): accent- and case-folded prefix search over what colleagues
  -- may see of an account. External content: the text lives in accounts, the triggers keep the
  -- index in step with every insert, update and delete, whoever makes it.
  CREATE VIRTUAL TABLE directory_fts USING fts5(
    prenom, nom, address, fonction, uai, circonscription,
    content='accounts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  INSERT INTO directory_fts(directory_fts) VALUES ('rebuild');
  CREATE TRIGGER accounts_directory_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO directory_fts(rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES (new.id, new.prenom, new.nom, new.address, new.fonction, new.uai, new.circonscription);
  END;
  CREATE TRIGGER accounts_directory_delete AFTER DELETE ON accounts BEGIN
    INSERT INTO directory_fts(directory_fts, rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES ('delete', old.id, old.prenom, old.nom, old.address, old.fonction, old.uai, old.circonscription);
  END;
  CREATE TRIGGER accounts_directory_update AFTER UPDATE OF prenom, nom, address, fonction, uai, circonscription ON accounts BEGIN
    INSERT INTO directory_fts(directory_fts, rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES ('delete', old.id, old.prenom, old.nom, old.address, old.fonction, old.uai, old.circonscription);
    INSERT INTO directory_fts(rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES (new.id, new.prenom, new.nom, new.address, new.fonction, new.uai, new.circonscription);
  END;

  -- Compose preferences (src/web/compose): the signature added below new messages.
  CREATE TABLE web_compose_prefs (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    signature     TEXT NOT NULL DEFAULT '',        -- plain text, without the « -- » separator
    updated_at    INTEGER NOT NULL                 -- ms since epoch
  ) STRICT;
  `,
  // 6: search indexing is deferred and batched (one FTS5 segment per batch instead of per
  // delivery); a content not yet in content_fts/content_tri has indexed = 0 and is indexed
  // before any search, or at the next start after a crash.
  `
  ALTER TABLE contents ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX contents_unindexed ON contents(indexed) WHERE indexed = 0;
  `,
  // 7: each folder's counts (messages, unread, \Deleted, octets) kept up to date by triggers,
  // so STATUS and LIST-STATUS, which clients and the webmail send for every folder on every
  // refresh, read one row instead of scanning a 10,000-message folder. Triggers, not code in
  // the store, so no write path (a future one, or another process) can forget them.
  // Bits: \Seen = ${FLAG_SEEN}, \Deleted = ${FLAG_DELETED} (src/store/flags.ts).
  `
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
  // 8: sign-in failures (src/accounts/failure-limiter.ts), shared by the web, IMAP and SMTP
  // AUTH whatever thread or process checks them.
  `
  CREATE TABLE auth_failures (
    key           TEXT NOT NULL,                   -- 'account:<login>' or 'ip:<address>'
    at            INTEGER NOT NULL                 -- ms since epoch
  ) STRICT;
  CREATE INDEX auth_failures_by_key ON auth_failures(key, at);
  CREATE INDEX auth_failures_by_age ON auth_failures(at);
  `,
  // 9: content ids are never given again. Without AUTOINCREMENT, SQLite gives a deleted row's
  // id to the next insert (https://sqlite.org/autoinc.html), and whatever was derived from the
  // deleted content and kept by id (the IMAP server's formats and digests) was then shown for
  // the new one: another account's subject and sender. SQLite cannot add AUTOINCREMENT to a
  // table, so it is built anew (https://sqlite.org/lang_altertable.html#otheralter; the runner
  // turns foreign keys off around migrations and checks them after), rows and ids kept.
  `
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
  // 10: the highest UIDVALIDITY ever given, kept apart from the folders. RFC 3501 2.3.1.1: a
  // folder deleted and created again must get a greater one; taken from the folders that
  // remain, it was the same when the deleted folder held the highest and both fell in one second.
  `
  CREATE TABLE store_sequences (
    name          TEXT PRIMARY KEY,                -- 'uid_validity'
    value         INTEGER NOT NULL
  ) STRICT;
  INSERT INTO store_sequences (name, value)
    SELECT 'uid_validity', coalesce(max(uid_validity), 0) FROM mailboxes;
  `,
  // 11: subscriptions are names, not a property of a folder (RFC 3501 6.3.6, 6.3.9): DELETE
  // leaves a subscription (the server « MUST NOT unilaterally remove » it; RFC 5258 lists it as
  // \NonExistent), and CREATE no longer subscribes.
  `
  CREATE TABLE subscriptions (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,                   -- full folder name, as mailboxes.name
    PRIMARY KEY (account_id, name)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO subscriptions (account_id, name) SELECT account_id, name FROM mailboxes WHERE subscribed = 1;
  ALTER TABLE mailboxes DROP COLUMN subscribed;
  `,
  // 12: the zone an APPEND gave with its date-time, so INTERNALDATE is shown as given and SEARCH
  // BEFORE/ON/SINCE take the calendar day in that zone (RFC 3501 2.3.3, 6.4.4). NULL: none was
  // given (delivery, APPEND without a date): the server's zone at that instant.
  `
  ALTER TABLE messages ADD COLUMN internal_zone INTEGER;   -- minutes east of UTC
  `,
  // 13: substring search for every text SEARCH key. RFC 3501 6.4.4 BODY and TEXT match
  // « contains the specified string », and TEXT covers every header field: the word index
  // (content_fts) found neither part of a word (« sdfghjk » in « asdfghjkl ») nor X-Header
  // values. Each content's folded text is kept (content_text) and checked with instr(); a
  // trigram index without positions (content_search, detail=column) narrows a folder to the
  // contents that hold every trigram of the needle first, and a word index of the same text
  // (content_words) proves a needle that begins a word without reading the text
  // (src/store/search-index.ts). The old two indexes go; every content is indexed again at
  // the next start, as after a crash.
  `
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
  // 14: sign-in attempts reserved before the password is checked, per account and address pair
  // (src/accounts/failure-limiter.ts), the clients each account signed in from
  // (known-clients.ts) and the « Tentatives de connexion » notices (sign-in-alerts.ts). They
  // replace auth_failures, whose per-account count let anyone lock an account out; its rows
  // are 15-minute counts, nothing worth carrying over.
  `
  DROP TABLE IF EXISTS auth_failures;
  CREATE TABLE auth_attempts (
    id            INTEGER PRIMARY KEY,
    account       TEXT NOT NULL,                   -- the account's login, or 'unknown:<sha256>' of a login nobody has
    ip            TEXT NOT NULL,                   -- the client's address
    at            INTEGER NOT NULL,                -- ms since epoch
    checked       INTEGER NOT NULL                 -- 1: its password was checked (a guess); 0: the limits refused it first
  ) STRICT;
  CREATE INDEX auth_attempts_by_pair ON auth_attempts(account, ip, at);
  CREATE INDEX auth_attempts_by_ip ON auth_attempts(ip, at);
  CREATE INDEX auth_attempts_by_account ON auth_attempts(account, checked, at);
  CREATE INDEX auth_attempts_by_age ON auth_attempts(at);

  CREATE TABLE auth_known_clients (
    kind          TEXT NOT NULL CHECK (kind IN ('address','browser')),
    value         TEXT NOT NULL,                   -- the client's address, or the sha256 (hex) of its device cookie
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    last_seen_at  INTEGER NOT NULL,                -- ms of the last successful sign-in
    PRIMARY KEY (kind, value, account_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX auth_known_clients_by_account ON auth_known_clients(account_id);
  CREATE INDEX auth_known_clients_by_age ON auth_known_clients(kind, last_seen_at);

  CREATE TABLE auth_alerts (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    notified_at   INTEGER NOT NULL                 -- ms; the owner is told again only 24 hours later
  ) STRICT;
  `,
];
