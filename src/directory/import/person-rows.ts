/** A row of a people file as the PersonRecord the writer upserts, or why it is refused. Never reads a NUMEN. */
import type { PersonRecord } from '../directory-writer.js';
import { normalizeRole } from '../roles.js';
import { normalizeUai, uaiProblem } from '../uai.js';
import { cell, type CsvLayout, type CsvRow } from './csv-table.js';
import { parseAddress, parseText } from './row-values.js';
import type { CheckedRow } from './structure-rows.js';

/** Affectations a person has at most: a teacher on several schools, not a whole circonscription. */
export const MAX_AFFECTATIONS = 20;

export interface PersonRowOptions {
  /** Whether a UAI names a structure of the annuaire (an affectation must). */
  knownUai(uai: string): boolean;
  /** `user import`: an empty address is formed by the identity rules (the record's address is then ''). */
  addressOptional?: boolean;
}

export function personFromRow(layout: CsvLayout, row: CsvRow, options: PersonRowOptions): CheckedRow<PersonRecord> {
  const value = (column: string) => cell(layout, row, column);
  const rawAddress = value('adresse');
  let address = '';
  if (rawAddress !== '') {
    const parsed = parseAddress(rawAddress, 'adresse');
    if ('problem' in parsed) return { key: null, record: null, problem: parsed.problem };
    address = parsed.value;
  } else if (!options.addressOptional) {
    return { key: null, record: null, problem: 'adresse manquante' };
  }
  const key = address === '' ? null : address;
  const refuse = (problem: string): CheckedRow<PersonRecord> => ({ key, record: null, problem });

  const texts: Record<'nom' | 'prenom' | 'fonction' | 'corps' | 'discipline', string> = { nom: '', prenom: '', fonction: '', corps: '', discipline: '' };
  for (const column of ['nom', 'prenom', 'fonction', 'corps', 'discipline'] as const) {
    const parsed = parseText(value(column), column === 'prenom' ? 'prénom' : column);
    if ('problem' in parsed) return refuse(parsed.problem);
    texts[column] = parsed.value;
  }
  if (texts.nom === '') return refuse('nom manquant');
  if (texts.prenom === '') return refuse('prénom manquant');

  const affectations: string[] = [];
  for (const raw of value('uai').split('|').map((part) => part.trim()).filter((part) => part !== '')) {
    const uai = normalizeUai(raw);
    if (!uai) return refuse(`affectation : ${uaiProblem(raw)}`);
    if (!options.knownUai(uai)) return refuse(`affectation ${uai} inconnue de l’annuaire (importez d’abord les structures)`);
    if (!affectations.includes(uai)) affectations.push(uai);
  }
  if (affectations.length > MAX_AFFECTATIONS) return refuse(`plus de ${MAX_AFFECTATIONS} affectations`);

  const rawGestionnaire = value('gestionnaire');
  let gestionnaire: string | null = null;
  if (rawGestionnaire !== '') {
    const parsed = parseAddress(rawGestionnaire, 'adresse du gestionnaire');
    if ('problem' in parsed) return refuse(parsed.problem);
    gestionnaire = parsed.value;
  }
  const role = parseText(value('role'), 'rôle');
  if ('problem' in role) return refuse(role.problem);
  const decharge = parseDecharge(value('decharge'));
  if (decharge === null) return refuse(`décharge « ${value('decharge')} » : « totale » pour une décharge complète, sinon vide ou la quotité (« 1/4 », « 50 % »)`);
  return {
    key,
    problem: null,
    record: { address, ...texts, role: normalizeRole(role.value), affectations, gestionnaire, dechargeTotale: decharge },
  };
}

const FULL_DISCHARGE = /^(totale?|complete|oui|o|1|1\/1|100 ?%?)$/;
const PARTIAL_DISCHARGE = /^(|non|n|0|aucune|partielle|\d{1,2}(?:[.,]\d+)? ?%|\d\/\d)$/;

/** Whether the `decharge` column says a full discharge; null when it says nothing we can read. */
function parseDecharge(raw: string): boolean | null {
  const text = raw.trim().toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
  if (FULL_DISCHARGE.test(text)) return true;
  if (PARTIAL_DISCHARGE.test(text)) return false;
  return null;
}
