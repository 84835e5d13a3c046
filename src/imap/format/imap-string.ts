/**
 * IMAP string encoding shared by every response writer (RFC 3501 4.3, 4.5, 9).
 *
 * Everything returns a Buffer, because the wire is bytes and a literal's {n} counts bytes:
 * building responses as Buffers means nobody can get a length wrong by mixing UTF-16 string
 * lengths with UTF-8 byte lengths. Inputs follow one rule:
 *   - a JavaScript `string` is text and is encoded as UTF-8;
 *   - a `Uint8Array` / `Buffer` is raw bytes and goes out unchanged.
 * Values from the stored MIME tree are ByteStrings (one char per byte): pass them through
 * `fromByteString()` first, never as plain strings, or their 8-bit bytes would be re-encoded.
 *
 * Choice for 8-bit bytes (e.g. raw UTF-8 in a Subject, or Latin-1 from an old mailer): they are
 * sent unchanged inside a literal. Quoted strings may only hold 7-bit TEXT-CHARs (RFC 3501 9),
 * while literals may hold any CHAR8 except NUL (RFC 3501 4.3). Sending the bytes as they are
 * keeps ENVELOPE consistent with BODY[HEADER.FIELDS (SUBJECT)] and leaves charset guessing to
 * the client, which is what clients expect; re-encoding as RFC 2047 would invent data. NUL, the
 * one byte a literal cannot carry, is replaced by 0x80 (as Dovecot does for message bodies).
 * Messages holding one are refused at SMTP DATA and APPEND, so only mail stored before that
 * rule can still have one.
 */

/**
 * Longest value sent as a quoted string; longer ones become literals. Keeps response lines
 * short for clients with line limits (RFC 2683 3.2.1.5 suggests staying under 8000 octets).
 */
export const MAX_QUOTED_BYTES = 1024;

/** Byte a NUL is replaced with: literals may not contain NUL (RFC 3501 4.3, CHAR8). */
export const NUL_REPLACEMENT = 0x80;

export type ImapText = string | Uint8Array;

export const NIL: Buffer = Buffer.from('NIL');

/** Bytes of a value: strings are UTF-8 text, byte arrays are taken as they are. */
export function toBytes(value: ImapText): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Bytes of a ByteString (one char per byte), as stored in the MIME tree. */
export function fromByteString(value: string): Buffer {
  return Buffer.from(value, 'latin1');
}

/** Copy of `bytes` with every NUL replaced by NUL_REPLACEMENT (same object if there is none). */
export function replaceNuls(bytes: Buffer): Buffer {
  if (!bytes.includes(0)) return bytes;
  const copy = Buffer.from(bytes);
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0) copy[i] = NUL_REPLACEMENT;
  return copy;
}

/** RFC 3501 9: can `bytes` be a quoted string (TEXT-CHARs only, short enough)? */
export function isQuotable(bytes: Uint8Array): boolean {
  if (bytes.length > MAX_QUOTED_BYTES) return false;
  for (const b of bytes) {
    // TEXT-CHAR = CHAR (0x01-0x7F) except CR and LF
    if (b === 0 || b === 0x0a || b === 0x0d || b > 0x7f) return false;
  }
  return true;
}

/**
 * RFC 3501 9 quoted: DQUOTE, with '"' and '\' escaped by '\'. Throws a RangeError when the
 * value cannot be quoted (see isQuotable): callers with arbitrary data use `imapString`.
 */
export function quoted(value: ImapText): Buffer {
  const bytes = toBytes(value);
  if (!isQuotable(bytes)) throw new RangeError('value cannot be sent as an IMAP quoted string');
  let specials = 0;
  for (const b of bytes) if (b === 0x22 || b === 0x5c) specials++;
  const out = Buffer.allocUnsafe(bytes.length + specials + 2);
  let n = 0;
  out[n++] = 0x22;
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out[n++] = 0x5c; // quoted-specials
    out[n++] = b;
  }
  out[n++] = 0x22;
  return out;
}

/** RFC 3501 4.3 synchronising literal "{n}\r\n" + bytes, bytes unchanged. */
export function literal(value: ImapText): Buffer {
  const bytes = toBytes(value);
  return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`, 'latin1'), bytes]);
}

/**
 * RFC 3501 4.3 string: quoted when possible, otherwise a literal (CR, LF, 8-bit bytes or longer
 * than MAX_QUOTED_BYTES). NULs are replaced first, so the result is always valid IMAP4rev1.
 */
export function imapString(value: ImapText): Buffer {
  const bytes = replaceNuls(toBytes(value));
  return isQuotable(bytes) ? quoted(bytes) : literal(bytes);
}

/** RFC 3501 4.5 nstring: NIL for null/undefined, otherwise imapString. */
export function nstring(value: ImapText | null | undefined): Buffer {
  return value === null || value === undefined ? NIL : imapString(value);
}

/**
 * RFC 3501 9 astring: a bare atom when every byte is an ASTRING-CHAR (and the value is not
 * empty and not the word NIL, which a reader would take for nil), otherwise imapString.
 */
export function astring(value: ImapText): Buffer {
  const bytes = toBytes(value);
  if (bytes.length === 0 || bytes.length > MAX_QUOTED_BYTES || bytes.toString('latin1').toUpperCase() === 'NIL') {
    return imapString(bytes);
  }
  for (const b of bytes) if (!isAstringChar(b)) return imapString(bytes);
  return Buffer.from(bytes);
}

/** RFC 3501 9: ASTRING-CHAR = ATOM-CHAR / resp-specials. */
function isAstringChar(b: number): boolean {
  // CTL, SP, 8-bit, and atom-specials: "(" ")" "{" SP "%" "*" '"' "\" ("]" is allowed here)
  if (b <= 0x20 || b >= 0x7f) return false;
  return b !== 0x28 && b !== 0x29 && b !== 0x7b && b !== 0x25 && b !== 0x2a && b !== 0x22 && b !== 0x5c;
}
