/**
 * The UAI (unité administrative immatriculée, ex-RNE) that names every school and service:
 * 7 digits, the first 3 the département, then a check letter, the 7-digit number mod 23
 * indexing an alphabet without I, O and Q (shared/domain.md §3.8: `0951099D`). Stored upper
 * case; typed in any case.
 */

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The UAI as stored (trimmed, upper case), or null when it is not one: wrong shape or check letter. */
export function normalizeUai(input: string): string | null {
  const uai = input.trim().toUpperCase();
  const match = /^([0-9]{7})([A-Z])$/.exec(uai);
  return match && UAI_LETTERS[Number(match[1]) % 23] === match[2] ? uai : null;
}

export function isValidUai(input: string): boolean {
  return normalizeUai(input) !== null;
}

/** Why a typed UAI is refused, in French, or null when it is valid. */
export function uaiProblem(input: string): string | null {
  const uai = input.trim().toUpperCase();
  if (!/^[0-9]{7}[A-Z]$/.test(uai)) return `UAI invalide « ${input.trim()} » : 7 chiffres et une lettre (ex. 0951099D)`;
  const expected = UAI_LETTERS[Number(uai.slice(0, 7)) % 23];
  return uai[7] === expected ? null : `lettre de contrôle de l’UAI ${uai} fausse : ${uai.slice(0, 7)}${expected} attendu`;
}

/** The UAI of a 7-digit number: the number and its check letter. */
export function uaiWithCheckLetter(digits: string): string {
  if (!/^[0-9]{7}$/.test(digits)) throw new RangeError(`not 7 digits: ${digits}`);
  return digits + UAI_LETTERS[Number(digits) % 23];
}

/** The département of a UAI: its first 3 digits (013 for the Bouches-du-Rhône, 974 for La Réunion). */
export function uaiDepartement(uai: string): string {
  return uai.slice(0, 3);
}

/** The functional address of a structure, shared by its staff: `ce.<uai in lower case>@<domain>` (§3.1). */
export function functionalAddress(uai: string, domain: string): string {
  return `ce.${uai.toLowerCase()}@${domain}`;
}
