/**
 * A référentiel CSV as rows: its kind recognised by its header (names compared case- and
 * accent-insensitively, unknown columns ignored), its separator (`;` or `,`) read from the
 * header line, and each row with the file line it starts on, quoted line breaks included.
 * csv-parse does the parsing (quotes, separators and line breaks inside quotes); its records
 * arrive synchronously, chunk by chunk, so a file of any size is read inside the import's one
 * transaction without being held in memory.
 */
import { Parser, type CsvError, type Options } from 'csv-parse';
import { foldText } from '../fold.js';
import type { DecodedSource } from './csv-source.js';
import { ImportFileError } from './errors.js';

export const STRUCTURE_COLUMNS = ['uai', 'type', 'nom', 'commune', 'code_postal', 'degre', 'secteur', 'circonscription', 'zone', 'semaine'] as const;
export const PEOPLE_COLUMNS = ['nom', 'prenom', 'adresse', 'fonction', 'corps', 'discipline', 'uai', 'role', 'gestionnaire'] as const;
/** Read when the file has them: `decharge` (« totale » for a fully discharged director). */
export const OPTIONAL_PEOPLE_COLUMNS = ['decharge'] as const;
/** Without them a row means nothing: the key, and what a reader needs to recognise the entry. */
const REQUIRED: Record<ImportKind, readonly string[]> = { structures: ['uai', 'type', 'nom'], people: ['nom', 'prenom', 'adresse'] };

export type ImportKind = 'structures' | 'people';
export type Separator = ';' | ',';

/** A row longer than this is no row of ours (a binary file, a missing closing quote). */
export const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvLayout {
  kind: ImportKind;
  separator: Separator;
  /** Fields in the header row. */
  width: number;
  /** Where each column we read is, by its name in STRUCTURE_COLUMNS / PEOPLE_COLUMNS (and the extra ones asked for). */
  index: ReadonlyMap<string, number>;
}

export interface CsvRow {
  /** The file line the row starts on (the header is line 1). */
  line: number;
  cells: string[];
  /** Why the row cannot be read at all (too few or too many fields), or null. */
  problem: string | null;
}

export interface CsvTable {
  layout: CsvLayout;
  rows: Iterable<CsvRow>;
}

export interface TableOptions {
  /** Columns a people file may have besides the annuaire's (`user import` reads `numen`). */
  extraPeopleColumns?: readonly string[];
  /** The people columns a row cannot do without, instead of nom, prénom, adresse. */
  requiredPeopleColumns?: readonly string[];
}

/** The value of a column in a row, trimmed; '' when the file has no such column. */
export function cell(layout: CsvLayout, row: CsvRow, column: string): string {
  const at = layout.index.get(column);
  return at === undefined ? '' : (row.cells[at] ?? '').trim();
}

/** The separator of the header line: the more frequent of `;` and `,` outside quotes (`;` on a tie). */
function separatorOf(headerLine: string): Separator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') semicolons++;
    else if (!quoted && c === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

const expectedHeaders = () =>
  `structures : ${STRUCTURE_COLUMNS.join(';')} ; personnes : ${PEOPLE_COLUMNS.join(';')}`;

function layoutOf(name: string, header: string[], separator: Separator, options: TableOptions): CsvLayout {
  const folded = header.map((title) => foldText(title));
  const kind: ImportKind | null = folded.includes('prenom') ? 'people' : folded.includes('type') ? 'structures' : null;
  if (kind === null) {
    throw new ImportFileError(`${name} : en-tête non reconnu (« ${header.join(separator).slice(0, 200)} »). En-têtes attendus, ${expectedHeaders()}.`);
  }
  const known = kind === 'structures' ? [...STRUCTURE_COLUMNS] : [...PEOPLE_COLUMNS, ...OPTIONAL_PEOPLE_COLUMNS, ...(options.extraPeopleColumns ?? [])];
  const index = new Map<string, number>();
  for (const column of known) {
    const positions = folded.flatMap((title, at) => (title === foldText(column) ? [at] : []));
    if (positions.length > 1) throw new ImportFileError(`${name} : la colonne « ${column} » figure ${positions.length} fois dans l’en-tête.`);
    if (positions.length === 1) index.set(column, positions[0]!);
  }
  const required = kind === 'people' && options.requiredPeopleColumns ? options.requiredPeopleColumns : REQUIRED[kind];
  const missing = required.filter((column) => !index.has(column));
  if (missing.length > 0) {
    const what = kind === 'structures' ? 'structures' : 'personnes';
    throw new ImportFileError(`${name} : fichier de ${what} sans colonne ${missing.map((c) => `« ${c} »`).join(', ')} (obligatoire).`);
  }
  return { kind, separator, width: header.length, index };
}

/** csv-parse's reasons, in French, with the line where the file stops being a CSV. */
function syntaxProblem(name: string, err: CsvError & { lines?: number }): ImportFileError {
  const where = err.lines ? `, ligne ${err.lines}` : '';
  const reasons: Partial<Record<string, string>> = {
    CSV_QUOTE_NOT_CLOSED: 'un guillemet ouvert n’est jamais refermé',
    CSV_INVALID_CLOSING_QUOTE: 'un guillemet fermant est suivi d’autre chose que le séparateur',
    CSV_MAX_RECORD_SIZE: `une ligne dépasse ${MAX_RECORD_BYTES / 1024} Kio`,
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'un guillemet fermant est suivi d’autre chose que le séparateur',
  };
  return new ImportFileError(`${name} : fichier CSV mal formé${where} : ${reasons[err.code] ?? err.message}. Rien n’a été importé.`);
}

/** Line breaks inside a record's fields: the record started that many lines before it ended. */
function breaksIn(cells: readonly string[]): number {
  let count = 0;
  for (const value of cells) {
    if (!value.includes('\n') && !value.includes('\r')) continue;
    count += value.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return count;
}

/** csv-parse's parser, its records handed over as they are made instead of queued on a stream. */
class RecordParser extends Parser {
  constructor(
    options: Options,
    private readonly sink: (cells: string[], endLine: number) => void,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record !== null) this.sink(record as string[], this.info.lines);
    return true;
  }

  /** Parses a chunk now; an error is the file's. */
  feed(chunk: Buffer | null, name: string): void {
    let failure: Error | null | undefined;
    if (chunk === null) this._flush((err) => (failure = err));
    else this._transform(chunk, 'utf8', (err) => (failure = err));
    if (failure) throw syntaxProblem(name, failure as CsvError);
  }
}

/**
 * Reads the header (throwing ImportFileError when it is neither kind: nothing is written
 * then) and returns the rows, read as they are iterated.
 */
export function readCsvTable(source: DecodedSource, options: TableOptions = {}): CsvTable {
  const chunks = source.chunks()[Symbol.iterator]();
  let pending: CsvRow[] = [];
  let header: string[] | null = null;
  let separator: Separator | null = null;
  let parser: RecordParser | null = null;
  let ended = false;

  const nextChunk = (): void => {
    const next = chunks.next();
    if (next.done) {
      ended = true;
      parser?.feed(null, source.name);
      return;
    }
    if (!parser) {
      const firstBreak = next.value.indexOf(0x0a);
      separator = separatorOf((firstBreak < 0 ? next.value : next.value.subarray(0, firstBreak)).toString('utf8'));
      parser = new RecordParser(
        { delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES },
        (cells, endLine) => {
          if (header === null) header = cells;
          else pending.push({ line: endLine - breaksIn(cells), cells, problem: null });
        },
      );
    }
    parser.feed(next.value, source.name);
  };

  while (header === null && !ended) nextChunk();
  if (header === null || (header as string[]).every((title) => title.trim() === '')) {
    throw new ImportFileError(`${source.name} : fichier vide, sans ligne d’en-tête. En-têtes attendus, ${expectedHeaders()}.`);
  }
  const layout = layoutOf(source.name, header, separator ?? ';', options);

  function* rows(): Generator<CsvRow> {
    for (;;) {
      const ready = pending;
      pending = [];
      for (const row of ready) {
        if (row.cells.every((value) => value.trim() === '')) continue; // `;;;;` is an empty line too
        row.problem = shapeProblem(layout, row.cells);
        yield row;
      }
      if (ended) return;
      nextChunk();
    }
  }
  return { layout, rows: rows() };
}

function shapeProblem(layout: CsvLayout, cells: readonly string[]): string | null {
  if (cells.length < layout.width) {
    return `ligne incomplète : ${cells.length} colonne${cells.length > 1 ? 's' : ''} au lieu de ${layout.width} (séparateur « ${layout.separator} »)`;
  }
  if (cells.length > layout.width && cells.slice(layout.width).some((value) => value.trim() !== '')) {
    return `${cells.length} colonnes au lieu de ${layout.width} : un « ${layout.separator} » de trop, ou une valeur à mettre entre guillemets`;
  }
  return null;
}
