/**
 * The values of a référentiel row as the annuaire stores them, each with the French reason it
 * is refused: degré, secteur, zone, semaine, addresses, free text.
 */
import { foldText } from '../fold.js';
import type { Degre, Secteur, Semaine, Zone } from '../structure-types.js';

/** A name, a fonction, a commune: longer is not one. */
export const MAX_TEXT_CHARS = 200;
/** RFC 5321 4.5.3.1.3: a path is at most 256 octets, so an address at most 254 characters. */
const MAX_ADDRESS_CHARS = 254;
const ADDRESS = /^[a-z0-9](?:[a-z0-9._+-]*[a-z0-9_])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export type Parsed<T> = { value: T } | { problem: string };

/** An address in lower case, or why it is not one. */
export function parseAddress(input: string, what: string): Parsed<string> {
  const address = input.trim().toLowerCase();
  if (address.length > MAX_ADDRESS_CHARS || !ADDRESS.test(address)) {
    return { problem: `${what} « ${input.trim().slice(0, 80)} » mal formée (attendu : prenom.nom@domaine)` };
  }
  return { value: address };
}

export function parseText(input: string, what: string): Parsed<string> {
  const text = input.trim().replace(/\s+/g, ' ');
  return text.length > MAX_TEXT_CHARS ? { problem: `${what} trop long (plus de ${MAX_TEXT_CHARS} caractères)` } : { value: text };
}

/** `1d`, `1`, `1er degré`, `premier degré`; `2d`, `2`, `2nd degré`, `second degré`. Empty: the type's. */
export function parseDegre(input: string): Parsed<Degre | null> {
  const folded = foldText(input).replace(/\s+/g, '');
  if (folded === '') return { value: null };
  if (['1d', '1', '1er', '1erdegre', 'premier', 'premierdegre'].includes(folded)) return { value: '1d' };
  if (['2d', '2', '2nd', '2nddegre', '2ddegre', 'second', 'seconddegre'].includes(folded)) return { value: '2d' };
  return { problem: `degré « ${input.trim()} » inconnu (attendu : 1d ou 2d)` };
}

/** `public`; `privé`, `privé sous contrat`. Empty: public. */
export function parseSecteur(input: string): Parsed<Secteur> {
  const folded = foldText(input);
  if (folded === '' || folded === 'public' || folded === 'pu') return { value: 'public' };
  if (folded === 'prive' || folded.startsWith('prive ') || folded === 'pr') return { value: 'prive' };
  return { problem: `secteur « ${input.trim()} » inconnu (attendu : public ou privé)` };
}

/** The zone de vacances: A, B or C (`zone B` too). Empty: none. */
export function parseZone(input: string): Parsed<Zone | null> {
  const folded = foldText(input).replace(/^zone\s*/, '');
  if (folded === '') return { value: null };
  if (folded === 'a' || folded === 'b' || folded === 'c') return { value: folded.toUpperCase() as Zone };
  return { problem: `zone de vacances « ${input.trim()} » inconnue (attendu : A, B ou C)` };
}

/** `4j` or `4.5j` (`4 jours`, `4,5 j`, `4.5`). Empty: none. */
export function parseSemaine(input: string): Parsed<Semaine | null> {
  const compact = input.trim().toLowerCase().replace(/\s+/g, '').replace(',', '.').replace(/(jours?|j)$/, '');
  if (compact === '') return { value: null };
  if (compact === '4') return { value: '4j' };
  if (compact === '4.5' || compact === '4et1/2' || compact === '4demi') return { value: '4.5j' };
  return { problem: `semaine « ${input.trim()} » inconnue (attendu : 4j ou 4.5j)` };
}
