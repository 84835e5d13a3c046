/**
 * The annuaire's tables: its search index over the accounts, kept by triggers.
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
];
