/**
 * The outbound queue's tables: mail waiting to leave the académie, one row per recipient.
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';

export const OUTBOUND_SCHEMA: readonly Migration[] = [
  // 1: the outbound queue.
  {
    version: 1,
    sql: `
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
  },
  // 3: the outbound queue finds a message's recipients (cancel, clean-up, ON DELETE CASCADE)
  // by index instead of scanning every recipient row.
  {
    version: 3,
    sql: `
  CREATE INDEX outbound_recipients_by_message ON outbound_recipients(message_id, status);
  `,
  },
];
