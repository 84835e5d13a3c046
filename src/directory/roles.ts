/**
 * What a person does in the académie, for the services that read the annuaire: the IEN of a
 * circonscription, the director of an école, the gestionnaire of a file, the union. Other
 * roles are kept as written (free text).
 */

export const KNOWN_ROLES = ['enseignant', 'directeur', 'ien', 'gestionnaire', 'admin', 'syndicat'] as const;
export type KnownRole = (typeof KNOWN_ROLES)[number];

/**
 * The words a search for the role finds, beside the person's own fonction. None for
 * `enseignant`, the role of most of the académie: a word every teacher's entry carries selects
 * nobody, and would cost the index two entries for each of a million people.
 */
const ROLE_WORDS: Record<KnownRole, string> = {
  enseignant: '',
  directeur: 'directeur directrice direction',
  ien: 'IEN inspecteur inspectrice',
  gestionnaire: 'gestionnaire',
  admin: 'administrateur administratrice',
  syndicat: 'syndicat',
};

export function roleSearchWords(role: string): string {
  return (ROLE_WORDS as Record<string, string>)[role] ?? role;
}

/** A role as stored: a known one in lower case, free text trimmed and bounded. */
export function normalizeRole(input: string): string {
  const role = input.trim().replace(/\s+/g, ' ').slice(0, 80);
  const lower = role.toLowerCase();
  return (KNOWN_ROLES as readonly string[]).includes(lower) ? lower : role || 'enseignant';
}
