/**
 * Calendar days for SEARCH's date keys (RFC 3501 6.4.4), as whole day numbers (days since
 * 1970-01-01 of the proleptic Gregorian calendar), so that comparing « the date, disregarding
 * time and timezone » is comparing two integers.
 *
 * - SENTBEFORE / SENTON / SENTSINCE take the date the Date: header shows, in its own zone: a
 *   message sent at 00:30 +0200 on 25 March is « on » 25 March, though it is still the 24th
 *   in UTC (the dates Dovecot and the RFC's examples compare).
 * - BEFORE / ON / SINCE take the internal date in the zone it is shown in (FETCH INTERNALDATE).
 */
import type { ImapDate } from './protocol/index.js';

const DAY_MS = 24 * 3600 * 1000;

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The day an IMAP search date names. */
export function dayOfImapDate(date: ImapDate): number {
  return dayNumber(date.year, date.month, date.day);
}

/** The calendar day of an instant seen from a zone `offsetMinutes` east of UTC. */
export function dayInZone(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * 60_000) / DAY_MS);
}

/** The calendar day of an instant in this server's zone (daylight saving included). */
export function localDay(ms: number): number {
  return dayInZone(ms, -new Date(ms).getTimezoneOffset());
}

/**
 * The date a Date: header shows (RFC 5322 3.3: `[day-name ","] day month year time zone`),
 * read as written; two- and three-digit years as RFC 5322 4.3 says. Null when there is none.
 */
export function dayOfDateHeader(text: string | null): number | null {
  if (!text) return null;
  const match = /(?:^|[\s,])(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})(?=\s|$)/.exec(text);
  if (!match) return null;
  const month = MONTHS[match[2]!.toLowerCase()];
  const day = Number(match[1]);
  let year = Number(match[3]);
  if (month === undefined || day < 1 || day > 31) return null;
  if (match[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (match[3]!.length === 3) year += 1900;
  return dayNumber(year, month, day);
}
