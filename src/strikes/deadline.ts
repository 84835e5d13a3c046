/**
 * The deadline of a strike declaration (code de l'éducation L133-4: « au moins quarante-huit
 * heures, comprenant au moins un jour ouvré, avant de participer à la grève »; shared/domain.md
 * §1.5). For a strike day D, the declaration must arrive by 23:59:59, Paris time, of the latest
 * day X such that the whole days strictly between X and D are at least two and include at least
 * one day on which classes are held in the teacher's school.
 */
import { addDays, daysBetween, parisOffset, type CivilDate } from '../calendar/index.js';

/** Further back than this, the calendar has no class day at all: a data error, not a deadline. */
const MAX_LOOKBACK_DAYS = 200;

export function declarationDeadline(strikeDay: CivilDate, isClassDay: (date: CivilDate) => boolean): CivilDate {
  // The days strictly between X and D, as X moves back one day at a time from D − 3.
  let classDayBetween = isClassDay(addDays(strikeDay, -1)) || isClassDay(addDays(strikeDay, -2));
  for (let x = addDays(strikeDay, -3); daysBetween(x, strikeDay) <= MAX_LOOKBACK_DAYS; x = addDays(x, -1)) {
    if (classDayBetween) return x;
    classDayBetween = classDayBetween || isClassDay(x);
  }
  throw new Error(`no class day in the ${MAX_LOOKBACK_DAYS} days before ${strikeDay}`);
}

/** « 2026-12-10T23:59:59+01:00 »: the last second of the deadline day, with Paris's offset that day. */
export function deadlineTimestamp(deadline: CivilDate): string {
  return `${deadline}T23:59:59${parisOffset(deadline, '23:59:59')}`;
}
