/**
 * The annuaire's tables: the référentiel's structures and people, their affectations, and the
 * two search indexes the directory keeps in step itself (step 15; steps 5 to 14 indexed the
 * accounts through triggers).
 *
 * Each step runs once, in version order with the other modules' steps (src/schema.ts lists
 * them all), and is never edited once released: a change is a new step.
 */
import type { Migration } from '../db/migrations.js';

export const DIRECTORY_SCHEMA: readonly Migration[] = [
  // 5: the annuaire's search index.
  {
    version: 5,
    sql: `
  -- The annuaire (src/directory): accent- and case-folded prefix search over what colleagues
  -- may see of an account. External content: the text lives in accounts, the triggers keep the
  -- index in step with every insert, update and delete, whoever makes it.
  CREATE VIRTUAL TABLE directory_fts USING fts5(
    prenom, nom, address, fonction, uai, circonscription,
    content='accounts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  INSERT INTO directory_fts(directory_fts) VALUES ('rebuild');
  CREATE TRIGGER accounts_directory_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO directory_fts(rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES (new.id, new.prenom, new.nom, new.address, new.fonction, new.uai, new.circonscription);
  END;
  CREATE TRIGGER accounts_directory_delete AFTER DELETE ON accounts BEGIN
    INSERT INTO directory_fts(directory_fts, rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES ('delete', old.id, old.prenom, old.nom, old.address, old.fonction, old.uai, old.circonscription);
  END;
  CREATE TRIGGER accounts_directory_update AFTER UPDATE OF prenom, nom, address, fonction, uai, circonscription ON accounts BEGIN
    INSERT INTO directory_fts(directory_fts, rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES ('delete', old.id, old.prenom, old.nom, old.address, old.fonction, old.uai, old.circonscription);
    INSERT INTO directory_fts(rowid, prenom, nom, address, fonction, uai, circonscription)
    VALUES (new.id, new.prenom, new.nom, new.address, new.fonction, new.uai, new.circonscription);
  END;

`,
  },
  // 15: the référentiel. The account triggers go: accounts reach the directory through
  // Directory.recordAccount, called by the account store in the same transaction, and the
  // directory writes its own indexes. Existing accounts are listed again at startup
  // (Directory.listAccounts), which needs no SQL on accounts here.
  {
    version: 15,
    sql: `
  DROP TRIGGER IF EXISTS accounts_directory_insert;
  DROP TRIGGER IF EXISTS accounts_directory_delete;
  DROP TRIGGER IF EXISTS accounts_directory_update;
  DROP TABLE IF EXISTS directory_fts;

  -- Schools, établissements, circonscriptions and services, by UAI.
  CREATE TABLE directory_structures (
    id              INTEGER PRIMARY KEY,
    uai             TEXT NOT NULL UNIQUE,          -- upper case, check letter verified
    type            TEXT NOT NULL,                 -- a key of STRUCTURE_TYPES
    nom             TEXT NOT NULL,
    commune         TEXT NOT NULL DEFAULT '',
    code_postal     TEXT NOT NULL DEFAULT '',
    departement     TEXT NOT NULL,                 -- the UAI's first 3 digits
    degre           TEXT CHECK (degre IN ('1d','2d')),
    secteur         TEXT NOT NULL DEFAULT 'public' CHECK (secteur IN ('public','prive')),
    circonscription TEXT,                          -- an école's circonscription (a structure's UAI)
    zone            TEXT CHECK (zone IN ('A','B','C')),
    semaine         TEXT CHECK (semaine IN ('4j','4.5j')),
    address         TEXT NOT NULL UNIQUE,          -- ce.<uai>@<domain>, its functional address
    sort_key        TEXT NOT NULL                  -- folded name, for alphabetical lists
  ) STRICT;
  CREATE INDEX directory_structures_by_circonscription ON directory_structures(circonscription, sort_key);
  CREATE INDEX directory_structures_by_sort ON directory_structures(sort_key);

  -- Every person of the académie, whether or not they have a mailbox here. Never a NUMEN, a
  -- birth date or any personal data (shared/domain.md §3.8).
  CREATE TABLE directory_people (
    id              INTEGER PRIMARY KEY,
    address         TEXT NOT NULL UNIQUE,          -- lower case
    nom             TEXT NOT NULL,
    prenom          TEXT NOT NULL,
    fonction        TEXT NOT NULL DEFAULT '',
    corps           TEXT NOT NULL DEFAULT '',
    discipline      TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT 'enseignant', -- enseignant, directeur, ien, gestionnaire, admin, syndicat, or free text
    gestionnaire    TEXT,                          -- the address of this person's gestionnaire
    imported        INTEGER NOT NULL DEFAULT 0,    -- 1: listed by a référentiel import (--prune may remove it)
    mailbox         TEXT CHECK (mailbox IN ('active','disabled')), -- the local account at this address, if any
    sort_key        TEXT NOT NULL                  -- folded « nom prénom », for alphabetical lists
  ) STRICT;
  CREATE INDEX directory_people_by_sort ON directory_people(sort_key);
  CREATE INDEX directory_people_by_gestionnaire ON directory_people(gestionnaire);

  -- Where a person works: one or more structures, the first (position 0) the main one. A UAI
  -- the directory does not list yet (an account's) is kept and joins later.
  CREATE TABLE directory_affectations (
    person_id       INTEGER NOT NULL REFERENCES directory_people(id) ON DELETE CASCADE,
    uai             TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (person_id, uai)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX directory_affectations_by_uai ON directory_affectations(uai, person_id);

  -- The search indexes: contentless (the text is in the tables above), rowid = the row's id,
  -- written only by src/directory/directory-writer.ts. Prefix indexes make 1- to 3-letter
  -- prefixes one lookup instead of a merge of every word they begin.
  CREATE VIRTUAL TABLE directory_people_search USING fts5(
    nom, prenom, address, work, place,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
  );
  CREATE VIRTUAL TABLE directory_structures_search USING fts5(
    nom, commune, uai, extra,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
  );
`,
  },
  // 16: no index on a person's gestionnaire: nothing looks people up by it yet, and it cost
  // an import of the académie a b-tree write per person. The console that lists a
  // gestionnaire's people (issue 21) adds the index it needs.
  {
    version: 16,
    sql: `DROP INDEX IF EXISTS directory_people_by_gestionnaire;`,
  },
  // 17: a director's full teaching discharge (the people file's optional « decharge » column),
  // which the strike declarations' 25 % threshold leaves out of an école's headcount.
  {
    version: 17,
    sql: `ALTER TABLE directory_people ADD COLUMN decharge_totale INTEGER NOT NULL DEFAULT 0 CHECK (decharge_totale IN (0, 1));`,
  },
  // 20: I-Prof (issue 22) lists a gestionnaire's agents (their courrier, their dossiers): the
  // index step 16 left out until something looked people up by their gestionnaire. Partial:
  // people without a gestionnaire cost no write.
  {
    version: 20,
    sql: `CREATE INDEX directory_people_by_gestionnaire ON directory_people(gestionnaire, nom, prenom) WHERE gestionnaire IS NOT NULL;`,
  },
];
