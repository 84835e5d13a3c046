/**
 * How a structure is named to a reader: « École élémentaire Jean Jaurès », « Circonscription
 * Marseille 5 – Saint-Just », « DSDEN des Bouches-du-Rhône ». A school's or a circonscription's
 * name in the référentiel is often its proper name alone, so its type goes first, unless the
 * name already begins with it; a service's name says what it is.
 */
import { parseStructureType, type StructureType } from '../../directory/index.js';
import type { DirectoryHit, Structure } from '../../directory/index.js';

const NAMED_WITH_TYPE: ReadonlySet<StructureType> = new Set<StructureType>([
  'ecole_maternelle',
  'ecole_elementaire',
  'ecole_primaire',
  'college',
  'lycee',
  'lycee_professionnel',
  'circonscription',
]);

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

export function titleOf(type: StructureType | null, typeLabel: string, nom: string): string {
  if (!type || !NAMED_WITH_TYPE.has(type) || folded(nom).startsWith(folded(typeLabel))) return nom;
  return `${typeLabel} ${nom}`;
}

/** Whether the title already says the type (so a card need not repeat it). */
export function titleSaysType(type: StructureType | null, typeLabel: string, nom: string): boolean {
  return titleOf(type, typeLabel, nom) !== nom || folded(nom).startsWith(folded(typeLabel));
}

export function structureTitle(s: Pick<Structure, 'type' | 'typeLabel' | 'nom'>): string {
  return titleOf(s.type, s.typeLabel, s.nom);
}

/** A search hit of kind `structure` carries its type's label in `fonction`. */
export function hitStructureTitle(hit: DirectoryHit): string {
  const label = hit.fonction ?? '';
  return titleOf(parseStructureType(label), label, hit.nom);
}

export function hitTitleSaysType(hit: DirectoryHit): boolean {
  const label = hit.fonction ?? '';
  return titleSaysType(parseStructureType(label), label, hit.nom);
}
