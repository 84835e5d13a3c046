/**
 * Spreadsheet downloads that French Excel opens as they are: UTF-8 with a BOM, `;` between
 * cells, CRLF between lines (RFC 4180), and cells made inert against formula injection.
 * Used by « Communiquer au maire » (strikes) and the admin console's exports.
 */

/**
 * One cell: quoted when it holds a separator, a quote or a line break (RFC 4180 2.6-2.7), and a
 * text starting with = + - @ made inert with a leading ' (a spreadsheet would run it as a
 * formula: CSV injection, OWASP).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, without its line break. */
export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return cells.map(csvCell).join(';');
}

/** The whole document: the BOM, the header, the lines, each ended by CRLF. */
export function csvDocument(header: readonly string[], lines: Iterable<ReadonlyArray<string | number | null>>): string {
  const out = [header.join(';')];
  for (const line of lines) out.push(csvLine(line));
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
