import { describe, expect, it } from 'vitest';
import {
  compareImapDates,
  formatImapDate,
  formatImapDateTime,
  imapDateOf,
  parseImapDate,
  parseImapDateTime,
} from '../../../src/imap/protocol/date-time.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';

describe('IMAP date-time (RFC 3501 9)', () => {
  it('parses the INTERNALDATE example and keeps the zone', () => {
    const parsed = parseImapDateTime('17-Jul-1996 02:44:25 -0700');
    expect(parsed.date.toISOString()).toBe('1996-07-17T09:44:25.000Z');
    expect(parsed.offsetMinutes).toBe(-420);
  });

  it('accepts a space-padded day and months in any case', () => {
    expect(parseImapDateTime(' 1-jan-2024 00:00:00 +0100').date.toISOString()).toBe('2023-12-31T23:00:00.000Z');
    expect(parseImapDateTime('01-JAN-2024 23:59:59 +0000').date.toISOString()).toBe('2024-01-01T23:59:59.000Z');
  });

  it('formats back in the same zone, round trip', () => {
    const text = '17-Jul-1996 02:44:25 -0700';
    const { date, offsetMinutes } = parseImapDateTime(text);
    expect(formatImapDateTime(date, offsetMinutes)).toBe(text);
    expect(formatImapDateTime(new Date('2024-03-05T08:09:10Z'))).toBe('05-Mar-2024 08:09:10 +0000');
    expect(formatImapDateTime(new Date('2024-03-05T08:09:10Z'), 330)).toBe('05-Mar-2024 13:39:10 +0530');
  });

  it('refuses malformed and impossible date-times', () => {
    for (const bad of [
      '17-Jul-1996',
      '1-Jul-1996 02:44:25 -0700',
      '17-Jul-96 02:44:25 -0700',
      '17-Jul-1996 2:44:25 -0700',
      '17-Jul-1996 02:44:25 PDT',
      '17-Jul-1996 02:44:25 -07:00',
      '30-Feb-2024 00:00:00 +0000',
      '17-Foo-1996 02:44:25 -0700',
      '17-Jul-1996 24:00:00 -0700',
      '17-Jul-1996 02:60:00 -0700',
      '17-Jul-1996 02:44:25 +0060',
      '17-Jul-1996  02:44:25 -0700',
      '',
    ]) {
      expect(() => parseImapDateTime(bad), bad).toThrow(ImapParseError);
    }
  });
});

describe('IMAP date (RFC 3501 9)', () => {
  it('parses 1-Feb-1994 and formats it back', () => {
    expect(parseImapDate('1-Feb-1994')).toEqual({ year: 1994, month: 2, day: 1 });
    expect(formatImapDate({ year: 1994, month: 2, day: 1 })).toBe('1-Feb-1994');
    expect(parseImapDate('29-feb-2000')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('refuses impossible dates', () => {
    for (const bad of ['29-Feb-1900', '0-Jan-2000', '32-Jan-2000', '1-Feb-94', '1-February-1994', '1 Feb 1994']) {
      expect(() => parseImapDate(bad), bad).toThrow(ImapParseError);
    }
  });

  it('gives the calendar date of an instant in a zone, and compares dates', () => {
    const instant = new Date('2024-01-01T23:30:00Z');
    expect(imapDateOf(instant)).toEqual({ year: 2024, month: 1, day: 1 });
    expect(imapDateOf(instant, 60)).toEqual({ year: 2024, month: 1, day: 2 });
    expect(compareImapDates({ year: 2024, month: 1, day: 2 }, { year: 2024, month: 1, day: 1 })).toBeGreaterThan(0);
    expect(compareImapDates({ year: 2023, month: 12, day: 31 }, { year: 2024, month: 1, day: 1 })).toBeLessThan(0);
    expect(compareImapDates({ year: 2024, month: 1, day: 1 }, { year: 2024, month: 1, day: 1 })).toBe(0);
  });
});
