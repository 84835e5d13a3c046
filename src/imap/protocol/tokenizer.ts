// Tokenizer: turns the arguments of a complete command (its line segments and literals) into a
// typed token tree. It knows the lexical rules of RFC 3501 9 (atoms, quoted strings, literals,
// parenthesised lists) and one contextual form, the section spec of FETCH (`BODY.PEEK[...]<...>`),
// whose brackets may hold spaces and a list. What a token means is left to the argument parsers.
//
// Invariants: iterative (an explicit stack, no recursion), one pass over the bytes, list nesting
// bounded by MAX_LIST_DEPTH, errors are ImapParseError without a tag (the parser adds it).

import type { RawCommand } from './line-reader.js';
import { ImapParseError } from './errors.js';

/**
 * Deepest list nesting accepted. The deepest lists real clients send are SEARCH groups, a few
 * levels; the bound keeps every consumer of the tree (search evaluation included) shallow.
 */
export const MAX_LIST_DEPTH = 32;

/** Fetch attributes that take a `[section]` (RFC 3501 6.4.5, RFC 3516 4.2). */
export const SECTION_NAMES: ReadonlySet<string> = new Set(['BODY', 'BODY.PEEK', 'BINARY', 'BINARY.PEEK', 'BINARY.SIZE']);

/** Bare atom: RFC 3501 ATOM-CHARs plus what list patterns, flags and sets need (`%*\]`). */
export interface AtomToken {
  type: 'atom';
  value: string;
}

/** RFC 3501 quoted string, escapes removed, decoded as UTF-8 (RFC 6855 allows 8-bit UTF-8 here). */
export interface QuotedToken {
  type: 'quoted';
  value: string;
}

/** RFC 3501 literal `{n}`/`{n+}`, or RFC 3516 literal8 `~{n}` (binary). */
export interface LiteralToken {
  type: 'literal';
  value: Buffer;
  binary: boolean;
}

/** The atom NIL (any case). Where an astring is expected it stands for the string it spells. */
export interface NilToken {
  type: 'nil';
  value: string;
}

export interface ListToken {
  type: 'list';
  items: Token[];
}

/** `<offset.length>` after a section; length is null when only `<offset>` was sent. */
export interface PartialRange {
  offset: number;
  length: number | null;
}

/** `BODY[HEADER.FIELDS (From To)]<0.1024>` and the BODY.PEEK / BINARY* forms. */
export interface SectionToken {
  type: 'section';
  /** Uppercased attribute name: one of SECTION_NAMES. */
  name: string;
  /** Text between `[` and the optional field list, as sent (`1.2.HEADER.FIELDS`, `TEXT`, ``). */
  spec: string;
  /** The header field list `(From To)`, or null. */
  fields: Token[] | null;
  partial: PartialRange | null;
  /** The token as written, for the rare command where it was meant as an astring. */
  raw: string;
}

export type Token = AtomToken | QuotedToken | LiteralToken | NilToken | ListToken | SectionToken;

const SP = 0x20;
const DQUOTE = 0x22;
const LPAREN = 0x28;
const RPAREN = 0x29;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const LT = 0x3c;
const GT = 0x3e;
const DOT = 0x2e;

/** RFC 3501 9: number is an unsigned 32-bit integer. */
const MAX_UINT32 = 0xffffffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as strict UTF-8, as an ImapParseError when they are not. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ImapParseError(`Invalid UTF-8 in ${what}`);
  }
}

/** A byte that may appear in an unquoted token (atom, flag, sequence set, list pattern). */
function isBareChar(b: number): boolean {
  return b > SP && b < 0x7f && b !== LPAREN && b !== RPAREN && b !== DQUOTE && b !== LBRACE;
}

/** Tokenize the arguments of `raw`, starting at byte `offset` of segment `segment`. */
export function tokenize(raw: RawCommand, segment = 0, offset = 0): Token[] {
  return new Tokenizer(raw, segment, offset).run();
}

class Tokenizer {
  private readonly segments: Buffer[];
  private readonly raw: RawCommand;
  private seg: number;
  private pos: number;

  constructor(raw: RawCommand, segment: number, offset: number) {
    this.raw = raw;
    this.segments = raw.segments;
    this.seg = segment;
    this.pos = offset;
  }

  private get current(): Buffer {
    const s = this.segments[this.seg];
    if (s === undefined) throw new ImapParseError('Malformed command');
    return s;
  }

  /** Byte at the cursor, or -1 at the end of the segment. */
  private peek(): number {
    return this.current[this.pos] ?? -1;
  }

  /** At the end of a segment that is followed by a literal. */
  private atLiteral(): boolean {
    return this.pos >= this.current.length && this.seg < this.raw.literals.length;
  }

  private takeLiteral(): LiteralToken {
    const lit = this.raw.literals[this.seg];
    if (lit === undefined) throw new ImapParseError('Malformed command');
    this.seg++;
    this.pos = 0;
    return { type: 'literal', value: lit.data, binary: lit.binary };
  }

  run(): Token[] {
    const root: Token[] = [];
    const stack: Token[][] = [root];
    let needSpace = false;
    for (;;) {
      const top = stack[stack.length - 1] ?? root;
      const seg = this.current;
      if (this.pos >= seg.length) {
        if (!this.atLiteral()) break;
        if (needSpace) throw new ImapParseError('Missing space before literal');
        top.push(this.takeLiteral());
        needSpace = true;
        continue;
      }
      const b = seg[this.pos] ?? -1;
      if (b === SP) {
        this.pos++;
        needSpace = false;
        continue;
      }
      if (b === RPAREN) {
        if (stack.length === 1) throw new ImapParseError('Unexpected )');
        stack.pop();
        this.pos++;
        needSpace = true;
        continue;
      }
      if (b < SP || b >= 0x7f) {
        if (b >= 0x80) throw new ImapParseError('8-bit characters are only allowed in quoted strings and literals');
        throw new ImapParseError('Control character in command');
      }
      if (needSpace) throw new ImapParseError('Missing space between arguments');
      if (b === LPAREN) {
        if (stack.length > MAX_LIST_DEPTH) throw new ImapParseError('Lists nested too deeply');
        const list: ListToken = { type: 'list', items: [] };
        top.push(list);
        stack.push(list.items);
        this.pos++;
        continue;
      }
      if (b === DQUOTE) {
        top.push(this.readQuoted());
      } else if (b === LBRACE) {
        throw new ImapParseError('Literal not at the end of a line');
      } else {
        top.push(this.readAtomOrSection());
      }
      needSpace = true;
    }
    if (stack.length > 1) throw new ImapParseError('Missing )');
    return root;
  }

  /** RFC 3501 9: quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR escapes only `\` and `"`. */
  private readQuoted(): QuotedToken {
    const seg = this.current;
    let i = this.pos + 1;
    let start = i;
    const parts: Buffer[] = [];
    for (;;) {
      const b = seg[i];
      if (b === undefined) throw new ImapParseError('Unterminated quoted string');
      if (b === DQUOTE) break;
      if (b === 0) throw new ImapParseError('NUL in quoted string');
      if (b === BACKSLASH) {
        const next = seg[i + 1];
        if (next !== BACKSLASH && next !== DQUOTE) throw new ImapParseError('Invalid escape in quoted string');
        parts.push(seg.subarray(start, i));
        start = i + 1; // keep the escaped character, drop the backslash
        i += 2;
        continue;
      }
      i++;
    }
    parts.push(seg.subarray(start, i));
    this.pos = i + 1;
    const bytes = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
    return { type: 'quoted', value: decodeUtf8(bytes, 'quoted string') };
  }

  private readAtomOrSection(): Token {
    const seg = this.current;
    const start = this.pos;
    let i = start;
    for (;;) {
      const b = seg[i] ?? -1;
      if (b === LBRACKET && i > start) {
        const name = seg.toString('latin1', start, i).toUpperCase();
        if (SECTION_NAMES.has(name)) {
          this.pos = i;
          return this.readSection(name, seg.toString('latin1', start, i));
        }
      }
      if (b === -1 || !isBareChar(b)) break;
      i++;
    }
    this.pos = i;
    const value = seg.toString('latin1', start, i);
    if (value.toUpperCase() === 'NIL') return { type: 'nil', value };
    return { type: 'atom', value };
  }

  /**
   * RFC 3501 9: section = "[" [section-spec] "]"; section-spec = section-msgtext /
   * (section-part ["." section-text]); header-list = "(" header-fld-name *(SP header-fld-name) ")";
   * then the FETCH partial "<" number "." nz-number ">". The cursor is on "[".
   */
  private readSection(name: string, written: string): SectionToken {
    this.pos++; // [
    const seg = this.current;
    const specStart = this.pos;
    while (isSpecChar(seg[this.pos] ?? -1)) this.pos++;
    const spec = seg.toString('latin1', specStart, this.pos);
    let fields: Token[] | null = null;
    if (this.peek() === SP) {
      this.pos++;
      fields = this.readFieldList();
    }
    if (this.peek() !== RBRACKET) throw new ImapParseError('Invalid section');
    this.pos++;
    let partial: PartialRange | null = null;
    if (this.peek() === LT) {
      this.pos++;
      const offset = this.readNumber();
      let length: number | null = null;
      if (this.peek() === DOT) {
        this.pos++;
        length = this.readNumber();
      }
      if (this.peek() !== GT) throw new ImapParseError('Invalid partial range');
      this.pos++;
      partial = { offset, length };
    }
    const fieldText = fields === null ? '' : ` (${fields.map(renderField).join(' ')})`;
    const partialText = partial === null ? '' : `<${partial.offset}${partial.length === null ? '' : `.${partial.length}`}>`;
    return { type: 'section', name, spec, fields, partial, raw: `${written}[${spec}${fieldText}]${partialText}` };
  }

  /** A flat list of astrings; a field name may be a literal, so segments may end inside it. */
  private readFieldList(): Token[] {
    if (this.peek() !== LPAREN) throw new ImapParseError('Expected ( after HEADER.FIELDS');
    this.pos++;
    const items: Token[] = [];
    let needSpace = false;
    for (;;) {
      if (this.atLiteral()) {
        if (needSpace) throw new ImapParseError('Missing space before literal');
        items.push(this.takeLiteral());
        needSpace = true;
        continue;
      }
      const b = this.peek();
      if (b === RPAREN) {
        this.pos++;
        return items;
      }
      if (b === SP) {
        this.pos++;
        needSpace = false;
        continue;
      }
      if (needSpace || b === -1) throw new ImapParseError('Invalid header field list');
      if (b === DQUOTE) {
        items.push(this.readQuoted());
      } else {
        const seg = this.current;
        const start = this.pos;
        while (isFieldChar(seg[this.pos] ?? -1)) this.pos++;
        if (this.pos === start) throw new ImapParseError('Invalid header field name');
        items.push({ type: 'atom', value: seg.toString('latin1', start, this.pos) });
      }
      needSpace = true;
    }
  }

  private readNumber(): number {
    const seg = this.current;
    const start = this.pos;
    while (isDigit(seg[this.pos] ?? -1)) this.pos++;
    const digits = this.pos - start;
    if (digits === 0 || digits > 10) throw new ImapParseError('Invalid number in partial range');
    const n = Number(seg.toString('latin1', start, this.pos));
    if (n > MAX_UINT32) throw new ImapParseError('Number out of range');
    return n;
  }
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** Characters of section-part and section-text: digits, letters, dots. */
function isSpecChar(b: number): boolean {
  return isDigit(b) || b === DOT || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/** An unquoted header field name inside a section: ASTRING-CHARs, so `]` ends it here. */
function isFieldChar(b: number): boolean {
  return isBareChar(b) && b !== RBRACKET;
}

function renderField(token: Token): string {
  switch (token.type) {
    case 'atom':
    case 'nil':
      return token.value;
    case 'quoted':
      return JSON.stringify(token.value);
    default:
      return '?';
  }
}
