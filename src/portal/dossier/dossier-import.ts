/**
 * `webmel iprof import FICHIER.csv`: agents' situations from the gestion's export, one row per
 * agent (login, corps, grade, echelon, date_echelon, position), into their dossiers. As with
 * `webmel user import`: every row is checked with the rules of the gestionnaire's form
 * (dossiers.ts), a bad row is rejected with its file line and a French reason, the others are
 * written, all in one transaction; a dry run is the same transaction rolled back, so it gives
 * the same figures. The affectations and congés of the dossiers are left as they are.
 *
 * The file's encoding (UTF-8 or Windows-1252, what a spreadsheet saves) is decided by the
 * annuaire's CSV reader; csv-parse reads the rows.
 */
import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse';
import type { AccountStore } from '../../accounts/index.js';
import { ImportFileError, decodeSource, type CsvSource, type ImportReject, type ImportReport } from '../../directory/index.js';
import { checkSituation, DossierFieldError, type Dossiers } from './dossiers.js';
import { foldLabel } from './situation.js';

type CsvEncoding = ImportReport['encoding'];

export const DOSSIER_COLUMNS = ['login', 'corps', 'grade', 'echelon', 'date_echelon', 'position'] as const;
/** Position may be left out: an agent listed by the gestion is in activité unless it says otherwise. */
const REQUIRED_COLUMNS = ['login', 'corps', 'grade', 'echelon', 'date_echelon'] as const;
/** An académie's agents are a few tens of thousands of rows of about 80 bytes: 64 MiB is far beyond. */
export const MAX_DOSSIER_FILE_BYTES = 64 * 1024 * 1024;

export interface DossierImportReport {
  encoding: CsvEncoding;
  separator: ';' | ',';
  added: number;
  updated: number;
  unchanged: number;
  /** In line order. */
  rejected: ImportReject[];
  dryRun: boolean;
}

export interface DossierImportDeps {
  accounts: Pick<AccountStore, 'byLoginOrAddress'>;
  dossiers: Dossiers;
}

export interface DossierImportOptions {
  dryRun?: boolean;
  /** Written in updated_by: who imported (the CLI's actor). */
  by: string;
  /** The day dates are checked against (a year ahead at most). */
  today: string;
}

/** Thrown inside the transaction to roll a dry run back after its report is made. */
class DryRunRollback extends Error {
  constructor(readonly report: DossierImportReport) {
    super('dry run');
  }
}

/** `;` unless the header line has more commas: a French spreadsheet writes `;`. */
function separatorOf(text: string): ';' | ',' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(',') > count(';') ? ',' : ';';
}

function readRows(source: CsvSource): { encoding: CsvEncoding; separator: ';' | ','; header: string[]; rows: Array<{ line: number; cells: string[] }> } {
  if (source.size > MAX_DOSSIER_FILE_BYTES) throw new ImportFileError(`${source.name} : fichier trop volumineux (plus de 64 Mio) pour un fichier de dossiers.`);
  const decoded = decodeSource(source);
  const text = Buffer.concat([...decoded.chunks()]).toString('utf8');
  const separator = separatorOf(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter: separator, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const where = (err as CsvError & { lines?: number }).lines;
    throw new ImportFileError(`${source.name} : fichier CSV mal formé${where ? `, ligne ${where}` : ''} (${(err as Error).message}). Rien n’a été importé.`);
  }
  const [first, ...rest] = records;
  if (!first) throw new ImportFileError(`${source.name} : fichier vide. En-tête attendu : ${DOSSIER_COLUMNS.join(';')}.`);
  // A record spanning lines (a quoted line break) starts as many lines before the one it ends on.
  const startLine = (r: { record: string[]; info: { lines: number } }) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  return { encoding: decoded.encoding, separator, header: first.record, rows: rest.map((r) => ({ line: startLine(r), cells: r.record })) };
}

export function importDossiers(deps: DossierImportDeps, source: CsvSource, options: DossierImportOptions): DossierImportReport {
  const { encoding, separator, header, rows } = readRows(source);
  const columns = new Map<string, number>();
  header.forEach((title, at) => {
    const name = foldLabel(title).replaceAll(' ', '_');
    if ((DOSSIER_COLUMNS as readonly string[]).includes(name)) {
      if (columns.has(name)) throw new ImportFileError(`${source.name} : la colonne « ${name} » figure deux fois dans l’en-tête.`);
      columns.set(name, at);
    }
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new ImportFileError(`${source.name} : colonne${missing.length > 1 ? 's' : ''} ${missing.map((c) => `« ${c} »`).join(', ')} absente${missing.length > 1 ? 's' : ''} de l’en-tête. En-tête attendu : ${DOSSIER_COLUMNS.join(separator)}.`);
  }
  const value = (cells: string[], column: string) => {
    const at = columns.get(column);
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };

  const run = (): DossierImportReport => {
    const report: DossierImportReport = { encoding, separator, added: 0, updated: 0, unchanged: 0, rejected: [], dryRun: options.dryRun ?? false };
    const seen = new Map<string, number>();
    for (const { line, cells } of rows) {
      if (cells.every((cell) => cell.trim() === '')) continue;
      if (cells.length < header.length) {
        report.rejected.push({ line, reason: `ligne incomplète : ${cells.length} colonnes au lieu de ${header.length} (séparateur « ${separator} »)` });
        continue;
      }
      const login = value(cells, 'login').toLowerCase();
      if (login === '') {
        report.rejected.push({ line, reason: 'identifiant (login) manquant' });
        continue;
      }
      const first = seen.get(login);
      if (first !== undefined) {
        report.rejected.push({ line, reason: `identifiant ${login} en double : déjà ligne ${first}` });
        continue;
      }
      seen.set(login, line);
      const account = deps.accounts.byLoginOrAddress(login);
      if (!account || account.login !== login) {
        report.rejected.push({ line, reason: `aucun compte n’a l’identifiant « ${login} »` });
        continue;
      }
      try {
        const situation = checkSituation(
          {
            corps: value(cells, 'corps'),
            grade: value(cells, 'grade'),
            echelon: value(cells, 'echelon'),
            echelonDate: value(cells, 'date_echelon'),
            position: value(cells, 'position') || 'activite',
          },
          deps.dossiers.grids,
          options.today,
        );
        report[deps.dossiers.setSituation(account.id, situation, options.by)]++;
      } catch (err) {
        if (!(err instanceof DossierFieldError)) throw err;
        report.rejected.push({ line, reason: err.message.replace(/\.$/, '') });
      }
    }
    report.rejected.sort((a, b) => a.line - b.line);
    if (report.dryRun) throw new DryRunRollback(report);
    return report;
  };

  try {
    return deps.dossiers.transaction(run);
  } catch (err) {
    if (err instanceof DryRunRollback) return err.report;
    throw err;
  }
}
