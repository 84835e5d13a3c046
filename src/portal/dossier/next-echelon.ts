/**
 * « Vos perspectives »: when the agent reaches the next échelon, from the grid of their corps.
 * The date is the day the current échelon was reached plus its duration in the grade (PPCR:
 * the same for everyone in the classe normale, shortened by a year at the 6e and 8e échelons
 * for those the rendez-vous de carrière distinguishes). Pure functions over civil days: no
 * clock, no time zone, so that a test says exactly what an agent will read.
 */
import type { CareerGrids, GridGrade } from './grids.js';
import { GRADES, type Grade } from './situation.js';

/**
 * `date` plus `months` calendar months; a day the target month lacks becomes its last day
 * (31 August + 6 months is 28 or 29 February), as ancienneté is counted in months and days.
 */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const day = Number(date.slice(8, 10));
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const at = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
  return at.toISOString().slice(0, 10);
}

export type NextEchelon =
  | { kind: 'next'; echelon: number; next: number; date: string; months: number; acceleratedDate: string | null; acceleratedMonths: number | null }
  | { kind: 'last'; echelon: number }
  | { kind: 'beyond-grid'; echelon: number; echelons: number };

/** The next échelon of `grade` for one reached on `reachedOn`. */
export function nextEchelon(grade: GridGrade, echelon: number, reachedOn: string): NextEchelon {
  const step = grade.echelons[echelon - 1];
  if (!Number.isInteger(echelon) || echelon < 1 || !step) return { kind: 'beyond-grid', echelon, echelons: grade.echelons.length };
  if (step.months === null) return { kind: 'last', echelon };
  return {
    kind: 'next',
    echelon,
    next: echelon + 1,
    date: addMonths(reachedOn, step.months),
    months: step.months,
    acceleratedDate: step.acceleratedMonths === null ? null : addMonths(reachedOn, step.acceleratedMonths),
    acceleratedMonths: step.acceleratedMonths,
  };
}

/** What the perspectives page says, in every case a dossier may be in. */
export type Outlook =
  | { kind: 'no-dossier' }
  | { kind: 'no-grid'; corps: string }
  | { kind: 'no-grade'; corps: string; gradeLabel: string; source: string }
  | (NextEchelon & { corps: string; gradeLabel: string; source: string });

export function outlookOf(grids: CareerGrids, situation: { corps: string; grade: Grade; echelon: number; echelonDate: string } | null): Outlook {
  if (!situation) return { kind: 'no-dossier' };
  const grid = grids.of(situation.corps);
  if (!grid) return { kind: 'no-grid', corps: situation.corps };
  const grade = grid.grades.find((g) => g.grade === situation.grade);
  if (!grade) return { kind: 'no-grade', corps: grid.corps, gradeLabel: GRADES[situation.grade], source: grid.source };
  return { ...nextEchelon(grade, situation.echelon, situation.echelonDate), corps: grid.corps, gradeLabel: grade.label, source: grid.source };
}

/** « 3 ans », « 2 ans et 6 mois », « 1 an »: a duration as the statut writes it. */
export function durationText(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts = [years > 0 ? `${years} an${years > 1 ? 's' : ''}` : '', rest > 0 ? `${rest} mois` : ''].filter(Boolean);
  return parts.join(' et ');
}
