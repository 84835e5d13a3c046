/**
 * The annuaire's one search box: every word typed is a prefix that some indexed text of the
 * entry must begin (FTS5 folds accents and case on both sides, and word order does not
 * matter), over people and structures together: first the entries whose own name answers
 * more of the words, then alphabetically, as a directory is read.
 *
 * Bounded work whatever is typed: at most MAX_QUERY_TERMS words; each index is read for at
 * most RANK_LIMIT + 1 matches, without scoring (FTS5's bm25 cost ~10 µs a match, more than the
 * read), and only those are ranked. A query that matches more says it was broad; a single
 * word that broad is answered alphabetically from the name indexes.
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

/** How many of the terms begin some word of `text`: how well a hit's name answers the query. */
function nameMatches(terms: readonly string[], text: string): number {
  return foldedNameMatches(terms, foldText(text));
}

/** nameMatches for a text folded already (a row's sort key). */
function foldedNameMatches(terms: readonly string[], folded: string): number {
  const words = folded.split(' ');
  return terms.filter((term) => words.some((word) => word.startsWith(term))).length;
}

/** « école élémentaire », « circonscription »…: each type's label folded once. */
const FOLDED_TYPE_LABELS = new Map(Object.entries(STRUCTURE_TYPES).map(([type, { label }]) => [type, foldText(label)]));

interface PersonRow {
  id: number;
  nom: string;
  prenom: string;
  address: string;
  fonction: string;
  uai: string | null;
  structure: string | null;
  commune: string | null;
}

interface StructureRow {
  id: number;
  nom: string;
  type: StructureType;
  address: string;
  uai: string;
  commune: string;
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

/** The ids of at most RANK_LIMIT + 1 entries matching, in the index's order (no ranking: cheap). */
function matchQuery(index: string): string {
  return `SELECT rowid FROM ${index} WHERE ${index} MATCH @match LIMIT ${RANK_LIMIT + 1}`;
}

/** Rows by id, the ids given as a JSON array (at most RANK_LIMIT + 1 of them). */
const BY_IDS = `SELECT value FROM json_each(@ids)`;

/**
 * Articles and prepositions of names and places (« Aix-en-Provence », « Le Gall », « école de
 * la Gare »): read as prefixes they begin nearly every entry (« en » every « enseignant », « de »
 * every « des »), and FTS5 would walk those lists whole. They are left out of the index read
 * when another word remains, and still count in the ranking (nameMatches): « le gall » reads
 * « gall » and shows the Le Gall before the Gall.
 */
const LINK_WORDS: ReadonlySet<string> = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'sur', 'sous']);

function withoutLinkWords(terms: readonly string[]): string[] {
  const kept = terms.filter((term) => !LINK_WORDS.has(term));
  return kept.length > 0 ? kept : [...terms];
}

/**
 * The FTS5 query for `terms`, every one a prefix. `strict` reads a word of four letters or more
 * as a whole word: a prefix of that length is not served by the prefix indexes
 * (prefix='1 2 3'), so FTS5 merges the doclists of all the words it begins in memory before it
 * can skip any, as long as the académie for « professeur » or « marseille »; a whole word it
 * reads lazily, seeking to the rows the other words allow, and stops at RANK_LIMIT + 1. A strict
 * read that finds too little is followed by the prefix one (« dupon » while it is typed).
 */
function ftsQuery(terms: readonly string[], column?: string, strict = false): string {
  const scope = column ? `${column} : ` : '';
  return terms.map((term) => (strict && term.length > 3 ? `${scope}"${term}"` : `${scope}"${term}"*`)).join(' ');
}

export class DirectorySearch {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      peopleMatching: db.prepare(matchQuery('directory_people_search')).pluck(),
      structuresMatching: db.prepare(matchQuery('directory_structures_search')).pluck(),
      // What ranking needs of each match, and the filters; the rows of the few shown.
      peopleToRank: db.prepare(`SELECT p.id, p.sort_key AS sortKey FROM directory_people p WHERE p.id IN (${BY_IDS}) AND ${PERSON_FILTERS}`),
      structuresToRank: db.prepare(
        `SELECT s.id, s.type, s.uai, s.sort_key AS sortKey FROM directory_structures s WHERE s.id IN (${BY_IDS}) AND ${STRUCTURE_FILTERS}`,
      ),
      people: db.prepare(`SELECT ${PERSON_SELECT} WHERE p.id IN (${BY_IDS})`),
      structures: db.prepare(`SELECT ${STRUCTURE_SELECT} WHERE s.id IN (${BY_IDS})`),
      // A single broad word: the people and structures whose name begins with it, from the sort index.
      peopleByName: db.prepare(
        `SELECT ${PERSON_SELECT} WHERE p.sort_key >= @from AND p.sort_key < @to AND p.mailbox IS NOT 'disabled' AND ${PERSON_FILTERS}
         ORDER BY p.sort_key LIMIT @limit`,
      ),
      structuresByName: db.prepare(
        `SELECT ${STRUCTURE_SELECT} WHERE s.sort_key >= @from AND s.sort_key < @to AND ${STRUCTURE_FILTERS} ORDER BY s.sort_key LIMIT @limit`,
      ),
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

    // The matches of each index, the words read strictly first (see ftsQuery), then as prefixes
    // if that found too little.
    const peopleIds = new Set<number>();
    const structureIds = new Set<number>();
    const readAll = (strict: boolean) => {
      const [words, fonctionWords, communeWords] = [terms, fonction, commune].map(withoutLinkWords);
      const peopleMatch = [ftsQuery(words!, undefined, strict), ftsQuery(fonctionWords!, 'work', strict), ftsQuery(communeWords!, 'place', strict)];
      const structuresMatch = [ftsQuery(words!, undefined, strict), ftsQuery(communeWords!, 'commune', strict)];
      if (wantPeople) for (const id of this.stmt.peopleMatching.all({ match: peopleMatch.filter(Boolean).join(' ') }) as number[]) peopleIds.add(id);
      if (wantStructures) for (const id of this.stmt.structuresMatching.all({ match: structuresMatch.filter(Boolean).join(' ') }) as number[]) structureIds.add(id);
    };
    readAll(true);
    const anyWholeWord = [terms, fonction, commune].some((list) => list.some((term) => term.length > 3));
    if (anyWholeWord && peopleIds.size + structureIds.size < max) readAll(false);
    const broad = peopleIds.size > RANK_LIMIT || structureIds.size > RANK_LIMIT;

    // One word that matches more than can be ranked (one letter always does): the names that
    // begin with it, alphabetically, which is what someone typing a name is after; the ranked
    // matches answer when too few names begin so (a commune, a fonction).
    if (broad && terms.length === 1 && fonction.length === 0 && commune.length === 0) {
      const range = { ...params, from: terms[0]!, to: terms[0]! + '\u{10FFFF}' };
      const people = wantPeople ? (this.stmt.peopleByName.all(range) as PersonRow[]) : [];
      const structures = wantStructures ? (this.stmt.structuresByName.all(range) as StructureRow[]) : [];
      if (people.length + structures.length >= max) return { hits: merge(terms, people, structures, max), broad: true };
    }

    const people = this.best(this.stmt.peopleToRank, this.stmt.people, peopleIds, params, (row: RankRow) => row.sortKey, terms, max);
    const structures = this.best(
      this.stmt.structuresToRank,
      this.stmt.structures,
      structureIds,
      params,
      (row: RankRow) => `${FOLDED_TYPE_LABELS.get(row.type!)} ${row.sortKey} ${row.uai!.toLowerCase()}`,
      terms,
      max,
    );
    return { hits: merge(terms, people as PersonRow[], structures as StructureRow[], max), broad };
  }

  /**
   * The `max` best of the matches that pass the filters: those whose own name answers more of
   * the words first, then alphabetically; a directory is read by name, and a school of the rue
   * Martin comes after the Martins. Then the rows of those only, in that order.
   */
  private best(
    toRank: Statement,
    rows: Statement,
    ids: ReadonlySet<number>,
    params: object,
    /** The row's name, folded (its sort key, for a structure with its type and UAI). */
    name: (row: RankRow) => string,
    terms: readonly string[],
    max: number,
  ): Array<{ id: number }> {
    if (ids.size === 0) return [];
    const ranked = (toRank.all({ ...params, ids: JSON.stringify([...ids]) }) as RankRow[])
      .map((row) => ({ id: row.id, names: foldedNameMatches(terms, name(row)), sortKey: row.sortKey }))
      .sort((a, b) => b.names - a.names || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id - b.id))
      .slice(0, max);
    const byId = new Map((rows.all({ ids: JSON.stringify(ranked.map((r) => r.id)) }) as Array<{ id: number }>).map((row) => [row.id, row]));
    return ranked.map((r) => byId.get(r.id)).filter((row) => row !== undefined);
  }
}

interface RankRow {
  id: number;
  type?: StructureType;
  uai?: string;
  sortKey: string;
}

type Statement = { all(params: object): unknown[] };

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
