/**
 * The next échelon's date from the grids of data/grilles/ (issue 22): date reached plus the
 * échelon's duration, the accelerated date at the 6e and 8e échelons, no next échelon at the
 * last; the grid files themselves, and the refusals of a malformed one.
 */
import { describe, expect, it } from 'vitest';
import { CareerGrids, addMonths, durationText, gridsDir, loadGrids, nextEchelon, outlookOf, parseGrid } from '../../../src/portal/index.js';

const grids = new CareerGrids(loadGrids(gridsDir()));
const classeNormale = (corps: string) => grids.gradeOf(corps, 'classe_normale')!;

describe('addMonths', () => {
  it('adds calendar months, a missing day becoming the last of the month', () => {
    expect(addMonths('2023-09-01', 36)).toBe('2026-09-01');
    expect(addMonths('2022-08-31', 6)).toBe('2023-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2021-11-15', 2)).toBe('2022-01-15');
    expect(addMonths('2020-03-31', 30)).toBe('2022-09-30');
  });
});

describe('the grids of data/grilles/', () => {
  it('has the PPCR classe normale of the teaching and education corps, each with its source', () => {
    expect(grids.all.map((g) => g.id).sort()).toEqual(['agrege', 'certifie', 'cpe', 'peps', 'plp', 'professeur-des-ecoles', 'psyen']);
    for (const grid of grids.all) {
      expect(grid.source, grid.id).toContain('2017-786');
      const cn = grid.grades.find((g) => g.grade === 'classe_normale')!;
      expect(cn.echelons).toHaveLength(11);
      // 26 years from the 1st to the 11th échelon; 24 with both accelerations.
      const months = cn.echelons.reduce((sum, e) => sum + (e.months ?? 0), 0);
      const accelerated = cn.echelons.reduce((sum, e) => sum + (e.acceleratedMonths ?? e.months ?? 0), 0);
      expect(months, grid.id).toBe(26 * 12);
      expect(accelerated, grid.id).toBe(24 * 12);
      expect(cn.echelons.filter((e) => e.acceleratedMonths !== null).map((e) => e.echelon)).toEqual([6, 8]);
    }
  });

  it('finds a corps by any of its names, accents and gender aside', () => {
    expect(grids.of('Professeure des écoles')?.id).toBe('professeur-des-ecoles');
    expect(grids.of('PROFESSEUR CERTIFIE')?.id).toBe('certifie');
    expect(grids.of('professeur agrégé')?.id).toBe('agrege');
    expect(grids.of('Conseillère principale d’éducation')?.id).toBe('cpe');
    expect(grids.of('professeure de lycée professionnel')?.id).toBe('plp');
    expect(grids.of('inspecteur de l’éducation nationale')).toBeNull();
    expect(grids.sameCorps('PE', 'professeure des écoles')).toBe(true);
    expect(grids.sameCorps('certifié', 'agrégé')).toBe(false);
  });
});

describe('nextEchelon', () => {
  it('is the day reached plus the duration of the current échelon', () => {
    expect(nextEchelon(classeNormale('professeur des écoles'), 1, '2024-09-01')).toMatchObject({ kind: 'next', next: 2, date: '2025-09-01', acceleratedDate: null });
    expect(nextEchelon(classeNormale('professeur des écoles'), 5, '2021-03-15')).toMatchObject({ kind: 'next', next: 6, date: '2023-09-15', months: 30 });
    expect(nextEchelon(classeNormale('professeur certifié'), 9, '2020-09-01')).toMatchObject({ kind: 'next', next: 10, date: '2024-09-01' });
  });

  it('gives the accelerated date at the 6e and 8e échelons', () => {
    expect(nextEchelon(classeNormale('professeur des écoles'), 6, '2023-09-01')).toMatchObject({ date: '2026-09-01', acceleratedDate: '2025-09-01', acceleratedMonths: 24 });
    expect(nextEchelon(classeNormale('agrégé'), 8, '2022-01-01')).toMatchObject({ date: '2025-07-01', acceleratedDate: '2024-07-01' });
  });

  it('has no next échelon at the last one, and says when the échelon is not in the grid', () => {
    expect(nextEchelon(classeNormale('professeur des écoles'), 11, '2015-09-01')).toEqual({ kind: 'last', echelon: 11 });
    expect(nextEchelon(classeNormale('professeur des écoles'), 12, '2015-09-01')).toEqual({ kind: 'beyond-grid', echelon: 12, echelons: 11 });
  });
});

describe('outlookOf', () => {
  const situation = { corps: 'professeure des écoles', grade: 'classe_normale' as const, echelon: 4, echelonDate: '2024-09-01' };

  it('follows the dossier through its corps’ grid', () => {
    expect(outlookOf(grids, situation)).toMatchObject({ kind: 'next', next: 5, date: '2026-09-01', corps: 'Professeur des écoles' });
    expect(outlookOf(grids, null)).toEqual({ kind: 'no-dossier' });
    expect(outlookOf(grids, { ...situation, corps: 'attaché d’administration' })).toEqual({ kind: 'no-grid', corps: 'attaché d’administration' });
    expect(outlookOf(grids, { ...situation, grade: 'hors_classe' })).toMatchObject({ kind: 'no-grade', gradeLabel: 'Hors classe' });
  });

  it('writes durations as the statut does', () => {
    expect([12, 24, 30, 42, 6].map(durationText)).toEqual(['1 an', '2 ans', '2 ans et 6 mois', '3 ans et 6 mois', '6 mois']);
  });
});

describe('parseGrid', () => {
  const good = { corps: 'Test', source: 'Décret n° 0000-000', grades: [{ grade: 'classe_normale', echelons: [{ echelon: 1, duree_mois: 12 }, { echelon: 2, duree_mois: null }] }] };
  const text = (changes: object) => JSON.stringify({ ...good, ...changes });

  it('reads a grid and refuses one without its source or with échelons out of order', () => {
    expect(parseGrid('test', JSON.stringify(good)).grades[0]!.echelons).toHaveLength(2);
    expect(() => parseGrid('test', text({ source: '' }))).toThrow(/source/);
    expect(() => parseGrid('test', text({ grades: [{ grade: 'classe_normale', echelons: [{ echelon: 2, duree_mois: 12 }] }] }))).toThrow(/echelon must be 1/);
    expect(() => parseGrid('test', text({ grades: [{ grade: 'classe_normale', echelons: [{ echelon: 1, duree_mois: 12 }] }] }))).toThrow(/null on the last/);
    expect(() => parseGrid('test', text({ grades: [{ grade: 'premiere_classe', echelons: [{ echelon: 1 }] }] }))).toThrow(/unknown grade/);
    expect(() => parseGrid('test', '{')).toThrow(/not JSON/);
  });
});
