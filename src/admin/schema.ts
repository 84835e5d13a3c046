/**
 * The admins' audit log (issue 21): every action an administrator takes on an account or a
 * quota, from the console or the CLI. Each step runs once, in version order with the other
 * modules' steps (src/schema.ts).
 */
import type { Migration } from '../db/migrations.js';

export const ADMIN_SCHEMA: readonly Migration[] = [
  {
    version: 19,
    sql: `
  -- Who did what to whom, when and why. The names are copied, not referenced: the entry must
  -- outlive a deleted account (kept 12 months, src/admin/audit-log.ts).
  CREATE TABLE admin_audit (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,              -- ms since the epoch
    actor           TEXT NOT NULL,                 -- the admin's login, or 'cli:<system user>'
    action          TEXT NOT NULL,                 -- 'quota.set', 'account.disable'…
    target          TEXT,                          -- the account's login (or what the action was on)
    reason          TEXT NOT NULL DEFAULT '',
    details         TEXT NOT NULL DEFAULT '{}'     -- JSON of small facts (a limit, a drift): never content or secrets
  ) STRICT;
  CREATE INDEX admin_audit_by_time ON admin_audit(at);
  CREATE INDEX admin_audit_by_target ON admin_audit(target, at);

  -- An agent leaving the académie (CNIL practice, domain.md §6.4): sign-in blocked at once, an
  -- automatic reply until reply_until, then the mailbox deleted.
  CREATE TABLE admin_departures (
    account_id      INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    departed_at     INTEGER NOT NULL,
    reply_until     INTEGER NOT NULL,              -- ms; the mailbox is deleted after this
    successor       TEXT                           -- whom senders should write to instead
  ) STRICT;
`,
  },
];
