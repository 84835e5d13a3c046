/**
 * The portal's own tables (issue 22, step 20): each agent's optional personal address, the
 * applications « Les services » links to, and the guides the administration writes.
 */
import type { Migration } from '../db/migrations.js';

export const PORTAL_PAGES_SCHEMA: readonly Migration[] = [
  {
    version: 20,
    sql: `
  -- « Pour recevoir des informations, saisissez votre mél personnel » (the seed's home page):
  -- where I-Prof also tells the agent that courrier is waiting. Optional; never shown to others.
  CREATE TABLE portal_personal_addresses (
    account_id      INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    address         TEXT NOT NULL,
    updated_at      INTEGER NOT NULL
  ) STRICT;

  -- « Les services »: the applications I-Prof opens (SIAM, SIAP, SIAC…). sso = 1: the
  -- application accepts our session through a one-time ticket it checks with us (CAS-style),
  -- so the agent does not sign in again.
  CREATE TABLE portal_apps (
    code            TEXT PRIMARY KEY,              -- 'SIAM'
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL,
    sso             INTEGER NOT NULL DEFAULT 0 CHECK (sso IN (0, 1)),
    position        INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  -- The one-time tickets of those openings: an application exchanges one, once, within a
  -- minute, for the agent's login (portal-apps.ts). Only the hash is kept.
  CREATE TABLE portal_app_tickets (
    ticket_hash     TEXT PRIMARY KEY,
    app_code        TEXT NOT NULL REFERENCES portal_apps(code) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at      INTEGER NOT NULL
  ) STRICT;

  -- « Les guides »: pages the administration writes in Markdown, listed by theme.
  CREATE TABLE portal_guides (
    slug            TEXT PRIMARY KEY,              -- in the URL: /iprof/guides/<slug>
    theme           TEXT NOT NULL,
    title           TEXT NOT NULL,
    markdown        TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL
  ) STRICT;
  CREATE INDEX portal_guides_by_theme ON portal_guides(theme, title);
`,
  },
];
