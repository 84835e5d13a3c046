/**
 * `Content-Disposition` for downloads (RFC 6266): an ASCII `filename` fallback for old clients
 * and the exact name in `filename*` (RFC 8187, formerly RFC 5987: UTF-8 percent-encoded).
 */

/** Longest file name we send; browsers and file systems cut near 255 bytes anyway. */
export const MAX_FILENAME_CHARS = 200;

// Characters a file name must not carry into the user's file system or the header.
const UNSAFE_FILENAME = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g;

/** A file name safe to offer: no path, no controls, no leading dots, bounded length. */
export function cleanFilename(name: string, fallback: string): string {
  // Only the last path element: `../../page.html` is `page.html`.
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_FILENAME, '_').replace(/^[.\s]+/, '').trim().slice(0, MAX_FILENAME_CHARS);
  return cleaned.length > 0 ? cleaned : fallback;
}

// RFC 8187 3.2.1 attr-char: what may stay unencoded in an ext-value.
const ATTR_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/;

function encodeExtValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or `inline`). */
export function contentDisposition(type: 'attachment' | 'inline', filename: string): string {
  const name = cleanFilename(filename, 'piece-jointe');
  // RFC 6266 4.3: the plain `filename` is ASCII only; accents become their base letter.
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
