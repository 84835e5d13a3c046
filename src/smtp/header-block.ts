/**
 * The header block of a raw message, read and edited as bytes. Submission removes and adds
 * a few fields; the body and every other field keep their exact bytes (no reparse, no
 * re-encoding), so signatures and attachments survive untouched.
 *
 * The header is handled as a latin1 string: one character per byte, so slicing and
 * re-joining it gives back the same bytes whatever charset the client used.
 */
import addressparser from 'nodemailer/lib/addressparser';

export interface HeaderField {
  /** Lower-case field name, e.g. `from`. */
  name: string;
  /** Offsets of the whole field, continuation lines and line break included. */
  start: number;
  end: number;
  /** The unfolded value (RFC 5322 2.2.3), latin1 characters = raw bytes. */
  value: string;
}

export interface HeaderBlock {
  /** Bytes before the blank line (or before the first line that is not a field). */
  header: string;
  fields: HeaderField[];
  /** Everything after the header block, the separating blank line included. */
  rest: Buffer;
}

/** RFC 5322 2.2: field-name is printable ASCII except ':'; obsolete syntax allows WSP before ':'. */
const FIELD_START = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/;

/** The offset of the blank line that ends the header, or the message length if there is none. */
function headerEnd(raw: Buffer): number {
  if (raw.subarray(0, 2).toString('latin1') === '\r\n' || raw[0] === 0x0a) return 0;
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const candidates = [crlf >= 0 ? crlf + 2 : -1, lf >= 0 ? lf + 1 : -1].filter((n) => n >= 0);
  return candidates.length > 0 ? Math.min(...candidates) : raw.length;
}

export function readHeaderBlock(raw: Buffer): HeaderBlock {
  const text = raw.subarray(0, headerEnd(raw)).toString('latin1');
  const fields: HeaderField[] = [];
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const line = text.slice(offset, lineEnd);
    const last = fields[fields.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.end = lineEnd;
    } else if (FIELD_START.test(line)) {
      fields.push({ name: FIELD_START.exec(line)![1]!.toLowerCase(), start: offset, end: lineEnd, value: '' });
    } else {
      // Not a field: the header ends here and this line belongs to the body, as mail readers see it.
      break;
    }
    offset = lineEnd;
  }
  for (const field of fields) {
    const whole = text.slice(field.start, field.end);
    field.value = whole
      .slice(whole.indexOf(':') + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .replace(/\r?\n$/, '')
      .trim();
  }
  return { header: text.slice(0, offset), fields, rest: raw.subarray(offset) };
}

export function fieldsNamed(block: HeaderBlock, name: string): HeaderField[] {
  return block.fields.filter((field) => field.name === name);
}

/** The header without the named fields (their continuation lines included). */
export function withoutFields(block: HeaderBlock, names: readonly string[]): string {
  let out = '';
  let from = 0;
  for (const field of block.fields) {
    if (!names.includes(field.name)) continue;
    out += block.header.slice(from, field.start);
    from = field.end;
  }
  return out + block.header.slice(from);
}

/** A header block that ends without a line break (a message with no body) gets one first. */
export function appendFields(header: string, lines: readonly string[]): string {
  if (lines.length === 0) return header;
  const base = header.length > 0 && !header.endsWith('\n') ? `${header}\r\n` : header;
  return base + lines.map((line) => `${line}\r\n`).join('');
}

/** The addresses of an address field (groups flattened), read as UTF-8 (RFC 6532). */
export function addressesOf(field: HeaderField): string[] {
  return addressparser(Buffer.from(field.value, 'latin1').toString('utf8'), { flatten: true })
    .map((entry) => entry.address)
    .filter((address) => address.length > 0);
}
