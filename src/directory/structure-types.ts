/**
 * The kinds of structure of the annuaire, as the référentiel's CSV names them and as staff
 * read them, with the degré each implies (écoles are the 1er degré, collèges and lycées the
 * 2nd; services belong to neither).
 */
import { foldText } from './fold.js';

export const STRUCTURE_TYPES = {
  ecole_maternelle: { label: 'École maternelle', degre: '1d', ecole: true, school: true },
  ecole_elementaire: { label: 'École élémentaire', degre: '1d', ecole: true, school: true },
  ecole_primaire: { label: 'École primaire', degre: '1d', ecole: true, school: true },
  college: { label: 'Collège', degre: '2d', ecole: false, school: true },
  lycee: { label: 'Lycée', degre: '2d', ecole: false, school: true },
  lycee_professionnel: { label: 'Lycée professionnel', degre: '2d', ecole: false, school: true },
  circonscription: { label: 'Circonscription', degre: '1d', ecole: false, school: false },
  dsden: { label: 'Direction des services départementaux (DSDEN)', degre: null, ecole: false, school: false },
  rectorat: { label: 'Rectorat', degre: null, ecole: false, school: false },
  service: { label: 'Service', degre: null, ecole: false, school: false },
} as const;

export type StructureType = keyof typeof STRUCTURE_TYPES;
export type Degre = '1d' | '2d';
export type Secteur = 'public' | 'prive';
export type Zone = 'A' | 'B' | 'C';
/** `4j`: lundi, mardi, jeudi, vendredi; `4.5j`: the same and mercredi matin. */
export type Semaine = '4j' | '4.5j';

export const WEEK_DAYS: Record<Semaine, string> = {
  '4j': 'lundi, mardi, jeudi, vendredi',
  '4.5j': 'lundi, mardi, mercredi matin, jeudi, vendredi',
};

const BY_NAME = new Map<string, StructureType>();
for (const [key, { label }] of Object.entries(STRUCTURE_TYPES) as Array<[StructureType, { label: string }]>) {
  BY_NAME.set(foldText(key), key);
  BY_NAME.set(foldText(label), key);
}
// The names the référentiels also use.
for (const [alias, key] of [
  ['ecole', 'ecole_primaire'],
  ['maternelle', 'ecole_maternelle'],
  ['elementaire', 'ecole_elementaire'],
  ['lp', 'lycee_professionnel'],
  ['lycee general', 'lycee'],
  ['lycee general et technologique', 'lycee'],
  ['lgt', 'lycee'],
  ['ien', 'circonscription'],
  ['dsden', 'dsden'],
  ['direction academique', 'dsden'],
] as const) {
  BY_NAME.set(alias, key);
}

/** The type of a structure as written in a CSV (« École élémentaire », `ecole_elementaire`, « LP »…), or null. */
export function parseStructureType(input: string): StructureType | null {
  return BY_NAME.get(foldText(input)) ?? null;
}

export function isEcole(type: StructureType): boolean {
  return STRUCTURE_TYPES[type].ecole;
}

/** An école or an établissement (collège, lycée): where pupils are taught, unlike a circonscription or a service. */
export function isSchool(type: StructureType): boolean {
  return STRUCTURE_TYPES[type].school;
}
