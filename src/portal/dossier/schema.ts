/**
 * The dossier's, CV's and perspectives' tables (issue 22, step 20): each agent's
 * administrative situation with its affectations and congés (kept by the gestionnaire), the
 * versions of their CV (written by the agent), and the promotion campaigns the administration
 * announces.
 */
import type { Migration } from '../../db/migrations.js';

export const DOSSIER_SCHEMA: readonly Migration[] = [
  {
    version: 20,
    sql: `
  -- « Votre dossier »: the situation (corps, grade, échelon and the day it was reached,
  -- position), one row per account. Dates are civil days (AAAA-MM-JJ): an échelon is reached
  -- on a day, not at an instant. updated_by: the login of the gestionnaire or admin, or the
  -- CLI's actor for an import.
  CREATE TABLE portal_dossiers (
    account_id      INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    corps           TEXT NOT NULL,
    grade           TEXT NOT NULL,
    echelon         INTEGER NOT NULL CHECK (echelon >= 1),
    echelon_date    TEXT NOT NULL,
    position        TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NOT NULL
  ) STRICT;

  -- The affectation history: to_date NULL for the current one.
  CREATE TABLE portal_dossier_affectations (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES portal_dossiers(account_id) ON DELETE CASCADE,
    from_date       TEXT NOT NULL,
    to_date         TEXT,
    uai             TEXT NOT NULL DEFAULT '',
    label           TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE INDEX portal_dossier_affectations_by_account ON portal_dossier_affectations(account_id, from_date);

  -- Congés (maladie, maternité, formation…): to_date NULL while it lasts.
  CREATE TABLE portal_dossier_conges (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES portal_dossiers(account_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    from_date       TEXT NOT NULL,
    to_date         TEXT
  ) STRICT;
  CREATE INDEX portal_dossier_conges_by_account ON portal_dossier_conges(account_id, from_date);

  -- « Votre CV »: every save is a new version, never overwritten, so the history stays
  -- readable and a save made from a stale page is detected (the version it was based on).
  -- content: JSON object of the sections, each a list of entries.
  CREATE TABLE portal_cv_versions (
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL CHECK (version >= 1),
    saved_at        INTEGER NOT NULL,
    content         TEXT NOT NULL,
    PRIMARY KEY (account_id, version)
  ) STRICT;

  -- « Vos perspectives »: the promotion campaigns (hors-classe, liste d'aptitude…), for one
  -- corps or for all (corps = ''), open from opens to closes, both days included.
  CREATE TABLE portal_campaigns (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    corps           TEXT NOT NULL DEFAULT '',
    opens           TEXT NOT NULL,
    closes          TEXT NOT NULL,
    url             TEXT NOT NULL DEFAULT '',
    CHECK (opens <= closes)
  ) STRICT;
  CREATE INDEX portal_campaigns_by_dates ON portal_campaigns(closes, opens);
`,
  },
];
