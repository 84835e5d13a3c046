/**
 * Académie identity rules shared with the career portal (I-Prof): login, address, NUMEN.
 * See shared/domain.md §3.1–3.3. Pure functions; the account store applies them.
 */

/** Letters that NFD does not decompose into a base letter plus accents. */
const LIGATURES: Record<string, string> = { æ: 'ae', œ: 'oe', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', ı: 'i' };

/** Lowercase, accents removed, ligatures spelled out: « Habotté » → « habotte ». */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[æœßøđłı]/g, (c) => LIGATURES[c] ?? c);
}

/** Splits a name into its words: spaces and hyphens separate them, apostrophes vanish (N'Diaye → ndiaye). */
function nameWords(name: string): string[] {
  return foldAccents(name)
    .replace(/['’‘`]+/gu, '')
    .split(/[\s-]+/u)
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter((word) => word.length > 0);
}

/**
 * Login stem: first letter of the prénom + full nom, lowercase, no accents, spaces and
 * apostrophes removed, hyphens kept (`Le Gall` → `legall`, `Le-Gall` → `le-gall`).
 */
export function loginStem(prenom: string, nom: string): string {
  const first = nameWords(prenom)[0]?.[0];
  const family = foldAccents(nom)
    .replace(/[\s'’‘`]+/gu, '')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
  if (!first || !family) throw new IdentityError('Le prénom et le nom doivent contenir au moins une lettre.');
  return first + family;
}

/** Address local part: `prenom.nom`, compound names joined with `-` (§3.1). */
export function addressStem(prenom: string, nom: string): string {
  const first = nameWords(prenom).join('-');
  const family = nameWords(nom).join('-');
  if (!first || !family) throw new IdentityError('Le prénom et le nom doivent contenir au moins une lettre.');
  return `${first}.${family}`;
}

/**
 * Homonyms get a digit: the first keeps the stem, then stem1, stem2… (§3.2).
 * `taken` answers whether a candidate is already used.
 */
export function firstFreeName(stem: string, taken: (candidate: string) => boolean): string {
  if (!taken(stem)) return stem;
  for (let n = 1; n < 1000; n++) {
    if (!taken(`${stem}${n}`)) return `${stem}${n}`;
  }
  throw new IdentityError(`Trop d'homonymes pour « ${stem} ».`);
}

/**
 * How a typed login or address is compared: case- and accent-insensitive, surrounding
 * spaces ignored (`Chabotté` = `chabotte`).
 */
export function normalizeLoginInput(input: string): string {
  return foldAccents(input.trim());
}

/** RFC 5321 2.4: the domain is case-insensitive; we also treat local parts case-insensitively. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * NUMEN (§3.3): 2 digits (académie), 1 letter (system), 2 digits (year), 5 digits, 3 letters.
 * Typed with spaces or in lower case, it is still the same NUMEN.
 */
const NUMEN_PATTERN = /^[0-9]{2}[A-Z][0-9]{7}[A-Z]{3}$/;

export function normalizeNumen(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function isValidNumen(input: string): boolean {
  return NUMEN_PATTERN.test(normalizeNumen(input));
}

/** Date of birth as YYYY-MM-DD, a real calendar day. */
export function isValidBirthDate(input: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!match) return false;
  const date = new Date(`${input}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(input);
}

export class IdentityError extends Error {
  override name = 'IdentityError';
}
