/**
 * Institutional mail's tables (issue 20): the publications (a bulletin, an election notice, a
 * union message) and, per recipient, what became of it; the union messages each agent got this
 * month (the cap of 5) and the agents who refused a union's mail. The message itself is one
 * content of the store, held by the publication for the « Bulletins » page.
 */
import type { Migration } from '../db/migrations.js';

export const BULLETINS_SCHEMA: readonly Migration[] = [
  {
    version: 18,
    sql: `
  CREATE TABLE bulletins_publications (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('bulletin','election','union')),
    author_id       INTEGER REFERENCES accounts(id) ON DELETE SET NULL, -- the admin, or the union's account
    union_name      TEXT,                          -- a union message: the union's name, as in the subject
    from_header     TEXT NOT NULL,                 -- « Name <address> », as the recipients see it
    subject         TEXT NOT NULL,
    audience        TEXT NOT NULL,                 -- as parsed (src/directory/audience.ts)
    content_id      INTEGER NOT NULL REFERENCES contents(id), -- held: one store reference
    month           TEXT NOT NULL,                 -- YYYY-MM (Europe/Paris) it was created in: the union cap's month
    status          TEXT NOT NULL CHECK (status IN ('pending','delivering','done')),
    recipients      INTEGER NOT NULL DEFAULT 0,
    delivered       INTEGER NOT NULL DEFAULT 0,
    skipped_full    INTEGER NOT NULL DEFAULT 0,
    skipped_cap     INTEGER NOT NULL DEFAULT 0,
    skipped_unsubscribed INTEGER NOT NULL DEFAULT 0,
    lease_owner     TEXT,                          -- who delivers it now (a process's random id)
    lease_until     INTEGER,                       -- ms: past this, another process takes it over
    created_at      INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER
  ) STRICT;
  CREATE INDEX bulletins_publications_waiting ON bulletins_publications(status) WHERE status <> 'done';

  -- One row per recipient, written in the transaction that delivers to it: a publication
  -- resumed after a crash skips those who have one (exactly once), and « Bulletins » lists them.
  CREATE TABLE bulletins_deliveries (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    publication_id  INTEGER NOT NULL,              -- publications are never deleted
    outcome         INTEGER NOT NULL,              -- 0 delivered, 1 mailbox full, 2 union cap, 3 unsubscribed
    PRIMARY KEY (account_id, publication_id)
  ) STRICT, WITHOUT ROWID;

  -- Union messages each agent received, per union and calendar month (at most 5).
  CREATE TABLE bulletins_union_counts (
    union_id        INTEGER NOT NULL,              -- the union's account id
    month           TEXT NOT NULL,
    account_id      INTEGER NOT NULL,
    received        INTEGER NOT NULL,
    PRIMARY KEY (union_id, month, account_id)
  ) STRICT, WITHOUT ROWID;

  -- An agent who refused a union's mail, until the next professional elections.
  CREATE TABLE bulletins_unsubscriptions (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    union_id        INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    until           INTEGER NOT NULL,              -- ms
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (account_id, union_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX bulletins_unsubscriptions_by_union ON bulletins_unsubscriptions(union_id);

  -- The unsubscribe links' key, the date admins set for unsubscriptions, the runner's heartbeat.
  CREATE TABLE bulletins_settings (
    name            TEXT PRIMARY KEY,
    value           TEXT NOT NULL
  ) STRICT;
`,
  },
];
