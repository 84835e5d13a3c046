/**
 * Time in Europe/Paris, where the académie's deadlines are written: the offset of a given
 * local time (+01:00 in winter, +02:00 in summer), the instant a Paris day ends, and the Paris
 * day of an instant. From the ICU time-zone data Node carries, so rule changes come with Node.
 */
import { addDays, type CivilDate } from './civil-date.js';

export const PARIS = 'Europe/Paris';

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: PARIS, timeZoneName: 'longOffset' });
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' });
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** The Paris offset at an instant, in minutes east of UTC. */
function offsetMinutesAt(ms: number): number {
  const name = offsetFormat.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // « GMT » alone: UTC itself
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The instant of a Paris wall-clock time (`HH:MM:SS` on `date`). A time that happens twice (the
 * October change) is taken the first time; one that never happens (the March change) a hour late.
 */
export function parisInstant(date: CivilDate, time: string): number {
  const wall = Date.parse(`${date}T${time}Z`);
  // Guess with the offset an hour either side, and keep the guess that reads back as that wall time.
  for (const probe of [wall - 2 * 3600_000, wall]) {
    const candidate = wall - offsetMinutesAt(probe) * 60_000;
    if (candidate + offsetMinutesAt(candidate) * 60_000 === wall) return candidate;
  }
  return wall - offsetMinutesAt(wall) * 60_000;
}

/** « +01:00 » or « +02:00 »: the offset in force at that Paris wall time. */
export function parisOffset(date: CivilDate, time: string): string {
  const minutes = offsetMinutesAt(parisInstant(date, time));
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The Paris day an instant falls on. */
export function parisDay(ms: number): CivilDate {
  return dayFormat.format(new Date(ms));
}

/** The Paris wall-clock hour (0–23) and minute of an instant. */
export function parisClock(ms: number): { hour: number; minute: number } {
  const parts = clockFormat.formatToParts(new Date(ms));
  const field = (type: 'hour' | 'minute') => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { hour: field('hour'), minute: field('minute') };
}

/** The first instant of the next Paris day: a time is within `date` while it is before this. */
export function endOfParisDay(date: CivilDate): number {
  return parisInstant(addDays(date, 1), '00:00:00');
}

/** The first instant of a Paris day. */
export function startOfParisDay(date: CivilDate): number {
  return parisInstant(date, '00:00:00');
}
