/**
 * Accounts from a file (`webmel user import FICHIER.csv` and the admin console's import):
 * local accounts for the people of a référentiel file with an extra `numen` column. Each account follows the backbone's identity rules (login,
 * address, homonyms numbered; an address the file gives is kept) and its initial password is
 * the NUMEN; the person's annuaire entry is recorded from the row. One transaction for all:
 * the accounts, their folders and their entries, or nothing.
 *
 * The NUMEN is only ever hashed (by the account store) and compared in memory for duplicates
 * within the file; no message quotes it. A person whose address already has an account is
 * skipped and counted as unchanged; a row without an address is that person's when an account
 * has the same prénom, nom and NUMEN (a homonym, with another NUMEN, gets a new numbered one).
 */
import { ROLES, type Account, type AccountStore, type Role } from './account-store.js';
import { IdentityError, isValidNumen, normalizeNumen } from './identity.js';
import {
  ImportFileError,
  ImportTally,
  cell,
  decodeSource,
  inImportTransaction,
  readCsvTable,
  validPeople,
  type CsvSource,
  type Directory,
  type ImportOptions,
  type ImportReport,
  type PersonRecord,
} from '../directory/index.js';
import type { MailStore } from '../store/index.js';

/** What an import writes to: the accounts, their folders (the store's transaction) and the annuaire. */
export interface AccountImportDeps {
  accounts: AccountStore;
  directory: Directory;
  store: MailStore;
}

/** The account a row makes, with what the annuaire knows of its main affectation. */
function newAccount(services: AccountImportDeps, record: PersonRecord, numen: string) {
  const main = record.affectations[0] ? services.directory.structure(record.affectations[0]) : null;
  const circonscription = main?.circonscription ? services.directory.structure(main.circonscription) : main?.type === 'circonscription' ? main : null;
  return {
    prenom: record.prenom,
    nom: record.nom,
    numen,
    address: record.address || null,
    role: (ROLES as readonly string[]).includes(record.role) ? (record.role as Role) : 'enseignant',
    fonction: record.fonction || null,
    uai: main?.uai ?? null,
    degree: main?.degre ?? null,
    sector: main?.secteur ?? 'public',
    circonscription: circonscription?.nom ?? null,
  };
}

export function importAccounts(services: AccountImportDeps, source: CsvSource, options: ImportOptions = {}): ImportReport {
  const decoded = decodeSource(source);
  const table = readCsvTable(decoded, { extraPeopleColumns: ['numen'], requiredPeopleColumns: ['nom', 'prenom', 'numen'] });
  if (table.layout.kind !== 'people') {
    throw new ImportFileError(`${source.name} : fichier de structures ; webmel user import attend un fichier de personnes avec une colonne numen.`);
  }
  const tally = new ImportTally(options.onProgress, Math.max(0, decoded.lineBreaks - 1));
  const structures = services.directory.structureTypes();
  const rowOptions = { knownUai: (uai: string) => structures.has(uai), addressOptional: true };
  /** First line of each NUMEN in the file: in memory for the length of the import, never written. */
  const numenLines = new Map<string, number>();
  const dryRun = options.dryRun ?? false;
  return inImportTransaction(
    services.directory,
    dryRun,
    () => {
      for (const { row, record } of validPeople(table, tally, rowOptions)) {
        const numen = normalizeNumen(cell(table.layout, row, 'numen'));
        if (numen === '') {
          tally.reject(row.line, 'NUMEN manquant');
          continue;
        }
        if (!isValidNumen(numen)) {
          tally.reject(row.line, 'NUMEN invalide : 13 caractères, par exemple 01E9501234ABC');
          continue;
        }
        const firstLine = numenLines.get(numen);
        if (firstLine !== undefined) {
          tally.reject(row.line, `NUMEN en double : déjà ligne ${firstLine}`);
          continue;
        }
        numenLines.set(numen, row.line);
        // Already an account: at the address the file gives, or, without one, the person's own (same name and NUMEN).
        if (record.address ? services.accounts.byAddress(record.address) : services.accounts.byIdentity(record.prenom, record.nom, numen)) {
          tally.counts.unchanged++;
          continue;
        }
        let account: Account;
        try {
          account = services.accounts.create(newAccount(services, record, numen));
        } catch (err) {
          if (!(err instanceof IdentityError)) throw err;
          tally.reject(row.line, err.message.replace(/\.$/, ''));
          continue;
        }
        services.directory.writer.upsertPerson({ ...record, address: account.address });
        tally.counts.added++;
      }
      tally.finish();
      return tally.report(table, decoded.encoding, 0, dryRun);
    },
    // The accounts and their folders are the mail store's: its transaction holds the directory's.
    (run) => services.store.write(run),
  );
}

