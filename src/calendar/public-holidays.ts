/**
 * The French public holidays (jours fériés, code du travail L3133-1), computed for any year:
 * the fixed ones and those that follow Easter. Alsace-Moselle's two extra days (Vendredi saint,
 * 26 décembre) are not listed: this académie is not there.
 */
import { addDays, type CivilDate } from './civil-date.js';

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of 1876, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The year's public holidays, date → name. */
export function publicHolidays(year: number): Map<CivilDate, string> {
  const easter = easterSunday(year);
  const fixed: Array<[string, string]> = [
    ['01-01', 'Jour de l’an'],
    ['05-01', 'Fête du Travail'],
    ['05-08', 'Victoire 1945'],
    ['07-14', 'Fête nationale'],
    ['08-15', 'Assomption'],
    ['11-01', 'Toussaint'],
    ['11-11', 'Armistice 1918'],
    ['12-25', 'Noël'],
  ];
  const holidays = new Map<CivilDate, string>(fixed.map(([day, name]) => [`${year}-${day}`, name]));
  holidays.set(addDays(easter, 1), 'Lundi de Pâques');
  holidays.set(addDays(easter, 39), 'Ascension');
  holidays.set(addDays(easter, 50), 'Lundi de Pentecôte');
  return holidays;
}

const cache = new Map<number, Map<CivilDate, string>>();

/** The public holiday on `date`, or null. */
export function publicHolidayOn(date: CivilDate): string | null {
  const year = Number(date.slice(0, 4));
  let holidays = cache.get(year);
  if (!holidays) cache.set(year, (holidays = publicHolidays(year)));
  return holidays.get(date) ?? null;
}
