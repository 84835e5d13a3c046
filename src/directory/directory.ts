/**
 * Searching the directory: each word typed is a prefix that must match some indexed column
 * (FTS5 `unicode61 remove_diacritics 2` folds accents and case, on the index and on the query),
 * best matches first.
 */
import type { Db } from '../db/database.js';

/** Words of a query used at most: a name, a first name, a school is plenty. */
export const MAX_QUERY_TERMS = 6;
/** Characters kept per word: longer ones are not names. */
const MAX_TERM_CHARS = 64;
/** Suggestions per answer: a list one can read and move through with the arrow keys. */
export const MAX_RESULTS = 10;

export interface DirectoryEntry {
  prenom: string;
  nom: string;
  address: string;
  fonction: string | null;
  /** The school or service (UAI), when the person has one. */
  uai: string | null;
  circonscription: string | null;
}

/**
 * The FTS5 query for what was typed: letters and digits only (every FTS5 operator character
 * is a separator here), each word a quoted prefix, all of them required.
 */
export function directoryQuery(input: string): string | null {
  const terms = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, MAX_QUERY_TERMS)
    .map((term) => `"${term.slice(0, MAX_TERM_CHARS)}"*`);
  return terms.length > 0 ? terms.join(' ') : null;
}

export class Directory {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      // bm25 ranks names (weights 10, 10) above address, fonction and school words.
      search: db.prepare(
        `SELECT a.prenom, a.nom, a.address, a.fonction, a.uai, a.circonscription
         FROM directory_fts f JOIN accounts a ON a.id = f.rowid
         WHERE directory_fts MATCH ? AND a.disabled_at IS NULL
         ORDER BY bm25(directory_fts, 10.0, 10.0, 4.0, 1.0, 1.0, 1.0), a.nom, a.prenom
         LIMIT ?`,
      ),
    };
  }

  /** Up to `limit` people matching every word of `input`; nothing for an empty query. */
  search(input: string, limit = MAX_RESULTS): DirectoryEntry[] {
    const query = directoryQuery(input);
    if (query === null) return [];
    return this.stmt.search.all(query, Math.max(1, Math.min(limit, MAX_RESULTS))) as DirectoryEntry[];
  }
}
