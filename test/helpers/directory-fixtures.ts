/**
 * A small académie for the annuaire's web tests, written through the directory's own writer
 * (as an import would): the DSDEN, two circonscriptions (Marseille 5 – Saint-Just with its IEN,
 * and Aubagne), the école Jean Jaurès with its director and two teachers, a maternelle, a
 * collège, and the gestionnaire. The same anchor facts as the demo académie.
 */
import type { Directory, PersonRecord, StructureRecord } from '../../src/directory/index.js';
import { afterEach, beforeEach } from 'vitest';
import { signedInUser, startWebTest, type WebClient, type WebTest } from './web.js';

export const UAI = {
  dsden: '0131000S',
  circonscription: '0133300S',
  aubagne: '0133301T',
  ecole: '0131234W',
  maternelle: '0131235X',
  college: '0132345D',
} as const;

export const PEOPLE = {
  ien: { prenom: 'Sophie', nom: 'Martin-Durand', address: 'sophie.martin-durand@ac-test.fr' },
  directeur: { prenom: 'Marc', nom: 'Lefèvre', address: 'marc.lefevre@ac-test.fr' },
  teacher: { prenom: 'Charlotte', nom: 'Habotté', address: 'charlotte.habotte@ac-test.fr' },
  colleague: { prenom: 'Émilie', nom: 'Girard', address: 'emilie.girard@ac-test.fr' },
  gestionnaire: { prenom: 'Nadia', nom: 'Benali', address: 'nadia.benali@ac-test.fr' },
  professeur: { prenom: 'Jean-Pierre', nom: 'Dupont', address: 'jean-pierre.dupont@ac-test.fr' },
  maternelle: { prenom: 'Lucie', nom: 'Moreau', address: 'lucie.moreau@ac-test.fr' },
  dasen: { prenom: 'Bernard', nom: 'Olivier', address: 'bernard.olivier@ac-test.fr' },
} as const;

/** People of the annuaire who have no mailbox here yet (no « Écrire » for them). */
export const WITHOUT_MAILBOX: ReadonlySet<string> = new Set([PEOPLE.maternelle.address]);

/** A structure record, Marseille by default: only what a test cares about is given. */
export function structure(s: Partial<StructureRecord> & Pick<StructureRecord, 'uai' | 'type' | 'nom'>): StructureRecord {
  return { commune: 'Marseille', codePostal: '13013', degre: null, secteur: 'public', circonscription: null, zone: 'B', semaine: null, ...s };
}

/** A person record, an enseignant with no affectation by default. */
export function person(p: Partial<PersonRecord> & Pick<PersonRecord, 'nom' | 'prenom' | 'address'>): PersonRecord {
  return { fonction: '', corps: '', discipline: '', role: 'enseignant', affectations: [], gestionnaire: null, ...p };
}

export const STRUCTURES: readonly StructureRecord[] = [
  structure({ uai: UAI.dsden, type: 'dsden', nom: 'DSDEN des Bouches-du-Rhône', codePostal: '13006' }),
  structure({ uai: UAI.circonscription, type: 'circonscription', nom: 'Marseille 5 – Saint-Just', degre: '1d' }),
  structure({ uai: UAI.aubagne, type: 'circonscription', nom: 'Aubagne', commune: 'Aubagne', codePostal: '13400', degre: '1d' }),
  structure({ uai: UAI.ecole, type: 'ecole_elementaire', nom: 'Jean Jaurès', degre: '1d', circonscription: UAI.circonscription, semaine: '4j' }),
  structure({ uai: UAI.maternelle, type: 'ecole_maternelle', nom: 'Les Lilas', commune: 'Aubagne', codePostal: '13400', degre: '1d', circonscription: UAI.aubagne, semaine: '4.5j' }),
  structure({ uai: UAI.college, type: 'college', nom: 'Édouard Manet', commune: 'Aubagne', codePostal: '13400', degre: '2d' }),
];

export const PERSONS: readonly PersonRecord[] = [
  person({ ...PEOPLE.ien, role: 'ien', fonction: "inspectrice de l'éducation nationale", affectations: [UAI.circonscription] }),
  person({ ...PEOPLE.directeur, role: 'directeur', fonction: "directeur d'école", affectations: [UAI.ecole] }),
  person({ ...PEOPLE.dasen, role: 'directeur', fonction: 'directeur académique des services de l’éducation nationale', affectations: [UAI.dsden] }),
  person({ ...PEOPLE.gestionnaire, role: 'gestionnaire', fonction: 'gestionnaire, bureau du 1er degré', affectations: [UAI.dsden] }),
  person({ ...PEOPLE.teacher, fonction: 'professeure des écoles', affectations: [UAI.ecole], gestionnaire: PEOPLE.gestionnaire.address }),
  person({ ...PEOPLE.colleague, fonction: 'professeure des écoles', affectations: [UAI.ecole], gestionnaire: PEOPLE.gestionnaire.address }),
  person({ ...PEOPLE.maternelle, fonction: 'professeure des écoles', affectations: [UAI.maternelle] }),
  person({ ...PEOPLE.professeur, fonction: "professeur agrégé d'histoire-géographie", discipline: 'histoire-géographie', affectations: [UAI.college] }),
];

/** Writes the académie in one transaction, as `webmel directory import` would. */
export function seedDirectory(directory: Directory): void {
  const writer = directory.writer;
  writer.transaction(() => {
    for (const s of STRUCTURES) writer.upsertStructure(s);
    for (const p of PERSONS) writer.upsertPerson(p);
  });
}

/**
 * A Webmel with this académie in its annuaire, a mailbox for everyone but WITHOUT_MAILBOX, and
 * the teacher (Charlotte Habotté) signed in.
 */
export async function startAnnuaireTest(): Promise<{ t: WebTest; client: WebClient }> {
  const t = await startWebTest();
  seedDirectory(t.webmel.services.directory);
  for (const p of Object.values(PEOPLE)) {
    if (p !== PEOPLE.teacher && !WITHOUT_MAILBOX.has(p.address)) t.webmel.addAccount({ prenom: p.prenom, nom: p.nom, address: p.address });
  }
  const { client } = await signedInUser(t, { prenom: PEOPLE.teacher.prenom, nom: PEOPLE.teacher.nom });
  return { t, client };
}

/** For a suite: a fresh `startAnnuaireTest()` before each test, stopped after it. */
export function annuaireTestBed(): { readonly t: WebTest; readonly client: WebClient } {
  const bed = {} as { t: WebTest; client: WebClient };
  beforeEach(async () => {
    Object.assign(bed, await startAnnuaireTest());
  });
  afterEach(async () => {
    await bed.t.stop();
  });
  return bed;
}
