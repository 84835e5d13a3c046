/**
 * The delivery log's table: every message an SMTP client could not hand over to a local
 * mailbox (unknown, disabled, full), kept REFUSAL_RETENTION_DAYS for the admins' console and
 * `webmel quota refusals`; and the automatic replies sent, one per sender and period. Each step runs once, in version order with the other modules' steps.
 */
import type { Migration } from '../db/migrations.js';

export const DELIVERY_SCHEMA: readonly Migration[] = [
  {
    version: 19,
    sql: `
  CREATE TABLE delivery_refusals (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,              -- ms since the epoch
    recipient       TEXT NOT NULL,                 -- as the client gave it, lower case
    account_id      INTEGER REFERENCES accounts(id) ON DELETE SET NULL, -- the local account, when there is one
    sender          TEXT NOT NULL,                 -- MAIL FROM ('' for the null sender)
    size            INTEGER NOT NULL,              -- the message's size, or SIZE= at RCPT (0 when unknown)
    code            TEXT NOT NULL,                 -- the reply: '452 4.2.2'
    reason          TEXT NOT NULL CHECK (reason IN ('full','unknown','disabled','relay'))
  ) STRICT;
  CREATE INDEX delivery_refusals_by_time ON delivery_refusals(at);
  CREATE INDEX delivery_refusals_by_account ON delivery_refusals(account_id, at) WHERE account_id IS NOT NULL;

  -- Automatic replies sent (RFC 3834 2: at most one to a sender in AUTO_REPLY_INTERVAL).
  CREATE TABLE delivery_auto_replies (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    sender          TEXT NOT NULL,                 -- lower case
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (account_id, sender)
  ) STRICT, WITHOUT ROWID;
`,
  },
];
