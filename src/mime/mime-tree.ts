/**
 * MIME structure of a stored message, computed ONCE at delivery and stored as JSON next to the
 * raw bytes, so that IMAP FETCH (BODYSTRUCTURE, ENVELOPE, BODY[section]<partial>) never reparses
 * the message: it formats this tree and slices the raw buffer at the recorded offsets.
 *
 * Invariants
 * - Pure and total: `parseMimeTree` never throws on any input (hostile, truncated, 8-bit, NUL
 *   bytes, LF-only lines) and its work is linear in the message size times MAX_MIME_DEPTH.
 *   No backtracking regex ever runs over message bytes: every scan is an indexOf or a loop
 *   that moves forward.
 * - Offsets are byte offsets into the exact buffer that was parsed. Store that buffer unchanged
 *   (or normalise line endings BEFORE parsing, never after), otherwise every offset is wrong.
 * - Text taken from headers is kept as a ByteString (see below): the raw bytes, unfolded,
 *   undecoded, so IMAP shows the client exactly what BODY[HEADER] would. Only values documented
 *   as "decoded" (MimeParam.value, language tags) are real Unicode.
 * - Bump MIME_TREE_VERSION whenever the shape or the semantics of the JSON change, so the store
 *   can tell which rows to recompute.
 */
import { isUtf8 } from 'node:buffer';

/** Version of the stored JSON shape; stored alongside the tree so old rows can be recomputed. */
export const MIME_TREE_VERSION = 1;

/**
 * Deepest nesting of multipart and message/rfc822 containers that is expanded. A container
 * deeper than this becomes an opaque application/octet-stream leaf. Real mail nests less than
 * ten deep; the bound keeps both the recursion and the (depth x size) scanning cost small.
 */
export const MAX_MIME_DEPTH = 32;

/**
 * Most parts one message may produce. Beyond it the remaining parts of a multipart are not
 * listed (their bytes stay in BODY[] of the enclosing part). Real mail rarely has more than a
 * hundred parts; the bound keeps the stored JSON of a hostile "--b\n--b\n..." message under
 * about half a megabyte instead of growing with every four bytes of input.
 */
export const MAX_MIME_PARTS = 1000;

/**
 * Longest boundary accepted. RFC 2046 5.1.1 limits boundaries to 70 characters; we tolerate
 * more, but a bounded needle keeps the delimiter search linear. A multipart whose boundary is
 * longer is treated as having no parts (opaque leaf).
 */
export const MAX_BOUNDARY_BYTES = 200;

/**
 * Longest header value kept in the tree (after unfolding). Longer values are truncated: the
 * full bytes remain available through BODY[HEADER]. Large enough for a To: of a thousand
 * recipients, small enough that a 10 MB Subject line does not end up in the database twice.
 */
export const MAX_STORED_FIELD_BYTES = 64 * 1024;

/** Longest field name looked at; every field we need is shorter (content-transfer-encoding: 25). */
const MAX_FIELD_NAME_BYTES = 64;

/**
 * Digits of an RFC 2231 section number ("name*123"): up to 999 sections, far beyond real mail,
 * and a bounded Number() conversion. A longer "name*1234" is kept as an ordinary parameter name.
 */
const MAX_PARAM_SECTION_DIGITS = 3;

/**
 * A JavaScript string holding raw bytes, one char per byte (Buffer 'latin1' / 'binary'
 * encoding). JSON keeps it lossless; `Buffer.from(s, 'latin1')` gives the original bytes back.
 * UTF-8 header bytes therefore appear as mojibake if printed directly: decode them with
 * `Buffer.from(s, 'latin1').toString('utf8')` (and RFC 2047) for display.
 */
export type ByteString = string;

/** One Content-Type / Content-Disposition parameter. */
export interface MimeParam {
  name: string;
  value: string;
}

/** Content-Disposition (RFC 2183). */
export interface MimeDisposition {
  /** Disposition type, ASCII-lowercased: 'inline', 'attachment', ... */
  type: ByteString;
  /** Decoded parameters, see MimePart.params. */
  params: MimeParam[];
  /** Parameters for the IMAP wire, see MimePart.wireParams. */
  wireParams: MimeParam[];
}

/**
 * One address of an ENVELOPE list, with RFC 3501 7.4.2 semantics: a group start is
 * { name: null, adl: null, mailbox: <group name>, host: null }, a group end is all null.
 * A real mailbox always has a non-null mailbox and host ('' when the source had none) so it is
 * never mistaken for a group marker.
 */
export interface AddressData {
  /** Display name: phrase with quotes removed, RFC 2047 words left encoded. */
  name: ByteString | null;
  /** Obsolete source route ("@a,@b"), RFC 5322 4.4. */
  adl: ByteString | null;
  mailbox: ByteString | null;
  host: ByteString | null;
}

/** Raw (unfolded, undecoded) values of the address header fields of an envelope. */
export interface EnvelopeRawAddresses {
  from: ByteString | null;
  sender: ByteString | null;
  replyTo: ByteString | null;
  to: ByteString | null;
  cc: ByteString | null;
  bcc: ByteString | null;
}

/** ENVELOPE data of a message header (RFC 3501 7.4.2). Absent fields are null. */
export interface EnvelopeData {
  date: ByteString | null;
  subject: ByteString | null;
  from: AddressData[];
  /** Defaults to `from` when the Sender field is absent or empty (RFC 3501 7.4.2). */
  sender: AddressData[];
  /** Defaults to `from` when the Reply-To field is absent or empty (RFC 3501 7.4.2). */
  replyTo: AddressData[];
  to: AddressData[];
  cc: AddressData[];
  bcc: AddressData[];
  inReplyTo: ByteString | null;
  messageId: ByteString | null;
  /** The address fields as found in the header, before parsing and defaulting. */
  raw: EnvelopeRawAddresses;
}

/** Why a container part was not expanded. */
export type OpaqueReason =
  | 'depth' // deeper than MAX_MIME_DEPTH
  | 'parts' // MAX_MIME_PARTS already reached
  | 'no-parts' // multipart without boundary, or no delimiter line found
  | 'encoded'; // message/rfc822 with a base64 / quoted-printable body (RFC 2046 5.2.1 forbids it)

/** The declared type of a part that was turned into an opaque leaf. */
export interface OpaqueInfo {
  reason: OpaqueReason;
  type: string;
  subtype: string;
}

/**
 * One MIME entity. Offsets index the raw message buffer:
 *   [headerStart, headerEnd)  the header, including the blank line that ends it (if any)
 *   [headerEnd, bodyEnd)      the body
 */
export interface MimePart {
  headerStart: number;
  /** Offset where the body begins, i.e. after the blank line (bodyEnd when there is none). */
  headerEnd: number;
  bodyEnd: number;
  /** Media type, ASCII-lowercased. Default 'text' ('message' inside multipart/digest), RFC 2045 5.2, RFC 2046 5.1.5. */
  type: string;
  /** Media subtype, ASCII-lowercased. Default 'plain' ('rfc822' inside multipart/digest). */
  subtype: string;
  /**
   * Content-Type parameters, decoded for applications: `name` ASCII-lowercased without RFC 2231
   * markers, `value` Unicode (RFC 2231 sections merged and charset-decoded, RFC 2047 words
   * decoded). Names are unique; an RFC 2231 value wins over a plain one of the same name.
   * Look one up with `paramValue(part.params, 'charset')`.
   */
  params: MimeParam[];
  /**
   * Content-Type parameters as IMAP BODYSTRUCTURE shows them (ByteStrings, header order):
   * RFC 2231 continuations merged, as RFC 2231 asks of IMAP servers, but values left in their
   * transfer form; an extended value keeps its trailing '*' ("filename*" = "utf-8''%E2%82%AC").
   */
  wireParams: MimeParam[];
  /** Content-Transfer-Encoding, ASCII-uppercased first token. Default '7BIT' (RFC 2045 6.1). */
  encoding: string;
  /** Body size in bytes: bodyEnd - headerEnd. */
  size: number;
  /** Number of LF-terminated lines of the body; only for text/* and message/rfc822. */
  lines?: number;
  /** Content-ID, raw. */
  id?: ByteString;
  /** Content-Description, raw (RFC 2047 words left encoded). */
  description?: ByteString;
  /** Content-MD5, raw (RFC 1864). */
  md5?: ByteString;
  /** Content-Disposition (RFC 2183). */
  disposition?: MimeDisposition;
  /** Content-Language tags (RFC 3282), in order. */
  language?: string[];
  /** Content-Location, raw (RFC 2557). */
  location?: ByteString;
  /** Envelope of the header: set on the message root and on every embedded message root. */
  envelope?: EnvelopeData;
  /** Children of a multipart/* part (at least one). */
  children?: MimePart[];
  /** For message/rfc822: the embedded message, whose root spans this part's body. */
  message?: MimePart;
  /**
   * Set when a container was not expanded; the part then reads as application/octet-stream
   * everywhere (BODYSTRUCTURE, section paths), and this records what it claimed to be.
   */
  opaque?: OpaqueInfo;
}

/** Value of the parameter `name` (case-insensitive) in a decoded parameter list. */
export function paramValue(params: readonly MimeParam[], name: string): string | undefined {
  const wanted = asciiLower(name);
  for (const p of params) if (p.name === wanted) return p.value;
  return undefined;
}

/**
 * Parse a raw RFC 5322 message into its MIME tree. Never throws; see the module comment.
 */
export function parseMimeTree(raw: Buffer): MimePart {
  const ctx: ParseContext = { raw, partsLeft: MAX_MIME_PARTS, lines: new LineCounter(raw) };
  return parseEntity(ctx, 0, raw.length, 0, false, true);
}

// ---------------------------------------------------------------------------------------------
// Entities

interface ParseContext {
  raw: Buffer;
  partsLeft: number;
  lines: LineCounter;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;

/** Header fields every MIME entity needs. */
const MIME_FIELDS: ReadonlySet<string> = new Set([
  'content-type',
  'content-transfer-encoding',
  'content-id',
  'content-description',
  'content-disposition',
  'content-language',
  'content-location',
  'content-md5',
]);

/** Header fields of a message header: the MIME ones plus the ENVELOPE ones. */
const MESSAGE_FIELDS: ReadonlySet<string> = new Set([
  ...MIME_FIELDS,
  'date',
  'subject',
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'in-reply-to',
  'message-id',
]);

/** Transfer encodings under which a message/rfc822 body is still a readable message. */
const IDENTITY_ENCODINGS: ReadonlySet<string> = new Set(['7BIT', '8BIT', 'BINARY']);

function parseEntity(
  ctx: ParseContext,
  start: number,
  end: number,
  depth: number,
  inDigest: boolean,
  isMessage: boolean,
): MimePart {
  ctx.partsLeft--;
  const { raw } = ctx;
  const headerEnd = findHeaderEnd(raw, start, end);
  const fields = readFields(raw, start, headerEnd, isMessage ? MESSAGE_FIELDS : MIME_FIELDS);

  // RFC 2045 5.2: no (or unparsable) Content-Type means text/plain; RFC 2046 5.1.5: inside
  // multipart/digest the default is message/rfc822.
  let type = inDigest ? 'message' : 'text';
  let subtype = inDigest ? 'rfc822' : 'plain';
  let params: MimeParam[] = [];
  let wireParams: MimeParam[] = [];
  const contentType = fields.get('content-type');
  if (contentType !== undefined) {
    const parsed = parseParameterized(contentType);
    const slash = parsed.main.indexOf('/');
    const t = slash === -1 ? '' : asciiLower(parsed.main.slice(0, slash));
    const s = slash === -1 ? '' : asciiLower(parsed.main.slice(slash + 1));
    if (isToken(t) && isToken(s)) {
      type = t;
      subtype = s;
    }
    ({ params, wireParams } = mergeParams(parsed.params));
  }

  const part: MimePart = {
    headerStart: start,
    headerEnd,
    bodyEnd: end,
    type,
    subtype,
    params,
    wireParams,
    encoding: parseEncoding(fields.get('content-transfer-encoding')),
    size: end - headerEnd,
  };
  // An empty Content-* field says nothing: it is recorded (and shown to IMAP) as absent.
  const id = fields.get('content-id');
  if (id) part.id = id;
  const description = fields.get('content-description');
  if (description) part.description = description;
  const md5 = fields.get('content-md5');
  if (md5) part.md5 = md5;
  const disposition = fields.get('content-disposition');
  if (disposition !== undefined) {
    const parsed = parseParameterized(disposition);
    if (parsed.main !== '') part.disposition = { type: asciiLower(parsed.main), ...mergeParams(parsed.params) };
  }
  const language = fields.get('content-language');
  if (language !== undefined) {
    const tags = parseLanguageList(language);
    if (tags.length > 0) part.language = tags;
  }
  const location = fields.get('content-location');
  if (location) part.location = location;
  if (isMessage) part.envelope = buildEnvelope(fields);

  if (type === 'multipart') expandMultipart(ctx, part, depth);
  else if (type === 'message' && subtype === 'rfc822') expandMessage(ctx, part, depth);

  // RFC 3501 7.4.2: body-fld-lines for text/* and message/rfc822 only. Counted as LF bytes,
  // so a last line without a line break does not count (same convention as Dovecot).
  if (part.type === 'text' || (part.type === 'message' && part.subtype === 'rfc822')) {
    part.lines = ctx.lines.count(headerEnd, end);
  }
  return part;
}

function expandMultipart(ctx: ParseContext, part: MimePart, depth: number): void {
  if (depth >= MAX_MIME_DEPTH) return makeOpaque(part, 'depth');
  if (ctx.partsLeft <= 0) return makeOpaque(part, 'parts');
  const boundary = boundaryOf(part);
  if (boundary === null) return makeOpaque(part, 'no-parts');
  const ranges = splitMultipart(ctx.raw, part.headerEnd, part.bodyEnd, boundary, ctx.partsLeft);
  const inDigest = part.subtype === 'digest';
  const children: MimePart[] = [];
  for (const [s, e] of ranges) {
    // MAX_MIME_PARTS: stop listing parts; their bytes remain in this part's body.
    if (ctx.partsLeft <= 0) break;
    children.push(parseEntity(ctx, s, e, depth + 1, inDigest, false));
  }
  // RFC 3501 9 (body-type-mpart = 1*body): a multipart needs at least one part to be shown.
  if (children.length === 0) return makeOpaque(part, 'no-parts');
  part.children = children;
}

function expandMessage(ctx: ParseContext, part: MimePart, depth: number): void {
  // RFC 2046 5.2.1: only 7bit, 8bit or binary are allowed; an encoded body is not a message
  // we could point offsets into.
  if (!IDENTITY_ENCODINGS.has(part.encoding)) return makeOpaque(part, 'encoded');
  if (depth >= MAX_MIME_DEPTH) return makeOpaque(part, 'depth');
  if (ctx.partsLeft <= 0) return makeOpaque(part, 'parts');
  part.message = parseEntity(ctx, part.headerEnd, part.bodyEnd, depth + 1, false, true);
}

/** Turn a container we refuse to expand into a leaf that reads as application/octet-stream. */
function makeOpaque(part: MimePart, reason: OpaqueReason): void {
  part.opaque = { reason, type: part.type, subtype: part.subtype };
  part.type = 'application';
  part.subtype = 'octet-stream';
}

function boundaryOf(part: MimePart): Buffer | null {
  // The wire value is the boundary exactly as written; a decoded RFC 2231 one is a fallback.
  const plain = part.wireParams.find((p) => asciiLower(p.name) === 'boundary');
  const bytes = plain !== undefined
    ? Buffer.from(plain.value, 'latin1')
    : Buffer.from(paramValue(part.params, 'boundary') ?? '', 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_BOUNDARY_BYTES) return null;
  if (bytes.includes(LF) || bytes.includes(CR)) return null;
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Byte-level scanning

/**
 * Offset just after the blank line ending the header that starts at `start`, or `end` when
 * there is none (then the whole entity is header and the body is empty). LF and CRLF endings
 * are both accepted. A line holding only spaces is a folded continuation, not the end.
 */
function findHeaderEnd(raw: Buffer, start: number, end: number): number {
  // A bounded view: indexOf on it can never scan past this entity.
  const view = raw.subarray(start, end);
  const len = view.length;
  let pos = 0;
  while (pos < len) {
    const c = view[pos];
    if (c === LF) return start + pos + 1;
    if (c === CR && pos + 1 < len && view[pos + 1] === LF) return start + pos + 2;
    const nl = view.indexOf(LF, pos);
    if (nl === -1) return end;
    pos = nl + 1;
  }
  return end;
}

/** Bytes per block of the LF prefix table (see LineCounter). */
const LINE_BLOCK_BYTES = 4096;

/**
 * Counts LF bytes in ranges. Nested text and message/rfc822 parts overlap (an embedded message
 * is inside its parent's body), so counting each range byte by byte would cost depth x size.
 * Long ranges use a prefix table of LF counts per block, built once in one pass; only the two
 * partial blocks at the ends are scanned.
 */
class LineCounter {
  private prefix: Uint32Array | null = null;

  constructor(private readonly raw: Buffer) {}

  count(start: number, end: number): number {
    if (end - start <= 2 * LINE_BLOCK_BYTES) return this.scan(start, end);
    this.prefix ??= this.buildPrefix();
    const firstFull = Math.ceil(start / LINE_BLOCK_BYTES);
    const lastFull = Math.floor(end / LINE_BLOCK_BYTES);
    return (
      this.scan(start, firstFull * LINE_BLOCK_BYTES) +
      ((this.prefix[lastFull] ?? 0) - (this.prefix[firstFull] ?? 0)) +
      this.scan(lastFull * LINE_BLOCK_BYTES, end)
    );
  }

  /** prefix[k] = number of LF in [0, k * LINE_BLOCK_BYTES). */
  private buildPrefix(): Uint32Array {
    const blocks = Math.floor(this.raw.length / LINE_BLOCK_BYTES);
    const prefix = new Uint32Array(blocks + 1);
    for (let k = 0; k < blocks; k++) {
      prefix[k + 1] = (prefix[k] ?? 0) + this.scan(k * LINE_BLOCK_BYTES, (k + 1) * LINE_BLOCK_BYTES);
    }
    return prefix;
  }

  private scan(start: number, end: number): number {
    // indexOf is a native memchr: much faster than a byte loop in JavaScript.
    const view = this.raw.subarray(start, end);
    let n = 0;
    for (let at = view.indexOf(LF); at !== -1; at = view.indexOf(LF, at + 1)) n++;
    return n;
  }
}

/**
 * Split a multipart body into its parts (RFC 2046 5.1.1), returning [start, end) ranges.
 * A delimiter is "--" boundary at the start of a line, optionally "--" (close), then only
 * spaces/tabs up to the line end; the line break before it belongs to the delimiter. Matching is
 * strict so that an outer boundary that is a prefix of an inner one ("abc" / "abcd") does not
 * cut the inner part. Preamble and epilogue are not parts. An unterminated multipart ends at the
 * end of its body. At most `maxParts` ranges are returned.
 */
function splitMultipart(
  raw: Buffer,
  bodyStart: number,
  bodyEnd: number,
  boundary: Buffer,
  maxParts: number,
): Array<[number, number]> {
  const body = raw.subarray(bodyStart, bodyEnd);
  const len = body.length;
  const dashes = Buffer.concat([Buffer.from('--'), boundary]);
  // Searching "\n--boundary" gives a needle with a single LF, so matches never overlap and the
  // search stays linear.
  const needle = Buffer.concat([Buffer.from('\n'), dashes]);
  const ranges: Array<[number, number]> = [];
  let partStart = -1; // -1 while in the preamble
  let from = 0;
  let first = true;
  while (ranges.length < maxParts) {
    let delim: number; // offset of the first '-' of the delimiter
    if (first) {
      first = false;
      if (body.subarray(0, dashes.length).equals(dashes)) delim = 0;
      else continue;
    } else {
      const nl = body.indexOf(needle, from);
      if (nl === -1) break;
      delim = nl + 1;
    }
    from = delim;
    let p = delim + dashes.length;
    let close = false;
    if (p + 1 < len && body[p] === 0x2d && body[p + 1] === 0x2d) {
      close = true;
      p += 2;
    }
    while (p < len && (body[p] === SP || body[p] === HT)) p++;
    if (p < len) {
      if (body[p] === LF) p += 1;
      else if (body[p] === CR && p + 1 < len && body[p + 1] === LF) p += 2;
      else continue; // something else follows: not a delimiter line
    }
    if (partStart >= 0) {
      let partEnd = delim;
      if (partEnd > 0 && body[partEnd - 1] === LF) partEnd--;
      if (partEnd > 0 && body[partEnd - 1] === CR) partEnd--;
      ranges.push([bodyStart + partStart, bodyStart + Math.max(partStart, partEnd)]);
    }
    if (close) return ranges;
    partStart = p;
    from = p > 0 ? p - 1 : 0; // keep the LF ending this line so "\n--b" right after matches
  }
  // Unterminated: the last part runs to the end of the body, unless nothing follows the last
  // delimiter at all (a trailing empty part would only be noise).
  if (partStart >= 0 && partStart < len && ranges.length < maxParts) {
    ranges.push([bodyStart + partStart, bodyEnd]);
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// Header fields

/**
 * First occurrence of each wanted field in the header [start, end), unfolded (RFC 5322 2.2.3:
 * CRLF before WSP removed), trimmed of spaces/tabs, as a ByteString of at most
 * MAX_STORED_FIELD_BYTES. Lines without a colon and stray continuation lines are ignored.
 */
function readFields(raw: Buffer, start: number, end: number, wanted: ReadonlySet<string>): Map<string, ByteString> {
  const found = new Map<string, ByteString>();
  const h = raw.toString('latin1', start, end);
  const len = h.length;
  let pos = 0;
  while (pos < len) {
    let lineEnd = h.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = len;
    // The field runs on over every following line that starts with SP or HTAB.
    let fieldEnd = lineEnd;
    while (fieldEnd + 1 < len) {
      const c = h.charCodeAt(fieldEnd + 1);
      if (c !== SP && c !== HT) break;
      const next = h.indexOf('\n', fieldEnd + 1);
      fieldEnd = next === -1 ? len : next;
    }
    const firstChar = h.charCodeAt(pos);
    if (firstChar !== SP && firstChar !== HT) {
      // Bounded colon search: a long line without a colon costs at most MAX_FIELD_NAME_BYTES.
      const limit = Math.min(lineEnd, pos + MAX_FIELD_NAME_BYTES + 1);
      let colon = -1;
      for (let i = pos; i < limit; i++) {
        if (h.charCodeAt(i) === 0x3a) {
          colon = i;
          break;
        }
      }
      if (colon !== -1) {
        // toLowerCase is safe here: no wanted name contains a non-ASCII character.
        const name = trimWsp(h.slice(pos, colon)).toLowerCase();
        if (wanted.has(name) && !found.has(name)) found.set(name, unfold(h, colon + 1, fieldEnd));
      }
    }
    pos = fieldEnd + 1;
  }
  return found;
}

function unfold(h: string, from: number, to: number): ByteString {
  let out = '';
  let pos = from;
  // Leading whitespace, including folds right after the colon, is not part of the value.
  while (pos < to && isWsp(h.charCodeAt(pos))) pos++;
  while (pos < to && out.length <= MAX_STORED_FIELD_BYTES) {
    let nl = h.indexOf('\n', pos);
    if (nl === -1 || nl > to) nl = to;
    let segEnd = nl;
    if (segEnd > pos && h.charCodeAt(segEnd - 1) === CR) segEnd--;
    out += h.slice(pos, Math.min(segEnd, pos + MAX_STORED_FIELD_BYTES));
    pos = nl + 1;
  }
  return trimWsp(out.length > MAX_STORED_FIELD_BYTES ? out.slice(0, MAX_STORED_FIELD_BYTES) : out);
}

function parseEncoding(value: ByteString | undefined): string {
  if (value === undefined) return '7BIT';
  const { main } = parseParameterized(value);
  // RFC 2045 6.1: default 7bit when absent; an empty value is treated the same.
  return main === '' ? '7BIT' : asciiUpper(main);
}

/** RFC 3282 Language-List: comma-separated tags, comments and spaces ignored. */
function parseLanguageList(value: ByteString): string[] {
  const tags: string[] = [];
  let current = '';
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c === 0x28) {
      i = skipComment(value, i);
      continue;
    }
    if (c === 0x2c) {
      if (current !== '') tags.push(current);
      current = '';
    } else if (c !== SP && c !== HT) {
      current += value[i];
    }
    i++;
  }
  if (current !== '') tags.push(current);
  return tags;
}

// ---------------------------------------------------------------------------------------------
// Parameterised fields (Content-Type, Content-Disposition): RFC 2045 5.1, RFC 2183, RFC 2231

interface RawParam {
  /** Attribute as written, including any RFC 2231 "*N" / "*" markers. */
  name: ByteString;
  /** Value with the quoting removed. */
  value: ByteString;
}

/**
 * Split "main; a=b; c="d"" into the main value (spaces and comments removed) and raw params.
 * Tolerant: unquoted values may contain spaces ("name=my file.pdf"), attributes without '='
 * are skipped, an unterminated quoted string ends at the end of the field.
 */
function parseParameterized(value: ByteString): { main: string; params: RawParam[] } {
  const len = value.length;
  let main = '';
  let i = 0;
  while (i < len) {
    const c = value.charCodeAt(i);
    if (c === 0x3b) break; // ';'
    if (c === 0x28) {
      i = skipComment(value, i);
      continue;
    }
    if (c === 0x22) {
      const [text, next] = readQuoted(value, i);
      main += text;
      i = next;
      continue;
    }
    if (c !== SP && c !== HT && c !== CR && c !== LF) main += value[i];
    i++;
  }

  const params: RawParam[] = [];
  while (i < len) {
    // Skip separators and whitespace before an attribute.
    const c = value.charCodeAt(i);
    if (c === 0x3b || c === SP || c === HT || c === CR || c === LF) {
      i++;
      continue;
    }
    if (c === 0x28) {
      i = skipComment(value, i);
      continue;
    }
    let name = '';
    while (i < len) {
      const d = value.charCodeAt(i);
      if (d === 0x3d || d === 0x3b) break; // '=' or ';'
      if (d === 0x28) {
        i = skipComment(value, i);
        continue;
      }
      if (d !== SP && d !== HT) name += value[i];
      i++;
    }
    if (i >= len || value.charCodeAt(i) === 0x3b || name === '') continue; // no value
    i++; // '='
    while (i < len && (value.charCodeAt(i) === SP || value.charCodeAt(i) === HT)) i++;
    let val: string;
    if (i < len && value.charCodeAt(i) === 0x22) {
      const [text, next] = readQuoted(value, i);
      val = text;
      // Ignore anything between the closing quote and the next ';'.
      const semi = value.indexOf(';', next);
      i = semi === -1 ? len : semi;
    } else {
      const semi = value.indexOf(';', i);
      const stop = semi === -1 ? len : semi;
      val = stripTrailingComment(trimWsp(value.slice(i, stop)));
      i = stop;
    }
    params.push({ name, value: val });
  }
  return { main, params };
}

/** Read the quoted-string starting at `start` (a '"'); returns its content and the index after it. */
function readQuoted(s: string, start: number): [string, number] {
  let out = '';
  let seg = start + 1;
  let j = start + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x5c && j + 1 < s.length) {
      // RFC 5322 3.2.1 quoted-pair
      out += s.slice(seg, j) + s[j + 1];
      j += 2;
      seg = j;
      continue;
    }
    if (c === 0x22) break;
    j++;
  }
  out += s.slice(seg, j);
  return [out, Math.min(j + 1, s.length)];
}

/** Index just after the (possibly nested) comment starting at `start` (a '('). */
function skipComment(s: string, start: number): number {
  let depth = 0;
  let j = start;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return j + 1;
    j++;
  }
  return s.length;
}

/** "us-ascii (Plain text)" -> "us-ascii" (RFC 2045 5.1's own example); "a (1).txt" is kept. */
function stripTrailingComment(v: string): string {
  if (v.charCodeAt(v.length - 1) !== 0x29) return v;
  let depth = 0;
  for (let j = v.length - 1; j >= 0; j--) {
    const c = v.charCodeAt(j);
    if (c === 0x29) depth++;
    else if (c === 0x28 && --depth === 0) {
      return j > 0 && (v.charCodeAt(j - 1) === SP || v.charCodeAt(j - 1) === HT) ? trimWsp(v.slice(0, j)) : v;
    }
  }
  return v;
}

interface ParamGroup {
  wireName: string;
  plain?: ByteString;
  extended?: ByteString;
  sections: Map<number, { value: ByteString; extended: boolean }>;
}

/**
 * Merge RFC 2231 sections and produce both the decoded list and the IMAP wire list.
 */
function mergeParams(raw: readonly RawParam[]): { params: MimeParam[]; wireParams: MimeParam[] } {
  const groups = new Map<string, ParamGroup>();
  for (const { name, value } of raw) {
    const star = name.indexOf('*');
    let base = name;
    let section: number | null = null;
    let extended = false;
    if (star !== -1) {
      const rest = name.slice(star + 1);
      if (rest === '') {
        base = name.slice(0, star);
        extended = true;
      } else {
        const digits = rest.endsWith('*') ? rest.slice(0, -1) : rest;
        if (digits.length > 0 && digits.length <= MAX_PARAM_SECTION_DIGITS && isDigits(digits)) {
          base = name.slice(0, star);
          section = Number(digits);
          extended = rest.endsWith('*');
        }
      }
    }
    if (base === '') continue;
    const key = asciiLower(base);
    let group = groups.get(key);
    if (group === undefined) {
      group = { wireName: base, sections: new Map() };
      groups.set(key, group);
    }
    if (section !== null) {
      if (!group.sections.has(section)) group.sections.set(section, { value, extended });
    } else if (extended) {
      group.extended ??= value;
    } else {
      group.plain ??= value;
    }
  }

  const params: MimeParam[] = [];
  const wireParams: MimeParam[] = [];
  for (const [key, group] of groups) {
    let extendedValue = group.extended;
    let mergedPlain: string | undefined;
    if (group.sections.size > 0) {
      const ordered = [...group.sections.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
      if (ordered.some((s) => s.extended)) {
        // RFC 2231 4.1: charset'language' only on the first section; plain sections are
        // percent-encoded here so the merged value stays one valid extended value.
        let merged = ordered[0]?.extended === true ? '' : "''";
        for (const s of ordered) merged += s.extended ? s.value : percentEncode(s.value);
        extendedValue ??= merged;
      } else {
        mergedPlain = ordered.map((s) => s.value).join('');
      }
    }
    const plainValue = group.plain ?? mergedPlain;
    if (plainValue !== undefined) wireParams.push({ name: group.wireName, value: plainValue });
    if (extendedValue !== undefined) wireParams.push({ name: `${group.wireName}*`, value: extendedValue });
    const decoded = extendedValue !== undefined ? decodeExtendedValue(extendedValue) : decodeText(plainValue ?? '');
    params.push({ name: key, value: decoded });
  }
  return { params, wireParams };
}

/** RFC 2231 4: charset'language'%XX-encoded -> Unicode. */
function decodeExtendedValue(value: ByteString): string {
  const q1 = value.indexOf("'");
  const q2 = q1 === -1 ? -1 : value.indexOf("'", q1 + 1);
  if (q2 === -1) return bytesToText(percentDecode(value));
  return decodeCharset(percentDecode(value.slice(q2 + 1)), value.slice(0, q1));
}

function percentDecode(s: string): Buffer {
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      out[n++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** RFC 2231 7 attribute-char: anything else is %XX. */
function percentEncode(s: ByteString): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f && !"*'%()<>@,;:\\\"/[]?=".includes(s[i] as string)) out += s[i];
    else out += `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text decoding (only for decoded parameter values)

/** Decode a ByteString with RFC 2047 words, the rest read as UTF-8 if valid, else Latin-1. */
function decodeText(s: ByteString): string {
  return s.includes('=?') ? decodeEncodedWords(s) : bytesToText(s);
}

function bytesToText(s: ByteString | Buffer): string {
  const bytes = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  // Raw 8-bit in headers is UTF-8 in practice (RFC 6532); anything else is shown as Latin-1.
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

function decodeCharset(bytes: Buffer, charset: string): string {
  const label = trimWsp(charset);
  if (label === '') return bytesToText(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return bytesToText(bytes); // unknown charset
  }
}

/**
 * RFC 2047 decoding, tolerant: words anywhere (even inside quoted strings), whitespace between
 * adjacent words dropped (RFC 2047 6.2), consecutive words in the same charset decoded together
 * so a character split across words survives. Linear: each scan stops at the next '?'.
 */
function decodeEncodedWords(s: ByteString): string {
  let out = '';
  let pending: Buffer[] = []; // bytes of consecutive words in pendingCharset
  let pendingCharset = '';
  const flush = (): void => {
    if (pending.length > 0) out += decodeCharset(Buffer.concat(pending), pendingCharset);
    pending = [];
  };
  let i = 0;
  let textStart = 0; // start of the plain text since the last word
  while (i < s.length) {
    const at = s.indexOf('=?', i);
    if (at === -1) break;
    // "=?" charset "?" B|Q "?" text "?=": each indexOf stops at the next '?', so a failed
    // candidate costs no more than the distance to that '?'.
    const q1 = s.indexOf('?', at + 2);
    const q2 = q1 === -1 ? -1 : s.indexOf('?', q1 + 1);
    const q3 = q2 === -1 ? -1 : s.indexOf('?', q2 + 1);
    const mode = q1 === -1 ? 0 : s.charCodeAt(q1 + 1) | 0x20;
    if (q3 === -1 || q1 === at + 2 || q2 !== q1 + 2 || s.charCodeAt(q3 + 1) !== 0x3d || (mode !== 0x62 && mode !== 0x71)) {
      i = at + 2;
      continue;
    }
    let charset = s.slice(at + 2, q1);
    const star = charset.indexOf('*'); // RFC 2231 5: charset*language
    if (star !== -1) charset = charset.slice(0, star);
    const text = s.slice(q2 + 1, q3);
    const bytes = mode === 0x62 ? Buffer.from(text, 'base64') : qDecode(text);

    const between = s.slice(textStart, at);
    // RFC 2047 6.2: whitespace between two encoded words is not displayed.
    const adjacent = pending.length > 0 && trimWsp(between) === '';
    if (!adjacent) {
      flush();
      out += bytesToText(between);
    } else if (asciiLower(charset) !== asciiLower(pendingCharset)) {
      flush();
    }
    pendingCharset = charset;
    pending.push(bytes);
    i = q3 + 2;
    textStart = i;
  }
  flush();
  return out + bytesToText(s.slice(textStart));
}

function qDecode(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) out[n++] = SP; // RFC 2047 4.2 (2): '_' is a space
    else if (c === 0x3d && i + 2 < text.length && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

// ---------------------------------------------------------------------------------------------
// Envelope and addresses

function buildEnvelope(fields: Map<string, ByteString>): EnvelopeData {
  const raw: EnvelopeRawAddresses = {
    from: fields.get('from') ?? null,
    sender: fields.get('sender') ?? null,
    replyTo: fields.get('reply-to') ?? null,
    to: fields.get('to') ?? null,
    cc: fields.get('cc') ?? null,
    bcc: fields.get('bcc') ?? null,
  };
  const from = parseAddressList(raw.from);
  const sender = parseAddressList(raw.sender);
  const replyTo = parseAddressList(raw.replyTo);
  return {
    date: fields.get('date') ?? null,
    subject: fields.get('subject') ?? null,
    from,
    // RFC 3501 7.4.2: absent or empty Sender / Reply-To take the value of From.
    sender: sender.length > 0 ? sender : from.slice(),
    replyTo: replyTo.length > 0 ? replyTo : from.slice(),
    to: parseAddressList(raw.to),
    cc: parseAddressList(raw.cc),
    bcc: parseAddressList(raw.bcc),
    inReplyTo: fields.get('in-reply-to') ?? null,
    messageId: fields.get('message-id') ?? null,
    raw,
  };
}

type TokenKind = 'atom' | 'quoted' | 'comment' | 'literal' | 'special';
interface Token {
  kind: TokenKind;
  /** atom/literal/special: text as written; quoted/comment: content with escapes removed. */
  text: string;
  /** Whitespace or a comment came before this token. */
  space: boolean;
}

const ADDRESS_SPECIALS = '()<>[]:;@\\,."';

function tokenizeAddresses(s: ByteString): Token[] {
  const tokens: Token[] = [];
  let space = false;
  let i = 0;
  const len = s.length;
  while (i < len) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (c === SP || c === HT || c === CR || c === LF) {
      space = true;
      i++;
    } else if (c === 0x28) {
      const end = skipComment(s, i);
      const inner = s.slice(i + 1, s.charCodeAt(end - 1) === 0x29 ? end - 1 : end);
      tokens.push({ kind: 'comment', text: unescapeQuotedPairs(inner), space });
      space = true;
      i = end;
    } else if (c === 0x22) {
      const [text, next] = readQuoted(s, i);
      tokens.push({ kind: 'quoted', text, space });
      space = false;
      i = next;
    } else if (c === 0x5b) {
      const close = s.indexOf(']', i);
      const end = close === -1 ? len : close + 1;
      tokens.push({ kind: 'literal', text: s.slice(i, end), space });
      space = false;
      i = end;
    } else if ('<>@,:;.'.includes(ch)) {
      tokens.push({ kind: 'special', text: ch, space });
      space = false;
      i++;
    } else if (c === 0x29 || c === 0x5d || c === 0x5c) {
      tokens.push({ kind: 'atom', text: ch, space }); // stray ')' ']' '\'
      space = false;
      i++;
    } else {
      let j = i + 1;
      while (j < len) {
        const d = s.charCodeAt(j);
        if (d === SP || d === HT || d === CR || d === LF || ADDRESS_SPECIALS.includes(s[j] as string)) break;
        j++;
      }
      tokens.push({ kind: 'atom', text: s.slice(i, j), space });
      space = false;
      i = j;
    }
  }
  return tokens;
}

function unescapeQuotedPairs(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x5c && i + 1 < s.length) i++;
    out += s[i];
  }
  return out;
}

/**
 * RFC 5322 3.4 address-list, tolerant of obsolete and broken forms, in RFC 3501 ENVELOPE
 * form (group markers included). Single forward pass over the tokens.
 */
export function parseAddressList(value: ByteString | null): AddressData[] {
  if (value === null) return [];
  const tokens = tokenizeAddresses(value);
  const out: AddressData[] = [];
  let inGroup = false;
  let phrase: Token[] = [];
  let comment: string | null = null;
  let angle: { adl: string | null; mailbox: string; host: string } | null = null;

  const finish = (): void => {
    const name = phraseText(phrase);
    if (angle !== null) {
      out.push({ name: name !== '' ? name : comment, adl: angle.adl, mailbox: angle.mailbox, host: angle.host });
    } else if (phrase.length > 0) {
      const spec = addrSpec(phrase);
      out.push({ name: comment, adl: null, mailbox: spec.mailbox, host: spec.host });
    }
    phrase = [];
    comment = null;
    angle = null;
  };

  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'comment') {
      if (trimWsp(t.text) !== '') comment = trimWsp(t.text);
      i++;
    } else if (t.kind === 'special' && t.text === ',') {
      finish();
      i++;
    } else if (t.kind === 'special' && t.text === ';') {
      finish();
      // RFC 3501 7.4.2: end of group is (NIL NIL NIL NIL).
      if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
      inGroup = false;
      i++;
    } else if (t.kind === 'special' && t.text === ':' && !inGroup && angle === null) {
      // RFC 3501 7.4.2: start of group is (NIL NIL groupname NIL).
      out.push({ name: null, adl: null, mailbox: phraseText(phrase), host: null });
      phrase = [];
      comment = null;
      inGroup = true;
      i++;
    } else if (t.kind === 'special' && t.text === '<' && angle === null) {
      // angle-addr = "<" [obs-route] addr-spec ">"
      let j = i + 1;
      const inner: Token[] = [];
      while (j < tokens.length) {
        const u = tokens[j] as Token;
        if (u.kind === 'special' && u.text === '>') break;
        if (u.kind !== 'comment') inner.push(u);
        j++;
      }
      let adl: string | null = null;
      let specTokens = inner;
      if (inner[0]?.kind === 'special' && inner[0].text === '@') {
        const colon = inner.findIndex((u) => u.kind === 'special' && u.text === ':');
        if (colon !== -1) {
          adl = inner.slice(0, colon).map(tokenSource).join('');
          specTokens = inner.slice(colon + 1);
        }
      }
      const spec = addrSpec(specTokens);
      angle = { adl, mailbox: spec.mailbox, host: spec.host };
      i = j + 1;
    } else {
      // Words after a complete angle-addr are junk; everything else builds the phrase/addr-spec.
      if (angle === null) phrase.push(t);
      i++;
    }
  }
  finish();
  if (inGroup) out.push({ name: null, adl: null, mailbox: null, host: null });
  return out;
}

/** Display name: words joined by single spaces, quotes removed. */
function phraseText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'comment') continue;
    if (out !== '' && t.space) out += ' ';
    out += t.text;
  }
  return out;
}

/** Source form of a token for addr-spec / route reconstruction (quotes kept). */
function tokenSource(t: Token): string {
  if (t.kind !== 'quoted') return t.text;
  let escaped = '';
  for (const ch of t.text) escaped += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  return `"${escaped}"`;
}

/** local-part "@" domain; no "@" gives host '' so the address is never a group marker. */
function addrSpec(tokens: readonly Token[]): { mailbox: string; host: string } {
  let at = -1;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k] as Token;
    if (t.kind === 'special' && t.text === '@') {
      at = k;
      break;
    }
  }
  const join = (list: readonly Token[]): string => list.filter((t) => t.kind !== 'comment').map(tokenSource).join('');
  if (at === -1) return { mailbox: join(tokens), host: '' };
  return { mailbox: join(tokens.slice(0, at)), host: join(tokens.slice(at + 1)) };
}

// ---------------------------------------------------------------------------------------------
// Small helpers (ASCII-only on purpose: String#toLowerCase/trim would rewrite 8-bit bytes held
// in ByteStrings, e.g. trim() eats 0xA0 and 'ß'.toUpperCase() changes the length)

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWsp(s.charCodeAt(a))) a++;
  while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isWsp(c: number): boolean {
  return c === SP || c === HT || c === CR || c === LF;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** RFC 2045 5.1 token: printable ASCII except SPACE and tspecials. */
function isToken(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || '()<>@,;:\\"/[]?='.includes(s[i] as string)) return false;
  }
  return true;
}
