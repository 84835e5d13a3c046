// IMAP dates: `date` (SEARCH, `1-Feb-1994`) and `date-time` (INTERNALDATE and APPEND,
// `17-Jul-1996 02:44:25 -0700`), RFC 3501 9.

import { ImapParseError, quoteInput } from './errors.js';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar date without time or zone: SEARCH compares dates "disregarding time and timezone". */
export interface ImapDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

/** An instant plus the zone the client wrote it in, kept to echo INTERNALDATE as given. */
export interface ImapDateTime {
  date: Date;
  /** Offset east of UTC in minutes (`-0700` is -420). */
  offsetMinutes: number;
}

function monthIndex(text: string): number {
  // ABNF literal strings are case-insensitive (RFC 5234 2.3), so "jul" is a date-month.
  const m = MONTHS.findIndex(name => name.toLowerCase() === text.toLowerCase());
  return m + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !isLeap(year) ? -1 : 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function checkDate(year: number, month: number, day: number, text: string): void {
  if (month === 0 || day < 1 || day > daysInMonth(year, month) || year < 1) {
    throw new ImapParseError(`Invalid date ${quoteInput(text)}`);
  }
}

/** RFC 3501 9: date-text = date-day "-" date-month "-" date-year; date-day = 1*2DIGIT. */
export function parseImapDate(text: string): ImapDate {
  const m = /^([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/.exec(text);
  if (m === null) throw new ImapParseError(`Invalid date ${quoteInput(text)}`);
  const day = Number(m[1]);
  const month = monthIndex(m[2] ?? '');
  const year = Number(m[3]);
  checkDate(year, month, day, text);
  return { year, month, day };
}

export function formatImapDate(date: ImapDate): string {
  return `${date.day}-${MONTHS[date.month - 1] ?? '???'}-${String(date.year).padStart(4, '0')}`;
}

/**
 * RFC 3501 9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE;
 * date-day-fixed = (SP DIGIT) / 2DIGIT. `text` is the content of the quoted string.
 */
export function parseImapDateTime(text: string): ImapDateTime {
  const m = /^( [0-9]|[0-9]{2})-([A-Za-z]{3})-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})$/.exec(text);
  if (m === null) throw new ImapParseError(`Invalid date-time ${quoteInput(text)}`);
  const day = Number((m[1] ?? '').trim());
  const month = monthIndex(m[2] ?? '');
  const year = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const zoneHours = Number(m[8]);
  const zoneMinutes = Number(m[9]);
  checkDate(year, month, day, text);
  // RFC 5322 3.3 allows second 60 (leap second); Date folds it into the next minute.
  if (hour > 23 || minute > 59 || second > 60 || zoneMinutes > 59) {
    throw new ImapParseError(`Invalid date-time ${quoteInput(text)}`);
  }
  const offsetMinutes = (m[7] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, 0);
  return { date: new Date(local.getTime() - offsetMinutes * 60_000), offsetMinutes };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * `17-Jul-1996 02:44:25 -0700` (without the quotes), for INTERNALDATE responses. Days are written
 * with two digits, which date-day-fixed allows.
 */
export function formatImapDateTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const month = MONTHS[local.getUTCMonth()] ?? '???';
  return (
    `${pad2(local.getUTCDate())}-${month}-${String(local.getUTCFullYear()).padStart(4, '0')} ` +
    `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

/** The calendar date of `date` seen from a zone `offsetMinutes` east of UTC. */
export function imapDateOf(date: Date, offsetMinutes = 0): ImapDate {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareImapDates(a: ImapDate, b: ImapDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
