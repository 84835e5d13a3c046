/**
 * How the webmail writes dates, sizes and folder names in French. Dates are shown in the
 * académie's time zone, whatever the server's.
 */

/** Mainland France: the académies this product is modelled on. */
export const DISPLAY_TIME_ZONE = 'Europe/Paris';

const longDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: DISPLAY_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function isValid(date: Date | null | undefined): date is Date {
  return date instanceof Date && !Number.isNaN(date.getTime());
}

// The list formats 50 dates per page: Intl formatting costs ~10 µs a call, so the Paris offset is
// asked of Intl once per hour of time and the fields are written by hand.
const parisParts = new Intl.DateTimeFormat('en-US', {
  timeZone: DISPLAY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
const HOUR_MS = 3_600_000;
/** Hours whose offset is remembered; cleared when full (offsets change twice a year). */
const MAX_OFFSET_ENTRIES = 10_000;
const offsetByHour = new Map<number, number>();

/** Paris's offset from UTC, in ms, at `time`. Offsets change on the hour (EU rule: 01:00 UTC). */
function parisOffset(time: number): number {
  const hour = Math.floor(time / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const parts = Object.fromEntries(parisParts.formatToParts(new Date(hour * HOUR_MS)).map((p) => [p.type, p.value]));
    offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)) - hour * HOUR_MS;
    if (offsetByHour.size >= MAX_OFFSET_ENTRIES) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The date as Paris wall-clock time, read with the getUTC… methods. */
function parisWallClock(date: Date): Date {
  return new Date(date.getTime() + parisOffset(date.getTime()));
}

const SHORT_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Message list: « 14:05 » today, « 12 mars » this year, « 12/03/2023 » before. */
export function formatListDate(date: Date | null | undefined, now = new Date()): string {
  if (!isValid(date)) return '';
  const at = parisWallClock(date);
  const today = parisWallClock(now);
  const year = at.getUTCFullYear();
  if (year === today.getUTCFullYear() && at.getUTCMonth() === today.getUTCMonth() && at.getUTCDate() === today.getUTCDate()) {
    return `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
  }
  if (year === today.getUTCFullYear()) return `${at.getUTCDate()} ${SHORT_MONTHS[at.getUTCMonth()]}`;
  return `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${year}`;
}

/** The Paris calendar day of `now` (« 2024-03-12 »): list dates read differently from one day to the next. */
export function parisDay(now = new Date()): string {
  return parisWallClock(now).toISOString().slice(0, 10);
}

/** Message headers: « mardi 12 mars 2024 à 14:05 ». */
export function formatLongDate(date: Date | null | undefined): string {
  return isValid(date) ? longDate.format(date) : '';
}

/** `datetime` attribute value (RFC 3339). */
export function isoDate(date: Date | null | undefined): string {
  return isValid(date) ? date.toISOString() : '';
}

/** One decimal at most, French decimal comma (values here stay below 1,000: no grouping needed). */
function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10).replace('.', ',');
}

/** « 850 o », « 12 ko », « 1,2 Mo »: binary multiples, as the quota counts them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${oneDecimal(bytes / 1024)} ko`;
  return `${oneDecimal(bytes / (1024 * 1024))} Mo`;
}

/** « 1 message », « 3 messages ». */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('fr-FR')} ${count === 1 ? one : many}`;
}
