/**
 * The référentiel's CSV files into the annuaire (`webmel directory import`, `webmel user
 * import`, the demo académie): one file per kind, recognised by its header; UTF-8 (with or
 * without BOM) or Windows-1252, `;` or `,`; each bad row rejected with its file line and a
 * French reason, the rest upserted.
 *
 * Invariants:
 * - One transaction per import: all of it or nothing; a dry run is the same transaction rolled back.
 * - Writes go through DirectoryWriter only; no SQL here.
 * - A NUMEN column is read only when asked for (`user import`) and never reaches the annuaire.
 * - Memory stays flat on a million people: the file is read in chunks, people are written as
 *   they are read; only the keys seen (for duplicates and --prune) are kept.
 *
 * May import: src/directory, csv-parse, iconv-lite, node built-ins.
 */
export { MAX_FILE_BYTES, csvBytes, csvFile, decodeSource, type CsvEncoding, type CsvSource, type DecodedSource } from './csv-source.js';
export { MAX_RECORD_BYTES, PEOPLE_COLUMNS, STRUCTURE_COLUMNS, cell, readCsvTable, type CsvLayout, type CsvRow, type CsvTable, type ImportKind } from './csv-table.js';
export { ImportFileError } from './errors.js';
export { ImportTally, PROGRESS_EVERY, importDirectory, inImportTransaction, validPeople, type ImportOptions, type ImportReject, type ImportReport } from './import-directory.js';
export { personFromRow } from './person-rows.js';
export { structureFromRow, type CheckedRow } from './structure-rows.js';
