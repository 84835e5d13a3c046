/**
 * Body text from raw section bytes: transfer decoding (RFC 2045 6), charset (RFC 2046 4.1.2,
 * unknown labels read as Windows-1252, which never fails and shows Western text best), and
 * RFC 3676 format=flowed unwrapping.
 */
import libqp from 'libqp';

export function decodeTransfer(bytes: Buffer, encoding: string): Buffer {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(bytes.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return libqp.decode(bytes.toString('latin1'));
    default:
      return bytes;
  }
}

// WHATWG Encoding: these labels all mean windows-1252. Node 20's TextDecoder decodes them as
// ISO-8859-1 (0x80 stays U+0080 instead of €), so we map the 0x80–0x9F block ourselves.
const WINDOWS_1252_LABELS: ReadonlySet<string> = new Set([
  'windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'cp819', 'ibm819', 'ansi_x3.4-1968', 'us-ascii', 'ascii',
]);
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return out;
}

export function decodeCharset(bytes: Buffer, charset: string | null): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  // US-ASCII text is read as UTF-8: senders mislabel UTF-8 as ASCII far more often than the reverse.
  if (label === 'us-ascii' || label === 'ascii') return new TextDecoder('utf-8').decode(bytes);
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * RFC 3676 4.2: a line ending in a space is soft-broken and joins the next one (4.1: quote
 * depth must match); 4.4: a leading space is stuffing and goes; the signature separator
 * `-- ` stays a hard break.
 */
export function unflow(text: string, delsp: boolean): string {
  const lines = text.split(/\r\n|\n/);
  const out: string[] = [];
  let current: string | null = null;
  let currentDepth = -1;
  for (const rawLine of lines) {
    let depth = 0;
    while (rawLine[depth] === '>') depth++;
    let line = rawLine.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1); // space-stuffing (4.4)
    const quote = depth > 0 ? `${'>'.repeat(depth)} ` : '';
    const soft = line.endsWith(' ') && line !== '-- ';
    if (current !== null && depth === currentDepth) {
      current += line;
    } else {
      if (current !== null) out.push(current);
      current = quote + line;
      currentDepth = depth;
    }
    if (soft) {
      if (delsp) current = current.slice(0, -1);
    } else {
      out.push(current);
      current = null;
      currentDepth = -1;
    }
  }
  if (current !== null) out.push(current);
  return out.join('\n');
}

export function decodeBodyText(
  bytes: Buffer,
  part: { encoding: string; charset: string | null; flowed: boolean; delsp: boolean },
  alreadyBinary = false,
): string {
  const decoded = alreadyBinary ? bytes : decodeTransfer(bytes, part.encoding);
  const text = decodeCharset(decoded, part.charset);
  return part.flowed ? unflow(text, part.delsp) : text;
}
