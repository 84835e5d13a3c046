// SEARCH's date keys compare calendar days « disregarding time and timezone » (RFC 3501 6.4.4):
// SENT* the day the Date: header shows in its own zone, BEFORE/ON/SINCE the day of the internal
// date in the zone it was given with. The messages straddle the 2007 daylight-saving changes
// of a +0200/+0300 zone, as the RFC's readers test it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageTestbed, textMessage } from '../helpers/imap-messages.js';
import { dayOfDateHeader } from '../../src/imap/calendar-day.js';

let bed: MessageTestbed;

const SPRING = [
  'Sat, 24 Mar 2007 23:00:00 +0200',
  'Sun, 25 Mar 2007 00:00:00 +0200',
  'Sun, 25 Mar 2007 01:00:00 +0200',
  'Sun, 25 Mar 2007 02:00:00 +0200',
  'Sun, 25 Mar 2007 04:00:00 +0300',
  'Sun, 25 Mar 2007 23:00:00 +0300',
  'Mon, 26 Mar 2007 00:00:00 +0300',
];

beforeAll(() => {
  // The server's zone must not matter to SENT*: take one far from the messages' own.
  process.env.TZ = 'America/Los_Angeles';
});
// Test files share a process (vitest.config.ts, isolate: false): the next one gets the zone back.
const zoneBefore = process.env.TZ;
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});
beforeEach(async () => {
  bed = await MessageTestbed.start();
});
afterEach(async () => bed.stop());

/** Around the spring change: before, on and since each of the 24th, 25th and 26th. */
const DAY_KEYS = ['BEFORE 24-Mar-2007', 'BEFORE 25-Mar-2007', 'BEFORE 26-Mar-2007', 'ON 24-Mar-2007', 'ON 25-Mar-2007',
  'ON 26-Mar-2007', 'SINCE 25-Mar-2007', 'SINCE 26-Mar-2007', 'SINCE 27-Mar-2007'];
const DAY_ANSWERS = ['* SEARCH', '* SEARCH 1', '* SEARCH 1 2 3 4 5 6', '* SEARCH 1', '* SEARCH 2 3 4 5 6', '* SEARCH 7',
  '* SEARCH 2 3 4 5 6 7', '* SEARCH 7', '* SEARCH'];

async function searches(keys: string[]): Promise<string[]> {
  const imap = await bed.raw('INBOX');
  const out: string[] = [];
  for (const [i, key] of keys.entries()) out.push((await imap.command(`d${i} SEARCH ${key}`))[0]!);
  return out;
}

describe('SEARCH SENTBEFORE / SENTON / SENTSINCE', () => {
  it('compare the date the Date: header shows, in its own zone', async () => {
    for (const date of SPRING) bed.put(textMessage({ date }));
    expect(await searches(DAY_KEYS.map((key) => `SENT${key}`))).toEqual(DAY_ANSWERS);
  });

  it('read the day of any RFC 5322 date, and date a message without one by its arrival', () => {
    expect(dayOfDateHeader('25 Mar 2007 00:00:00 +0200')).toBe(dayOfDateHeader('Sun, 25 Mar 2007 23:59:59 -1200'));
    expect(dayOfDateHeader('Sun, 25 Mar 07 00:00 +0200')).toBe(dayOfDateHeader('25 Mar 2007 00:00 GMT'));
    expect(dayOfDateHeader('Mon, 1 Jan 99 00:00 +0000')).toBe(Math.round(Date.UTC(1999, 0, 1) / 86_400_000));
    expect(dayOfDateHeader('hier soir')).toBeNull();
    expect(dayOfDateHeader(null)).toBeNull();
  });
});

describe('SEARCH BEFORE / ON / SINCE and INTERNALDATE', () => {
  const APPENDED = [
    '24-Mar-2007 23:00:00 +0200',
    '25-Mar-2007 00:00:00 +0200',
    '25-Mar-2007 01:00:00 +0200',
    '25-Mar-2007 02:00:00 +0200',
    '25-Mar-2007 04:00:00 +0300',
    '25-Mar-2007 23:00:00 +0300',
    '26-Mar-2007 00:00:00 +0300',
  ];

  async function appendAll(): Promise<void> {
    const imap = await bed.raw();
    const raw = textMessage({ subject: 'Daté' });
    for (const [i, date] of APPENDED.entries()) {
      imap.send(`a${i} APPEND INBOX "${date}" {${raw.length}}\r\n`);
      await imap.until((line) => line.startsWith('+'));
      imap.send(Buffer.concat([raw, Buffer.from('\r\n')]));
      expect((await imap.until((line) => line.startsWith(`a${i} `))).at(-1)).toMatch(new RegExp(`^a${i} OK`));
    }
  }

  it('shows INTERNALDATE in the zone the APPEND gave it in, also on a copy', async () => {
    await appendAll();
    const imap = await bed.raw('INBOX');
    const dates = (await imap.command('f1 FETCH 1:* (INTERNALDATE)')).filter((l) => l.startsWith('* '));
    expect(dates.map((l) => /INTERNALDATE "([^"]+)"/.exec(l)![1])).toEqual(APPENDED);
    await imap.command('c1 COPY 2 Archives');
    await imap.command('s1 SELECT Archives');
    expect((await imap.command('f2 FETCH 1 (INTERNALDATE)'))[0]).toBe(`* 1 FETCH (INTERNALDATE "${APPENDED[1]}")`);
  });

  it('compare the internal date’s day in that zone', async () => {
    await appendAll();
    expect(await searches(DAY_KEYS)).toEqual(DAY_ANSWERS);
  });
});
