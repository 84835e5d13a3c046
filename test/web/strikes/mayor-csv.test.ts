/** The mayor's CSV: cells a spreadsheet cannot run as formulas, quoted when they must be. */
import { describe, expect, it } from 'vitest';
import { csvCell, mayorCsv } from '../../../src/web/strikes/mayor-csv.js';

describe('the mayor’s CSV', () => {
  it('makes a cell starting with = + - @ inert, and quotes separators, quotes and line breaks', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33')).toBe("'+33");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('Saint-Just; nord')).toBe('"Saint-Just; nord"');
    expect(csvCell('École\r\n2')).toBe('"École\r\n2"');
    expect(csvCell('Jean Jaurès')).toBe('Jean Jaurès');
    expect(csvCell(12)).toBe('12');
  });

  it('starts with the BOM and the header, one CRLF line per école', () => {
    const ecole = { uai: '0131234W', nom: '=cmd|x', commune: 'Marseille' } as never;
    const csv = mayorCsv([{ commune: 'Marseille', ecoles: [{ ecole, declarants: 2, headcount: 8, accueilThreshold: true }] }]);
    expect(csv).toBe("\uFEFFcommune;uai;ecole;declarants;effectif;seuil_25\r\nMarseille;0131234W;'=cmd|x;2;8;oui\r\n");
  });
});
