/**
 * The words of an administrative situation, each a closed list with its French label: grade,
 * position, kinds of congé. What a form offers and an import accepts; a value outside them is
 * refused with the list of those allowed.
 */

/**
 * How labels are compared: accents, case, hyphens and apostrophes aside (« Hors-classe » is
 * « hors classe », « professeure des écoles » keeps its e: the grids list both forms).
 */
export function foldLabel(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The three grades of the PPCR corps of teachers (décret n° 2017-786 du 5 mai 2017 created the classe exceptionnelle). */
export const GRADES = {
  classe_normale: 'Classe normale',
  hors_classe: 'Hors classe',
  classe_exceptionnelle: 'Classe exceptionnelle',
} as const;
export type Grade = keyof typeof GRADES;

/** Code général de la fonction publique, art. L511-1: a fonctionnaire is in one of these four positions. */
export const POSITIONS = {
  activite: 'Activité',
  detachement: 'Détachement',
  disponibilite: 'Disponibilité',
  conge_parental: 'Congé parental',
} as const;
export type Position = keyof typeof POSITIONS;

/** The congés a dossier records most (CGFP, livre VIII), and « autre » for the rest. */
export const CONGE_KINDS = {
  maladie_ordinaire: 'Congé de maladie ordinaire',
  longue_maladie: 'Congé de longue maladie',
  longue_duree: 'Congé de longue durée',
  maternite: 'Congé de maternité',
  paternite: 'Congé de paternité et d’accueil de l’enfant',
  adoption: 'Congé d’adoption',
  formation: 'Congé de formation professionnelle',
  presence_parentale: 'Congé de présence parentale',
  proche_aidant: 'Congé de proche aidant',
  autre: 'Autre congé',
} as const;
export type CongeKind = keyof typeof CONGE_KINDS;

/**
 * The code of a closed list from what a form or a file says: the code itself or its label,
 * case and accents aside (« hors classe », « Hors-classe », « hors_classe »). Null otherwise.
 */
export function codeOf<K extends string>(list: Readonly<Record<K, string>>, text: string): K | null {
  const folded = foldLabel(text.replaceAll('_', ' '));
  if (folded === '') return null;
  for (const [code, label] of Object.entries(list) as Array<[K, string]>) {
    if (foldLabel(code.replaceAll('_', ' ')) === folded || foldLabel(label) === folded) return code;
  }
  return null;
}

/** « Classe normale, Hors classe ou Classe exceptionnelle », for a refusal. */
export function choicesOf(list: Readonly<Record<string, string>>): string {
  const labels = Object.values(list).map((label) => `« ${label} »`);
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} ou ${labels.at(-1)}`;
}
