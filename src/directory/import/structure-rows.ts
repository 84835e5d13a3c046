/** A row of a structures file as the StructureRecord the writer upserts, or why it is refused. */
import type { StructureRecord } from '../directory-writer.js';
import { STRUCTURE_TYPES, isEcole, parseStructureType } from '../structure-types.js';
import { normalizeUai, uaiProblem } from '../uai.js';
import { cell, type CsvLayout, type CsvRow } from './csv-table.js';
import { parseDegre, parseSecteur, parseSemaine, parseText, parseZone } from './row-values.js';

/** What a row gives: its key (for duplicates and --prune) whenever the UAI is readable, and the record or the reason. */
export type CheckedRow<R> = { key: string | null } & ({ record: R; problem: null } | { record: null; problem: string });

const TYPE_NAMES = Object.keys(STRUCTURE_TYPES).join(', ');

export function structureFromRow(layout: CsvLayout, row: CsvRow): CheckedRow<StructureRecord> {
  const value = (column: string) => cell(layout, row, column);
  const rawUai = value('uai');
  if (rawUai === '') return { key: null, record: null, problem: 'UAI manquante' };
  const uai = normalizeUai(rawUai);
  if (!uai) return { key: null, record: null, problem: uaiProblem(rawUai)! };
  const refuse = (problem: string): CheckedRow<StructureRecord> => ({ key: uai, record: null, problem });

  const rawType = value('type');
  if (rawType === '') return refuse('type manquant');
  const type = parseStructureType(rawType);
  if (!type) return refuse(`type « ${rawType} » inconnu (attendu : ${TYPE_NAMES})`);
  const nom = parseText(value('nom'), 'nom');
  if ('problem' in nom) return refuse(nom.problem);
  if (nom.value === '') return refuse('nom manquant');
  const commune = parseText(value('commune'), 'commune');
  if ('problem' in commune) return refuse(commune.problem);
  const codePostal = value('code_postal');
  if (codePostal !== '' && !/^[0-9]{5}$/.test(codePostal)) return refuse(`code postal « ${codePostal} » invalide (5 chiffres)`);
  const degre = parseDegre(value('degre'));
  if ('problem' in degre) return refuse(degre.problem);
  const secteur = parseSecteur(value('secteur'));
  if ('problem' in secteur) return refuse(secteur.problem);
  const zone = parseZone(value('zone'));
  if ('problem' in zone) return refuse(zone.problem);
  const semaine = parseSemaine(value('semaine'));
  if ('problem' in semaine) return refuse(semaine.problem);

  // An école's circonscription: whether it exists is checked once the whole file is read (it may come later).
  const rawCirconscription = value('circonscription');
  let circonscription: string | null = null;
  if (rawCirconscription !== '') {
    if (!isEcole(type)) return refuse(`seule une école a une circonscription (ici : ${STRUCTURE_TYPES[type].label.toLowerCase()})`);
    circonscription = normalizeUai(rawCirconscription);
    if (!circonscription) return refuse(`circonscription : ${uaiProblem(rawCirconscription)}`);
  }
  return {
    key: uai,
    problem: null,
    record: {
      uai,
      type,
      nom: nom.value,
      commune: commune.value,
      codePostal,
      degre: degre.value ?? STRUCTURE_TYPES[type].degre,
      secteur: secteur.value,
      circonscription,
      zone: zone.value,
      semaine: semaine.value,
    },
  };
}
