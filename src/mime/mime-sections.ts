/**
 * BODY[section] addressing (RFC 3501 6.4.5): from a section spec to a byte range of the raw
 * message, using the offsets stored in the MIME tree. FETCH serves BODY[section]<o.n> as
 * raw.subarray(range.start, range.end) and then the partial window; nothing is reparsed.
 */
import type { MimePart } from './mime-tree.js';

/** Half-open byte range [start, end) of the raw message. */
export interface ByteRange {
  start: number;
  end: number;
}

/** What follows the part numbers (RFC 3501 9 section-text); HEADER.FIELDS[.NOT] is 'header-fields'. */
export type SectionTextType = 'header' | 'header-fields' | 'text' | 'mime';

/**
 * A section spec. Same shape as the `Section` the FETCH parser produces
 * (src/imap/protocol/fetch-items.ts), so its result can be passed as is.
 */
export interface SectionSpec {
  /** Part numbers, e.g. [1, 2] for "1.2"; empty for the whole message. */
  part: readonly number[];
  /** null: the whole part (or message). */
  text: { type: SectionTextType } | null;
}

/** Largest part number accepted: RFC 3501 nz-number is a 32-bit value. */
const MAX_PART_NUMBER = 0xffffffff;

const SECTION_TEXTS: ReadonlyMap<string, SectionTextType> = new Map([
  ['HEADER', 'header'],
  ['HEADER.FIELDS', 'header-fields'],
  ['HEADER.FIELDS.NOT', 'header-fields'],
  ['TEXT', 'text'],
  ['MIME', 'mime'],
]);

/**
 * Parse the part of a section spec before any header-list: "", "HEADER", "TEXT", "1.2",
 * "1.2.MIME", "1.2.HEADER.FIELDS.NOT" (the field list itself is the IMAP parser's job).
 * Returns null for anything RFC 3501 9 does not allow, including MIME without a part number.
 */
export function parseSectionSpec(section: string): SectionSpec | null {
  const path: number[] = [];
  const pieces = section.split('.');
  let k = 0;
  if (section !== '') {
    for (; k < pieces.length; k++) {
      const piece = pieces[k] as string;
      if (!/^[1-9][0-9]{0,9}$/.test(piece)) break; // nz-number, anchored and bounded
      const n = Number(piece);
      if (n > MAX_PART_NUMBER) return null;
      path.push(n);
    }
  }
  const rest = section === '' ? '' : pieces.slice(k).join('.').toUpperCase();
  if (rest === '') return { part: path, text: null };
  const type = SECTION_TEXTS.get(rest);
  if (type === undefined) return null;
  // RFC 3501 9: section-text = section-msgtext / "MIME", and MIME only after part numbers.
  if (type === 'mime' && path.length === 0) return null;
  return { part: path, text: { type } };
}

/**
 * The part an IMAP part path designates (RFC 3501 6.4.5), or null when there is none:
 * - in a multipart, n is its n-th child;
 * - in a non-multipart entity, part 1 is the entity itself (its body), and nothing else exists;
 * - after a message/rfc822 part, the following numbers address its embedded message.
 * Opaque parts (see MimePart.opaque) are leaves like any other.
 */
export function partByPath(tree: MimePart, path: string | readonly number[]): MimePart | null {
  let numbers: readonly number[];
  if (typeof path === 'string') {
    const spec = parseSectionSpec(path);
    if (spec === null || spec.text !== null) return null;
    numbers = spec.part;
  } else {
    numbers = path;
  }
  if (numbers.length === 0) return null;
  let container: MimePart = tree; // the entity whose parts the next number counts
  let current: MimePart | null = null;
  for (const n of numbers) {
    if (current !== null) {
      if (current.message !== undefined) container = current.message;
      else if (current.children !== undefined) container = current;
      else return null; // a leaf has no sub-parts
    }
    if (container.children !== undefined) {
      current = container.children[n - 1] ?? null;
      if (current === null) return null;
    } else {
      if (n !== 1) return null;
      current = container;
    }
  }
  return current;
}

/**
 * Byte range of a section, or null when it does not exist: a part number past the end, or
 * HEADER/TEXT after a part that is not message/rfc822 (RFC 3501 6.4.5 only defines them there).
 * For HEADER.FIELDS[.NOT] the range is the whole header; filter it with filterHeaderFields().
 * The header ranges include the blank line that ends the header, when the message has one.
 */
export function sectionRange(tree: MimePart, section: string | SectionSpec): ByteRange | null {
  const spec = typeof section === 'string' ? parseSectionSpec(section) : section;
  if (spec === null) return null;
  const text = spec.text?.type ?? null;

  if (spec.part.length === 0) {
    if (text === null) return { start: tree.headerStart, end: tree.bodyEnd };
    if (text === 'header' || text === 'header-fields') return { start: tree.headerStart, end: tree.headerEnd };
    if (text === 'text') return { start: tree.headerEnd, end: tree.bodyEnd };
    return null; // MIME without part number
  }

  const part = partByPath(tree, spec.part);
  if (part === null) return null;
  if (text === null) return { start: part.headerEnd, end: part.bodyEnd };
  // RFC 3501 6.4.5: MIME is the MIME header of the part. For part 1 of a non-multipart message
  // that is the message header itself.
  if (text === 'mime') return { start: part.headerStart, end: part.headerEnd };
  const message = part.message;
  if (message === undefined) return null;
  if (text === 'header' || text === 'header-fields') return { start: message.headerStart, end: message.headerEnd };
  return { start: message.headerEnd, end: message.bodyEnd }; // TEXT
}

/**
 * The <origin.count> window of a section (RFC 3501 6.4.5 partial), clamped to the section:
 * an origin past the end gives an empty range.
 */
export function partialRange(range: ByteRange, origin: number, count?: number | null): ByteRange {
  const start = Math.min(range.end, range.start + Math.max(0, origin));
  const end = count === undefined || count === null ? range.end : Math.min(range.end, start + Math.max(0, count));
  return { start, end };
}
