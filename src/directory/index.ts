/**
 * The académie's annuaire (référentiel): every school, établissement, circonscription and
 * service with its UAI, and every person with their fonction and affectation, whether or not
 * they have a mailbox here. Staff find any colleague or school in one search box; the académie
 * services (strike declarations, bulletins, the admin console) read their audiences and links
 * from it: the IEN of a circonscription, the directors of an école, a person's gestionnaire.
 * Rules: shared/domain.md §3.1 (functional addresses), §3.8 (UAI, fields).
 *
 * Tables (schema.ts, step 15): directory_structures, directory_people, directory_affectations,
 * and the search indexes directory_people_search and directory_structures_search.
 *
 * Invariants:
 * - The only SQL on these tables; directory-writer.ts is their only writer, and keeps the
 *   search indexes in step in the same transaction.
 * - Every local account has an entry: the account store calls recordAccount in its own
 *   transaction, and services.ts lists at startup any account that has none.
 * - Never a NUMEN, a birth date or a login: the account store hands over an AccountRecord.
 * - A UAI is stored upper case with a verified check letter; an address lower case.
 * - A search is bounded whatever is typed (directory-search.ts): no FTS5 syntax reaches the
 *   index, at most MAX_QUERY_TERMS words, at most RANK_LIMIT candidates ranked.
 * - An import is one transaction: all of it or nothing (import/).
 *
 * May import: src/db (types), csv-parse and iconv-lite (import/), nothing of another domain. Accounts import its AccountRecord
 * and UAI rules.
 */
export { Directory, STAFF_LIMIT, type Person, type QuickRecipient, type Structure, type StructurePage } from './directory.js';
export { MAX_QUERY_TERMS, MAX_RESULTS, RANK_LIMIT, queryTerms, type DirectoryHit, type SearchAnswer, type SearchFilters } from './directory-search.js';
export { DirectoryWriter, type AccountRecord, type PersonRecord, type StructureRecord, type UpsertOutcome } from './directory-writer.js';
export { KNOWN_ROLES, normalizeRole } from './roles.js';
export { AudienceError, MAX_CRITERIA, describeAudience, parseAudience, type Audience, type AudienceCriterion } from './audience.js';
export { STRUCTURE_TYPES, WEEK_DAYS, isEcole, parseStructureType, type Degre, type Secteur, type Semaine, type StructureType, type Zone } from './structure-types.js';
export { functionalAddress, isValidUai, normalizeUai, uaiDepartement, uaiProblem, uaiWithCheckLetter } from './uai.js';
export {
  ImportFileError,
  MAX_FILE_BYTES,
  PEOPLE_COLUMNS,
  STRUCTURE_COLUMNS,
  ImportTally,
  cell,
  csvBytes,
  csvFile,
  decodeSource,
  importDirectory,
  inImportTransaction,
  readCsvTable,
  validPeople,
  type CsvLayout,
  type CsvRow,
  type CsvSource,
  type ImportKind,
  type ImportOptions,
  type ImportReject,
  type ImportReport,
} from './import/index.js';
