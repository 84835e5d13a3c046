/**
 * The webmail's reading preferences (trusted-senders.ts).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../../db/migrations.js';

export const WEB_PREFS_SCHEMA: readonly Migration[] = [
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
];
