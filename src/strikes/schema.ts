/**
 * The strike declarations' tables: the préavis admins register, and the declarations
 * (intentions before a strike day, participation after it). Each step runs once, in version
 * order with the other modules' steps (src/schema.ts).
 */
import type { Migration } from '../db/migrations.js';

export const STRIKES_SCHEMA: readonly Migration[] = [
  {
    version: 17,
    sql: `
  -- A union's préavis de grève: the days it covers, both ends included.
  CREATE TABLE strikes_preavis (
    id          INTEGER PRIMARY KEY,
    union_name  TEXT NOT NULL,
    from_date   TEXT NOT NULL,                    -- YYYY-MM-DD
    to_date     TEXT NOT NULL CHECK (to_date >= from_date),
    reference   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX strikes_preavis_by_end ON strikes_preavis(to_date);

  -- One declaration for one day: professional secrecy (code de l'éducation L133-5), read only
  -- by the IEN of its circonscription and admins. The école and names are those of the day it
  -- was made; the row is deleted WEBMEL_STRIKE_RETENTION_DAYS after the strike day.
  CREATE TABLE strikes_declarations (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('intention', 'participation')),
    day             TEXT NOT NULL,                -- the strike day, YYYY-MM-DD
    nom             TEXT NOT NULL,
    prenom          TEXT NOT NULL,
    uai             TEXT NOT NULL,                -- the école
    circonscription TEXT,                         -- its circonscription's UAI
    received_at     INTEGER NOT NULL,             -- ms since the epoch
    withdrawn_at    INTEGER
  ) STRICT;
  -- At most one standing declaration of each kind per person and day (two tabs, a double click).
  CREATE UNIQUE INDEX strikes_declarations_one_a_day ON strikes_declarations(account_id, kind, day) WHERE withdrawn_at IS NULL;
  CREATE INDEX strikes_declarations_by_day ON strikes_declarations(day, circonscription);
`,
  },
];
