/**
 * A day of the calendar as the law and the school year name it (« le jeudi 10 décembre
 * 2026 »), written `YYYY-MM-DD`, without a time or a time zone. Arithmetic runs on UTC
 * midnights, where every day has 24 hours, so a DST change never shifts a date.
 */
export type CivilDate = string;

const DAY_MS = 86_400_000;
const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date if `text` is a real `YYYY-MM-DD` day (not 2027-02-30), else null. */
export function parseCivilDate(text: string): CivilDate | null {
  const match = FORMAT.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return match[0];
}

function utcMidnight(date: CivilDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMidnight(ms: number): CivilDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is before). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** 0 = dimanche … 6 = samedi, as Date.getDay. */
export function weekday(date: CivilDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/** Every day from `from` to `to`, both included. */
export function daysFromTo(from: CivilDate, to: CivilDate): CivilDate[] {
  const days: CivilDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

const DAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « jeudi 10 décembre 2026 » (« 1er » for the first of a month, as French writes it). */
export function frenchDate(date: CivilDate): string {
  const day = Number(date.slice(8, 10));
  return `${DAY_NAMES[weekday(date)]} ${day === 1 ? '1er' : day} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
