// Modified UTF-7, the encoding of international mailbox names on the wire (RFC 3501 5.1.3).
//
// Printable US-ASCII (0x20-0x7e) stands for itself, except "&", written "&-". Any other run of
// characters is written "&" + modified BASE64 of its UTF-16BE code units ("," instead of "/", no
// "=" padding) + "-". Decoding is strict: names that are not in the canonical form are refused,
// so two spellings can never name the same mailbox.

import { InvalidMailboxNameError } from './errors.js';

const AMP = 0x26;

function isPrintable(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

/** Encode a mailbox name (any Unicode string) for the wire. */
export function encodeMutf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (isPrintable(c)) {
      // RFC 3501 5.1.3: "&" is represented by the two-octet sequence "&-".
      out += c === AMP ? '&-' : name[i];
      i++;
      continue;
    }
    let j = i;
    while (j < name.length && !isPrintable(name.charCodeAt(j))) j++;
    const bytes = Buffer.alloc((j - i) * 2);
    for (let k = i; k < j; k++) bytes.writeUInt16BE(name.charCodeAt(k), (k - i) * 2);
    // RFC 3501 5.1.3: modified BASE64 uses "," for "/" and omits "=" padding.
    out += `&${bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
    i = j;
  }
  return out;
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,'
  .split('')
  .forEach((ch, index) => {
    BASE64_VALUE[ch.charCodeAt(0)] = index;
  });

function invalid(): InvalidMailboxNameError {
  return new InvalidMailboxNameError();
}

/** Decode a wire mailbox name. Throws InvalidMailboxNameError when it is not canonical modified UTF-7. */
export function decodeMutf7(wire: string): string {
  if (!wire.includes('&')) {
    for (let i = 0; i < wire.length; i++) if (!isPrintable(wire.charCodeAt(i))) throw invalid();
    return wire;
  }
  let out = '';
  let i = 0;
  while (i < wire.length) {
    const c = wire.charCodeAt(i);
    if (!isPrintable(c)) throw invalid();
    if (c !== AMP) {
      out += wire[i];
      i++;
      continue;
    }
    const end = wire.indexOf('-', i + 1);
    if (end === -1) throw invalid();
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    out += decodeShifted(wire, i + 1, end);
    i = end + 1;
    // Two adjacent shifted runs would be a second spelling of one run (`&AOk-&AOk-` = `&AOkA6Q-`).
    if (wire.charCodeAt(i) === AMP && wire.charCodeAt(i + 1) !== 0x2d) throw invalid();
  }
  return out;
}

/** Decode the modified BASE64 between "&" and "-" into UTF-16 code units. */
function decodeShifted(wire: string, start: number, end: number): string {
  const length = end - start;
  const unitCount = Math.floor((length * 6) / 16);
  // Canonical length: exactly as many characters as the code units need, fewer than 6 bits spare.
  if (unitCount === 0 || Math.ceil((unitCount * 16) / 6) !== length) throw invalid();
  let bits = 0;
  let buffer = 0;
  let units = '';
  let expectLow = false;
  for (let k = start; k < end; k++) {
    const v = BASE64_VALUE[wire.charCodeAt(k)] ?? -1;
    if (v < 0) throw invalid();
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      const unit = (buffer >> bits) & 0xffff;
      buffer &= (1 << bits) - 1;
      // RFC 3501 5.1.3: printable US-ASCII must represent itself, never be encoded.
      if (isPrintable(unit)) throw invalid();
      const high = unit >= 0xd800 && unit <= 0xdbff;
      const low = unit >= 0xdc00 && unit <= 0xdfff;
      if (expectLow !== low) throw invalid(); // a surrogate pair must be whole
      expectLow = high;
      units += String.fromCharCode(unit);
    }
  }
  if (expectLow || buffer !== 0) throw invalid(); // dangling high surrogate, or non-zero spare bits
  return units;
}
