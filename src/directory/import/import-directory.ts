/**
 * `webmel directory import`: one référentiel CSV into the annuaire, in one transaction. Every
 * row is checked, the bad ones are rejected with their line and reason, the rest is upserted
 * (by UAI, by address); a second import of the same file changes nothing. `dryRun` does the
 * same and rolls back; `prune` then removes what the file no longer lists. A file that cannot
 * be read as a whole (unknown header, binary, broken quotes) throws ImportFileError and leaves
 * the annuaire as it was.
 */
import type { Directory } from '../directory.js';
import type { PersonRecord, StructureRecord, UpsertOutcome } from '../directory-writer.js';
import { STRUCTURE_TYPES, isEcole, type StructureType } from '../structure-types.js';
import { decodeSource, type CsvEncoding, type CsvSource } from './csv-source.js';
import { readCsvTable, type CsvRow, type CsvTable, type ImportKind, type Separator } from './csv-table.js';
import { personFromRow, type PersonRowOptions } from './person-rows.js';
import { structureFromRow } from './structure-rows.js';

export interface ImportReject {
  line: number;
  reason: string;
}

export interface ImportReport {
  kind: ImportKind;
  encoding: CsvEncoding;
  separator: Separator;
  added: number;
  updated: number;
  /** Rows already as the file says (and, for `user import`, people who already had an account). */
  unchanged: number;
  /** Entries `--prune` removed (0 without it). */
  removed: number;
  /** In line order. */
  rejected: ImportReject[];
  dryRun: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  prune?: boolean;
  /** Rows handled so far, out of about `total` (the file's line count until the end is reached). */
  onProgress?: (done: number, total: number) => void;
}

/** How often the progress callback is told: often enough for a bar, rarely enough to cost nothing. */
export const PROGRESS_EVERY = 1000;

/** Thrown inside the transaction to roll a dry run back. */
const DRY_RUN = Symbol('dry run');

/** The report being made: counts, rejects, the first line of every key (a second one is a duplicate). */
export class ImportTally {
  readonly counts: Record<UpsertOutcome, number> = { added: 0, updated: 0, unchanged: 0 };
  readonly rejected: ImportReject[] = [];
  /** Every key the file names, rejected rows included: --prune never removes what a typo made unreadable. */
  readonly firstLine = new Map<string, number>();
  private done = 0;

  constructor(private readonly progress: ((done: number, total: number) => void) | undefined, private total: number) {}

  reject(line: number, reason: string): void {
    this.rejected.push({ line, reason });
  }

  /** Records the key of a row; false (and the row rejected) when an earlier line had it. */
  claim(key: string, line: number, what: string): boolean {
    const first = this.firstLine.get(key);
    if (first === undefined) {
      this.firstLine.set(key, line);
      return true;
    }
    this.reject(line, `${what} ${key} en double : déjà ligne ${first}`);
    return false;
  }

  step(): void {
    this.done++;
    if (this.progress && this.done % PROGRESS_EVERY === 0) this.progress(this.done, Math.max(this.total, this.done));
  }

  /** The row count is known: the bar's total becomes it. */
  restart(total: number): void {
    this.done = 0;
    this.total = total;
  }

  finish(): void {
    this.progress?.(this.done, this.done);
  }

  report(table: CsvTable, encoding: CsvEncoding, removed: number, dryRun: boolean): ImportReport {
    return {
      kind: table.layout.kind,
      encoding,
      separator: table.layout.separator,
      ...this.counts,
      removed,
      rejected: this.rejected.sort((a, b) => a.line - b.line),
      dryRun,
    };
  }
}

/**
 * Runs `fn` in the directory's one transaction, rolled back at the end of a dry run. The
 * report is made inside, so a dry run gives the same figures as the real import. `around`
 * opens an outer transaction that must roll back with it (`user import`: the mail store's,
 * which creates the accounts).
 */
export function inImportTransaction<T>(directory: Directory, dryRun: boolean, fn: () => T, around: (run: () => void) => void = (run) => run()): T {
  let result: { value: T } | null = null;
  try {
    around(() =>
      directory.writer.transaction(
        () => {
          result = { value: fn() };
          if (dryRun) throw DRY_RUN;
        },
        { bulk: true },
      ),
    );
  } catch (err) {
    if (err !== DRY_RUN) throw err;
  }
  return result!.value;
}

export function importDirectory(directory: Directory, source: CsvSource, options: ImportOptions = {}): ImportReport {
  const decoded = decodeSource(source);
  const table = readCsvTable(decoded);
  const tally = new ImportTally(options.onProgress, Math.max(0, decoded.lineBreaks - 1));
  const dryRun = options.dryRun ?? false;
  return inImportTransaction(directory, dryRun, () => {
    const keep = table.layout.kind === 'structures' ? importStructures(directory, table, tally) : importPeople(directory, table, tally);
    const removed = options.prune ? directory.writer.prune(table.layout.kind, keep) : 0;
    tally.finish();
    return tally.report(table, decoded.encoding, removed, dryRun);
  });
}

/**
 * Structures are read whole before any is written (60,000 fit in memory): an école may name a
 * circonscription that a later line defines. Circonscriptions and services are written first.
 */
function importStructures(directory: Directory, table: CsvTable, tally: ImportTally): ReadonlyMap<string, number> {
  const valid: Array<{ line: number; record: StructureRecord }> = [];
  for (const row of table.rows) {
    if (row.problem) {
      tally.reject(row.line, row.problem);
      continue;
    }
    const checked = structureFromRow(table.layout, row);
    if (checked.key !== null && !tally.claim(checked.key, row.line, 'UAI')) continue;
    if (checked.problem !== null) tally.reject(row.line, checked.problem);
    else valid.push({ line: row.line, record: checked.record });
  }

  const inFile = new Map<string, StructureType>(valid.map(({ record }) => [record.uai, record.type]));
  const inDirectory = directory.structureTypes();
  const accepted = valid.filter(({ line, record }) => {
    const uai = record.circonscription;
    if (uai === null) return true;
    const type = inFile.get(uai) ?? (tally.firstLine.has(uai) ? 'rejected' : inDirectory.get(uai));
    const problem =
      type === undefined
        ? `circonscription ${uai} inconnue : ni dans l’annuaire ni dans ce fichier`
        : type === 'rejected'
          ? `circonscription ${uai} rejetée ligne ${tally.firstLine.get(uai)}`
          : type !== 'circonscription'
            ? `${uai} n’est pas une circonscription (${STRUCTURE_TYPES[type].label.toLowerCase()})`
            : null;
    if (problem) tally.reject(line, problem);
    return problem === null;
  });

  tally.restart(accepted.length);
  const ordered = [...accepted.filter(({ record }) => !isEcole(record.type)), ...accepted.filter(({ record }) => isEcole(record.type))];
  for (const { record } of ordered) {
    tally.counts[directory.writer.upsertStructure(record)]++;
    tally.step();
  }
  return tally.firstLine;
}

/** People stream: each row is checked against the structures already known, then upserted. */
function importPeople(directory: Directory, table: CsvTable, tally: ImportTally): ReadonlyMap<string, number> {
  const structures = directory.structureTypes();
  const known = directory.addresses();
  for (const { record } of validPeople(table, tally, { knownUai: (uai) => structures.has(uai) })) {
    // A duplicate in the file is rejected before this, so an address not known yet is new.
    tally.counts[directory.writer.upsertPerson(record, { knownNew: !known.has(record.address) })]++;
  }
  return tally.firstLine;
}

/** The rows of a people file that pass the annuaire's checks, as they are read; the others are rejected on the tally. */
export function* validPeople(table: CsvTable, tally: ImportTally, options: PersonRowOptions): Generator<{ row: CsvRow; record: PersonRecord }> {
  for (const row of table.rows) {
    tally.step();
    if (row.problem) {
      tally.reject(row.line, row.problem);
      continue;
    }
    const checked = personFromRow(table.layout, row, options);
    if (checked.key !== null && !tally.claim(checked.key, row.line, 'adresse')) continue;
    if (checked.problem !== null) tally.reject(row.line, checked.problem);
    else yield { row, record: checked.record };
  }
}
