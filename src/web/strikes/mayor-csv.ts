/**
 * « Communiquer au maire » as a spreadsheet: counts per école, never a name. French Excel
 * opens it as it is: UTF-8 with a BOM, `;` between cells, CRLF between lines (RFC 4180).
 */
import type { EcoleCount } from '../../strikes/index.js';

export const MAYOR_CSV_HEADER = ['commune', 'uai', 'ecole', 'declarants', 'effectif', 'seuil_25'] as const;

/**
 * One cell: quoted when it holds a separator, a quote or a line break (RFC 4180 2.6-2.7), and a
 * text starting with = + - @ made inert with a leading ' (a spreadsheet would run it as a
 * formula: CSV injection, OWASP).
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function mayorCsv(communes: ReadonlyArray<{ commune: string; ecoles: readonly EcoleCount[] }>): string {
  const lines = [MAYOR_CSV_HEADER.join(';')];
  for (const { commune, ecoles } of communes) {
    for (const e of ecoles) {
      lines.push([commune, e.ecole.uai, e.ecole.nom, e.declarants, e.headcount, e.accueilThreshold ? 'oui' : 'non'].map(csvCell).join(';'));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
