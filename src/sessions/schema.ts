/**
 * The webmail's sessions (session-store.ts).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';

export const SESSIONS_SCHEMA: readonly Migration[] = [
  // 2: webmail sessions: server-side, revocable, they survive a restart.
  {
    version: 2,
    sql: `
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

`,
  },
  // 18: the « élections professionnelles » banner hidden by « Masquer », for this session only:
  // a new sign-in is a new row, so it shows the banner again.
  {
    version: 18,
    sql: `
  ALTER TABLE web_sessions ADD COLUMN election_banner_hidden_at INTEGER;   -- ms; NULL = shown
`,
  },
];
