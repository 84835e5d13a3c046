/**
 * The bytes of a CSV, read in chunks and handed to the parser as UTF-8 without its BOM. The
 * encoding is decided once, over the whole file, before any row is read: UTF-8 when every
 * byte sequence is valid UTF-8 (with or without BOM), otherwise Windows-1252, what a
 * spreadsheet saves as « CSV (séparateur : point-virgule) » on Windows.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors.js';

/** A million people is about 150 MB; a file ten times that is no référentiel export. */
export const MAX_FILE_BYTES = 1024 ** 3;
/** Read at most this much at once: memory stays flat whatever the file's size. */
const CHUNK_BYTES = 1024 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEWLINE = 0x0a;

export type CsvEncoding = 'utf-8' | 'windows-1252';

/** Where the bytes come from: a file (`webmel directory import`) or bytes already read (the demo's). */
export interface CsvSource {
  /** How messages name it. */
  name: string;
  size: number;
  chunks(): Iterable<Buffer>;
}

const tooBig = (name: string) =>
  new ImportFileError(`${name} : fichier trop volumineux (plus de 1 Gio) ; découpez-le, un fichier par type et par département par exemple.`);

/** A file on disk; its size is checked before anything is read. */
export function csvFile(filePath: string, name = filePath): CsvSource {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportFileError(code === 'ENOENT' ? `${name} : fichier introuvable.` : `${name} : lecture impossible (${code ?? String(err)}).`);
  }
  if (!stat.isFile()) throw new ImportFileError(`${name} : ce n’est pas un fichier.`);
  if (stat.size > MAX_FILE_BYTES) throw tooBig(name);
  return {
    name,
    size: stat.size,
    *chunks() {
      let fd: number;
      try {
        fd = fs.openSync(filePath, 'r');
      } catch (err) {
        throw new ImportFileError(`${name} : lecture impossible (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
      }
      try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        for (;;) {
          const read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
          if (read === 0) return;
          // A copy: the parser may keep a chunk's tail while the next one is read.
          yield Buffer.from(buffer.subarray(0, read));
        }
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/** Bytes already in memory. */
export function csvBytes(bytes: Uint8Array, name: string): CsvSource {
  if (bytes.length > MAX_FILE_BYTES) throw tooBig(name);
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    name,
    size: all.length,
    *chunks() {
      for (let at = 0; at < all.length; at += CHUNK_BYTES) yield all.subarray(at, at + CHUNK_BYTES);
    },
  };
}

/** A source whose encoding is known: its chunks as UTF-8, BOM removed. */
export interface DecodedSource {
  name: string;
  encoding: CsvEncoding;
  /** Line breaks in the file: the rows to expect, for a progress bar (a quoted line break counts too). */
  lineBreaks: number;
  chunks(): Iterable<Buffer>;
}

/** Where the last, possibly incomplete, UTF-8 sequence of `chunk` begins (chunk.length when it is complete). */
function completeUtf8Length(chunk: Buffer): number {
  for (let i = chunk.length - 1; i >= Math.max(0, chunk.length - 4); i--) {
    const byte = chunk[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const length = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return i + length <= chunk.length ? chunk.length : i;
  }
  return chunk.length;
}

function countLineBreaks(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/**
 * Reads the source once to decide its encoding and count its lines. A NUL byte means a binary
 * file or UTF-16 (« Texte Unicode » in a spreadsheet): no CSV of ours holds one.
 */
export function decodeSource(source: CsvSource): DecodedSource {
  let utf8 = true;
  let lineBreaks = 0;
  let carry: Buffer = Buffer.alloc(0);
  for (const chunk of source.chunks()) {
    if (chunk.includes(0)) {
      throw new ImportFileError(`${source.name} : fichier binaire ou en UTF-16, pas un CSV ; enregistrez-le au format « CSV UTF-8 ».`);
    }
    lineBreaks += countLineBreaks(chunk);
    if (!utf8) continue;
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const complete = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, complete))) utf8 = false;
    carry = bytes.subarray(complete);
  }
  if (utf8 && carry.length > 0 && !isUtf8(carry)) utf8 = false;
  const encoding: CsvEncoding = utf8 ? 'utf-8' : 'windows-1252';
  return {
    name: source.name,
    encoding,
    lineBreaks,
    *chunks() {
      let start = true;
      for (const chunk of source.chunks()) {
        if (encoding === 'windows-1252') {
          yield Buffer.from(iconv.decode(chunk, 'win1252'), 'utf8');
          continue;
        }
        // The BOM is only ever at the very start; the first chunk has at least 3 bytes unless the file has fewer.
        yield start && chunk.subarray(0, 3).equals(BOM) ? chunk.subarray(3) : chunk;
        start = false;
      }
    },
  };
}
