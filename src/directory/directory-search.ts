/**
 * The annuaire's one search box: every word typed is a prefix that some indexed text of the
 * entry must begin (FTS5 folds accents and case on both sides, and word order does not
 * matter), over people and structures together, best matches first.
 *
 * Bounded work whatever is typed: at most MAX_QUERY_TERMS words; each index is read for at
 * most RANK_LIMIT + 1 matches, and only those are ranked by bm25. A query that matches more
 * says it was broad; a single letter is answered alphabetically from the name indexes.
 */
import type { Db } from '../db/database.js';
import { foldText } from './fold.js';
import { STRUCTURE_TYPES, type Degre, type StructureType } from './structure-types.js';
import { normalizeUai } from './uai.js';

/** Words of a query used at most: a name, a first name, a school and a town are plenty. */
export const MAX_QUERY_TERMS = 6;
/** Characters kept per word: longer ones are not names. */
const MAX_TERM_CHARS = 64;
/** Results per answer at most. */
export const MAX_RESULTS = 50;
/** Matches an index reads before it stops ranking and answers alphabetically. */
export const RANK_LIMIT = 500;

export interface DirectoryHit {
  kind: 'person' | 'structure';
  nom: string;
  /** A person's first name; null for a structure. */
  prenom: string | null;
  adresse: string;
  /** A person's fonction, a structure's type (« École élémentaire »). */
  fonction: string | null;
  /** A structure's UAI, a person's main affectation. */
  uai: string | null;
  /** A person's main affectation's name, a structure's own name. */
  structure: string | null;
  commune: string | null;
}

export interface SearchFilters {
  kind?: 'person' | 'structure' | null;
  /** Words the person's fonction, corps, discipline or role must begin. */
  fonction?: string | null;
  /** Words of the commune (a person's affectation's). */
  commune?: string | null;
  /** A circonscription's UAI: its écoles, itself, and the people of both. */
  circonscription?: string | null;
  degre?: Degre | null;
}

export interface SearchAnswer {
  hits: DirectoryHit[];
  /** More matched than could be ranked: the answer is alphabetical, and a narrower query would help. */
  broad: boolean;
}

/** The words of what was typed, folded: letters and digits only (every FTS5 operator is a separator). */
export function queryTerms(input: string): string[] {
  return foldText(input.normalize('NFC').slice(0, MAX_QUERY_TERMS * (MAX_TERM_CHARS + 1) * 4))
    .split(' ')
    .filter((term) => term.length > 0)
    .slice(0, MAX_QUERY_TERMS)
    .map((term) => term.slice(0, MAX_TERM_CHARS));
}

/** True when every term begins some word of `text` (folded): how a hit's name answers the query. */
function nameMatches(terms: readonly string[], text: string): number {
  const words = foldText(text).split(' ');
  return terms.filter((term) => words.some((word) => word.startsWith(term))).length;
}

interface PersonRow {
  id: number;
  nom: string;
  prenom: string;
  address: string;
  fonction: string;
  uai: string | null;
  structure: string | null;
  commune: string | null;
  matched: number;
}

interface StructureRow {
  id: number;
  nom: string;
  type: StructureType;
  address: string;
  uai: string;
  commune: string;
  matched: number;
}

const PERSON_SELECT = `p.id, p.nom, p.prenom, p.address, p.fonction, a.uai, s.nom AS structure, s.commune
  FROM directory_people p
  LEFT JOIN directory_affectations a ON a.person_id = p.id AND a.position = 0
  LEFT JOIN directory_structures s ON s.uai = a.uai`;
const STRUCTURE_SELECT = `s.id, s.nom, s.type, s.address, s.uai, s.commune FROM directory_structures s`;

/** People in the circonscription or degré asked for (disabled mailboxes are not in the index at all). */
const PERSON_FILTERS = `(@circonscription IS NULL OR EXISTS (SELECT 1 FROM directory_affectations fa JOIN directory_structures fs ON fs.uai = fa.uai
       WHERE fa.person_id = p.id AND (fs.uai = @circonscription OR fs.circonscription = @circonscription)))
  AND (@degre IS NULL OR EXISTS (SELECT 1 FROM directory_affectations da JOIN directory_structures ds ON ds.uai = da.uai
       WHERE da.person_id = p.id AND ds.degre = @degre))`;
const STRUCTURE_FILTERS = `(@circonscription IS NULL OR s.uai = @circonscription OR s.circonscription = @circonscription)
  AND (@degre IS NULL OR s.degre = @degre)`;

/**
 * One read of the index, at most RANK_LIMIT + 1 matches with their bm25 score; the best
 * `limit` of them that pass the filters; then only those joined to their rows. `matched` says
 * how many the read found: more than RANK_LIMIT means the ranking saw only part of them.
 * `candidates` is what the filters read: the match itself named as the row (people's filters need
 * only its id), or the match joined to its row; `score` names its score there.
 */
function rankedQuery(index: string, weights: string, select: string, alias: string, candidates: { from: string; score: string }, filters: string, sortKey: string): string {
  const { from, score } = candidates;
  return `WITH m AS MATERIALIZED (
      SELECT rowid AS id, bm25(${index}, ${weights}) AS score FROM ${index} WHERE ${index} MATCH @match LIMIT ${RANK_LIMIT + 1}),
    top AS (SELECT ${alias}.id, ${score} AS score FROM ${from} WHERE ${filters} ORDER BY ${score} LIMIT @limit)
    SELECT (SELECT count(*) FROM m) AS matched, ${select}
    JOIN top ON top.id = ${alias}.id
    ORDER BY top.score, ${sortKey}`;
}

/** How many entries match, counted up to RANK_LIMIT + 1. */
function countQuery(index: string): string {
  return `SELECT count(*) FROM (SELECT rowid FROM ${index} WHERE ${index} MATCH @match LIMIT ${RANK_LIMIT + 1})`;
}

/**
 * The FTS5 query for `terms`, every one a prefix. `strict` reads a word of four letters or more
 * that is not the last one as a whole word: a prefix of that length is not served by the
 * prefix indexes (prefix='1 2 3'), so FTS5 merges the doclists of all its words in memory
 * before it can skip any, as long as the académie for « marseille » or « jean »; a whole word
 * it reads lazily, seeking to the rows the other words allow. The last word is being typed and
 * stays a prefix; a strict read that finds too little is followed by the full prefix one.
 */
function ftsQuery(terms: readonly string[], column?: string, strict = false): string {
  const scope = column ? `${column} : ` : '';
  return terms
    .map((term, i) => (strict && term.length > 3 && i < terms.length - 1 ? `${scope}"${term}"` : `${scope}"${term}"*`))
    .join(' ');
}

export class DirectorySearch {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      // bm25 weights: names first (nom 10, prénom 8), then the address, the fonction, the place.
      people: db.prepare(rankedQuery('directory_people_search', '10.0, 8.0, 4.0, 2.0, 1.0', PERSON_SELECT, 'p', { from: 'm AS p', score: 'p.score' }, PERSON_FILTERS, 'p.sort_key')),
      structures: db.prepare(
        rankedQuery(
          'directory_structures_search',
          '10.0, 4.0, 10.0, 1.0',
          STRUCTURE_SELECT,
          's',
          { from: 'm JOIN directory_structures s ON s.id = m.id', score: 'm.score' },
          STRUCTURE_FILTERS,
          's.sort_key',
        ),
      ),
      // A single broad word: the people and structures whose name begins with it, from the sort index.
      peopleByName: db.prepare(
        `SELECT ${PERSON_SELECT} WHERE p.sort_key >= @from AND p.sort_key < @to AND p.mailbox IS NOT 'disabled' AND ${PERSON_FILTERS}
         ORDER BY p.sort_key LIMIT @limit`,
      ),
      structuresByName: db.prepare(
        `SELECT ${STRUCTURE_SELECT} WHERE s.sort_key >= @from AND s.sort_key < @to AND ${STRUCTURE_FILTERS} ORDER BY s.sort_key LIMIT @limit`,
      ),
      countPeople: db.prepare(countQuery('directory_people_search')).pluck(),
      countStructures: db.prepare(countQuery('directory_structures_search')).pluck(),
      // No words, only a circonscription or a degré: browse, alphabetically.
      peopleBrowse: db.prepare(`SELECT ${PERSON_SELECT} WHERE p.mailbox IS NOT 'disabled' AND ${PERSON_FILTERS} ORDER BY p.sort_key LIMIT @limit`),
      structuresBrowse: db.prepare(`SELECT ${STRUCTURE_SELECT} WHERE ${STRUCTURE_FILTERS} ORDER BY s.sort_key LIMIT @limit`),
    };
  }

  search(input: string, filters: SearchFilters = {}, limit = 10): SearchAnswer {
    const max = Math.max(1, Math.min(limit, MAX_RESULTS));
    const terms = queryTerms(input);
    const fonction = queryTerms(filters.fonction ?? '');
    const commune = queryTerms(filters.commune ?? '');
    const circonscription = filters.circonscription ? normalizeUai(filters.circonscription) : null;
    if (filters.circonscription && !circonscription) return { hits: [], broad: false };
    const params = { circonscription, degre: filters.degre === '1d' || filters.degre === '2d' ? filters.degre : null, limit: max };
    const wantPeople = filters.kind !== 'structure';
    // A fonction belongs to people only.
    const wantStructures = filters.kind !== 'person' && fonction.length === 0;

    if (terms.length === 0 && fonction.length === 0 && commune.length === 0) {
      if (!circonscription && !params.degre) return { hits: [], broad: false };
      const people = wantPeople ? (this.stmt.peopleBrowse.all(params) as PersonRow[]) : [];
      const structures = wantStructures ? (this.stmt.structuresBrowse.all(params) as StructureRow[]) : [];
      return { hits: [...structures.map(structureHit), ...people.map(personHit)].slice(0, max), broad: true };
    }

    // One word that matches more than can be ranked (one letter always does): the names that
    // begin with it, alphabetically, which is what someone typing a name is after; the index's
    // ranking fills in when too few names begin so (a commune, a fonction).
    const oneWord = terms.length === 1 && fonction.length === 0 && commune.length === 0;
    if (oneWord && (terms[0]!.length === 1 || this.matchesMoreThanRanked(terms[0]!))) {
      const range = { ...params, from: terms[0]!, to: terms[0]! + '\u{10FFFF}' };
      const people = wantPeople ? (this.stmt.peopleByName.all(range) as PersonRow[]) : [];
      const structures = wantStructures ? (this.stmt.structuresByName.all(range) as StructureRow[]) : [];
      if (terms[0]!.length === 1 || people.length + structures.length >= max) return { hits: merge(terms, people, structures, max), broad: true };
    }

    let broad = false;
    const read = <Row extends { id: number; matched: number }>(stmt: { all(params: object): unknown[] }, match: string, into: Row[]): void => {
      const rows = stmt.all({ ...params, match }) as Row[];
      if ((rows[0]?.matched ?? 0) > RANK_LIMIT) broad = true;
      const seen = new Set(into.map((row) => row.id));
      into.push(...rows.filter((row) => !seen.has(row.id)));
    };
    const people: PersonRow[] = [];
    const structures: StructureRow[] = [];
    const readAll = (strict: boolean) => {
      const peopleMatch = [ftsQuery(terms, undefined, strict), ftsQuery(fonction, 'work', strict), ftsQuery(commune, 'place', strict)];
      const structuresMatch = [ftsQuery(terms, undefined, strict), ftsQuery(commune, 'commune', strict)];
      if (wantPeople) read(this.stmt.people, peopleMatch.filter(Boolean).join(' '), people);
      if (wantStructures) read(this.stmt.structures, structuresMatch.filter(Boolean).join(' '), structures);
    };
    readAll(true);
    const anyWholeWord = [terms, fonction, commune].some((list) => list.slice(0, -1).some((term) => term.length > 3));
    if (anyWholeWord && people.length + structures.length < max) readAll(false);
    return { hits: merge(terms, people, structures, max), broad };
  }

  /** Whether either index has more than RANK_LIMIT entries with a word beginning `term` (read without ranking: cheap). */
  private matchesMoreThanRanked(term: string): boolean {
    const match = ftsQuery([term]);
    return (this.stmt.countPeople.get({ match }) as number) > RANK_LIMIT || (this.stmt.countStructures.get({ match }) as number) > RANK_LIMIT;
  }
}

function personHit(row: PersonRow): DirectoryHit {
  return {
    kind: 'person',
    nom: row.nom,
    prenom: row.prenom,
    adresse: row.address,
    fonction: row.fonction || null,
    uai: row.uai,
    structure: row.structure,
    commune: row.commune,
  };
}

function structureHit(row: StructureRow): DirectoryHit {
  return {
    kind: 'structure',
    nom: row.nom,
    prenom: null,
    adresse: row.address,
    fonction: STRUCTURE_TYPES[row.type].label,
    uai: row.uai,
    structure: row.nom,
    commune: row.commune || null,
  };
}

/**
 * People and structures in one list: first those whose own name answers more of the words
 * (« martin » finds the Martins before a school of the rue Martin), then each index's order.
 */
function merge(terms: readonly string[], people: readonly PersonRow[], structures: readonly StructureRow[], max: number): DirectoryHit[] {
  const ranked = [
    ...people.map((row, order) => ({ hit: personHit(row), names: nameMatches(terms, `${row.nom} ${row.prenom}`), order })),
    ...structures.map((row, order) => ({
      hit: structureHit(row),
      names: nameMatches(terms, `${STRUCTURE_TYPES[row.type].label} ${row.nom} ${row.uai}`),
      order,
    })),
  ];
  ranked.sort((a, b) => b.names - a.names || a.order - b.order || (a.hit.kind === b.hit.kind ? 0 : a.hit.kind === 'structure' ? -1 : 1));
  return ranked.slice(0, max).map((r) => r.hit);
}
