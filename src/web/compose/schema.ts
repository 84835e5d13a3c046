/**
 * The webmail's compose preferences (signature-store.ts).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../../db/migrations.js';

export const WEB_COMPOSE_SCHEMA: readonly Migration[] = [
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
