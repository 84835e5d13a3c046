/**
 * « Envoyer plus tard »: the date and time typed in the form (`<input type="datetime-local">`,
 * `2026-12-01T08:30`) mean Paris time, whatever the server's zone, like every date the webmail
 * shows (views/format.ts).
 */
import { MAX_SEND_DELAY_MS } from '../../outbound/held-sending.js';
import { DISPLAY_TIME_ZONE } from '../views/format.js';

/** A message scheduled less than this ahead is simply sent (with the undo window). */
export const MIN_SCHEDULE_AHEAD_MS = 60 * 1000;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const zoneParts = new Intl.DateTimeFormat('en-US', {
  timeZone: DISPLAY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of the display zone from UTC at `utc`, in ms (+3600000 in Paris winter). */
function zoneOffset(utc: number): number {
  const parts = Object.fromEntries(zoneParts.formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/** The instant a Paris wall-clock time names, or null when the text is not one. */
export function parisTime(value: string): number | null {
  const match = LOCAL_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // Two passes settle the offset around a daylight-saving change.
  let utc = wall - zoneOffset(wall);
  utc = wall - zoneOffset(utc);
  return utc;
}

/** The value of a datetime-local input for `time`, in Paris time. */
export function parisInputValue(time: number): string {
  const local = new Date(time + zoneOffset(time));
  return local.toISOString().slice(0, 16);
}

export type ScheduleResult = { ok: true; at: number } | { ok: false; error: string };

/** Checks a chosen time: readable, in the future, and within the queue's reach. */
export function scheduleAt(value: string, now = Date.now()): ScheduleResult {
  const at = parisTime(value);
  if (at === null) return { ok: false, error: 'Indiquez la date et l’heure d’envoi (par exemple 01/12/2026 08:30).' };
  if (at < now + MIN_SCHEDULE_AHEAD_MS) return { ok: false, error: 'L’heure d’envoi programmée doit être dans le futur.' };
  if (at - now > MAX_SEND_DELAY_MS) return { ok: false, error: 'Un envoi ne peut pas être programmé plus d’un an à l’avance.' };
  return { ok: true, at };
}
