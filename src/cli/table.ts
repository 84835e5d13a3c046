/** Plain-text tables and dates for the CLI's listings. */

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `2026-11-28 16:20` in UTC, short enough for a table. */
export const shortDate = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
