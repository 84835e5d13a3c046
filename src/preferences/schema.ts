/**
 * The preferences' tables: senders whose images are always shown (trusted-senders.ts) and the
 * signature (signature-store.ts).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';

export const PREFERENCES_SCHEMA: readonly Migration[] = [
  // 2: reading preferences.
  {
    version: 2,
    sql: `
  -- « Toujours afficher les images de cet expéditeur ».
  CREATE TABLE web_trusted_senders (
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    address       TEXT NOT NULL,                   -- lowercase sender address
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (account_id, address)
  ) STRICT;
  `,
  },
  // 5: compose preferences.
  {
    version: 5,
    sql: `
  -- Compose preferences (src/web/compose): the signature added below new messages.
  CREATE TABLE web_compose_prefs (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    signature     TEXT NOT NULL DEFAULT '',        -- plain text, without the « -- » separator
    updated_at    INTEGER NOT NULL                 -- ms since epoch
  ) STRICT;
  `,
  },
];
