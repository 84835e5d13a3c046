/**
 * What the annuaire's form asks, read from the query string: the words typed and the filters.
 * Anything may arrive here (the URL is the reader's to type): each value is a string or
 * nothing, bounded, without control characters; a circonscription is a valid UAI or nothing.
 * The directory then keeps only letters and digits of the words (no FTS5 syntax reaches it).
 */
import { normalizeUai, type Degre, type SearchFilters } from '../../directory/index.js';
import { queryString } from '../views/urls.js';
import { ANNUAIRE_URL } from './directory-urls.js';

/** Characters of the search field kept, and shown back: a name, a school and a town fit in far fewer. */
export const MAX_QUERY_CHARS = 200;
/** Characters of the fonction and commune filters. */
const MAX_FILTER_CHARS = 100;

export type Kind = 'person' | 'structure';

export interface AnnuaireQuery {
  q: string;
  kind: Kind | null;
  fonction: string;
  commune: string;
  /** A circonscription's UAI (upper case), or null. */
  circonscription: string | null;
  degre: Degre | null;
}

// C0 controls, DEL and the Unicode line separators: shown back as spaces.
const CONTROLS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max).replace(CONTROLS, ' ').trim() : '';
}

export function parseAnnuaireQuery(query: Record<string, unknown>): AnnuaireQuery {
  const kind = query.kind === 'person' || query.kind === 'structure' ? query.kind : null;
  const degre = query.degre === '1d' || query.degre === '2d' ? query.degre : null;
  const circonscription = typeof query.circonscription === 'string' ? normalizeUai(query.circonscription.slice(0, 16)) : null;
  return { q: text(query.q, MAX_QUERY_CHARS), kind, fonction: text(query.fonction, MAX_FILTER_CHARS), commune: text(query.commune, MAX_FILTER_CHARS), circonscription, degre };
}

export function filtersOf(query: AnnuaireQuery): SearchFilters {
  return { kind: query.kind, fonction: query.fonction || null, commune: query.commune || null, circonscription: query.circonscription, degre: query.degre };
}

/** True when nothing was asked (people or structures alone is not a question): the page shows its help. */
export function isEmptyQuery(query: AnnuaireQuery): boolean {
  return !query.q && !query.fonction && !query.commune && !query.circonscription && !query.degre;
}

/** The search's own URL, with only what was asked (the address bar after an htmx search). */
export function annuaireUrl(query: AnnuaireQuery): string {
  return `${ANNUAIRE_URL}${queryString({ ...query })}`;
}
