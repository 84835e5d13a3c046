/**
 * The days on which a school holds classes: its week pattern (`4j`: lundi, mardi, jeudi,
 * vendredi; `4.5j`: and mercredi matin), minus the public holidays, minus its zone's school
 * holidays. This is the « jour ouvré » of the strike declaration (shared/domain.md §1.5: a
 * day on which classes are held in the agent's school).
 */
import { addDays, weekday, type CivilDate } from './civil-date.js';
import { publicHolidayOn } from './public-holidays.js';
import type { SchoolHolidays } from './school-holidays.js';

export type WeekPattern = '4j' | '4.5j';

const WEEK_DAYS: Record<WeekPattern, ReadonlySet<number>> = {
  '4j': new Set([1, 2, 4, 5]),
  '4.5j': new Set([1, 2, 3, 4, 5]),
};

export interface SchoolWeek {
  semaine: WeekPattern;
  zone: 'A' | 'B' | 'C';
}

/** Why there are no classes on a day (for the reader), or null when there are. */
export type NoClassReason = { kind: 'weekday' } | { kind: 'public-holiday'; label: string } | { kind: 'school-holiday'; label: string };

export interface ClassCalendar {
  isClassDay(date: CivilDate): boolean;
  noClassReason(date: CivilDate): NoClassReason | null;
}

/**
 * The class days of a school around `from`…`to` (the periods are read once for that span; a day
 * outside it is still answered, with the holidays read again).
 */
export function classCalendar(week: SchoolWeek, holidays: SchoolHolidays, from: CivilDate, to: CivilDate): ClassCalendar {
  let span = { from, to, periods: holidays.forZone(week.zone, from, to) };
  const periodsFor = (date: CivilDate) => {
    if (date < span.from || date > span.to) {
      span = { from: addDays(date, -200), to: addDays(date, 200), periods: holidays.forZone(week.zone, addDays(date, -200), addDays(date, 200)) };
    }
    return span.periods;
  };
  const noClassReason = (date: CivilDate): NoClassReason | null => {
    if (!WEEK_DAYS[week.semaine].has(weekday(date))) return { kind: 'weekday' };
    const holiday = publicHolidayOn(date);
    if (holiday) return { kind: 'public-holiday', label: holiday };
    const period = periodsFor(date).find((p) => p.from <= date && date <= p.to);
    return period ? { kind: 'school-holiday', label: period.label } : null;
  };
  return { noClassReason, isClassDay: (date) => noClassReason(date) === null };
}
