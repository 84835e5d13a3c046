/**
 * « Communiquer au maire » as a spreadsheet: counts per école, never a name. French Excel
 * opens it as it is (views/csv.ts).
 */
import type { EcoleCount } from '../../strikes/index.js';
import { csvDocument } from '../views/csv.js';

export { csvCell } from '../views/csv.js';

export const MAYOR_CSV_HEADER = ['commune', 'uai', 'ecole', 'declarants', 'effectif', 'seuil_25'] as const;

export function mayorCsv(communes: ReadonlyArray<{ commune: string; ecoles: readonly EcoleCount[] }>): string {
  return csvDocument(
    MAYOR_CSV_HEADER,
    communes.flatMap(({ commune, ecoles }) => ecoles.map((e) => [commune, e.ecole.uai, e.ecole.nom, e.declarants, e.headcount, e.accueilThreshold ? 'oui' : 'non'])),
  );
}
