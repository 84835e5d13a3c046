/**
 * BODY[...HEADER.FIELDS (...)] and HEADER.FIELDS.NOT (RFC 3501 6.4.5): the subset of a header
 * whose field names match (or, with NOT, do not match) a list, case-insensitively.
 * Works on the header bytes sliced with sectionRange(); fields are copied byte for byte,
 * folded continuation lines included, and the result ends with the blank line.
 */

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

/** The line that ends the returned header: IMAP lines end in CRLF (RFC 3501 2.2). */
const BLANK_LINE = Buffer.from('\r\n');

/**
 * Keep the fields of `header` named in `names` (or all others when `exclude` is true).
 * Lines that are not fields (no colon, stray continuation lines) are dropped; the header's own
 * blank line is not copied, a CRLF blank line always ends the result.
 */
export function filterHeaderFields(header: Buffer, names: readonly string[], exclude = false): Buffer {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const kept: Buffer[] = [];
  const len = header.length;
  let pos = 0;
  while (pos < len) {
    // The blank line ends the header.
    if (header[pos] === LF || (header[pos] === CR && header[pos + 1] === LF)) break;
    // The field runs over every following line that starts with SP or HTAB.
    let end = nextLineStart(header, pos);
    while (end < len && (header[end] === SP || header[end] === HT)) end = nextLineStart(header, end);
    const first = header[pos];
    if (first !== SP && first !== HT) {
      const colon = header.subarray(pos, lineEnd(header, pos)).indexOf(COLON);
      if (colon > 0) {
        const name = trimTrailingWsp(header.toString('latin1', pos, pos + colon)).toLowerCase();
        if (name !== '' && wanted.has(name) !== exclude) {
          const field = header.subarray(pos, end);
          kept.push(field);
          // A last field cut off without a line break still gets one, so the blank line stays blank.
          if (field[field.length - 1] !== LF) kept.push(BLANK_LINE);
        }
      }
    }
    pos = end;
  }
  kept.push(BLANK_LINE);
  return Buffer.concat(kept);
}

function lineEnd(buf: Buffer, from: number): number {
  const nl = buf.indexOf(LF, from);
  return nl === -1 ? buf.length : nl;
}

function nextLineStart(buf: Buffer, from: number): number {
  const nl = buf.indexOf(LF, from);
  return nl === -1 ? buf.length : nl + 1;
}

function trimTrailingWsp(s: string): string {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === SP || s.charCodeAt(end - 1) === HT)) end--;
  return s.slice(0, end);
}
