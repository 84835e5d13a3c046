/**
 * The school calendar: civil dates and Paris time, the French public holidays (computed each
 * year, Easter-based ones included), the school holidays of each zone (entered by admins), and
 * from them the days a school holds classes. The strike declaration's deadline reads it.
 *
 * Tables (schema.ts, step 17): calendar_school_holidays.
 *
 * Invariants:
 * - A date is a `YYYY-MM-DD` civil day; arithmetic never goes through local time, so DST
 *   changes never move a day. Paris wall times come from Intl (ICU's time-zone data).
 * - The only SQL on calendar_school_holidays is school-holidays.ts.
 *
 * May import: src/db (types), nothing of another domain.
 */
export { addDays, daysBetween, daysFromTo, frenchDate, parseCivilDate, weekday, type CivilDate } from './civil-date.js';
export { endOfParisDay, parisClock, parisDay, parisInstant, parisOffset, startOfParisDay, PARIS } from './paris-time.js';
export { easterSunday, publicHolidayOn, publicHolidays } from './public-holidays.js';
export {
  CalendarInputError,
  HOLIDAY_ZONES,
  SchoolHolidays,
  parseHolidayZone,
  type HolidayZone,
  type SchoolHoliday,
  type SchoolHolidayInput,
} from './school-holidays.js';
export { classCalendar, type ClassCalendar, type NoClassReason, type SchoolWeek, type WeekPattern } from './class-days.js';
export { CALENDAR_SCHEMA } from './schema.js';
