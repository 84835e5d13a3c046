// FETCH arguments (RFC 3501 6.4.5), BINARY items (RFC 3516 4.2) and the CHANGEDSINCE modifier
// (RFC 7162 3.1.4).

import type { PartialRange, SectionToken, Token } from './tokenizer.js';
import type { SequenceSet } from './sequence-set.js';
import { parseSequenceSet } from './sequence-set.js';
import { ArgCursor, MAX_NUMBER64, parseNumber, tokenToAstring } from './arg-cursor.js';
import { ImapParseError, quoteInput } from './errors.js';

/** What follows the part numbers in a section (RFC 3501 9 section-msgtext / section-text). */
export type SectionText =
  | { type: 'header' }
  | { type: 'header-fields'; fields: string[]; not: boolean }
  | { type: 'text' }
  | { type: 'mime' };

/** `BODY[1.2.HEADER]`: part path (empty = the whole message) and what of it; text null = all. */
export interface Section {
  part: number[];
  text: SectionText | null;
}

export type FetchItem =
  | { type: 'uid' }
  | { type: 'flags' }
  | { type: 'internaldate' }
  | { type: 'rfc822-size' }
  | { type: 'envelope' }
  | { type: 'bodystructure' }
  /** `BODY` without a section: the non-extensible BODYSTRUCTURE. */
  | { type: 'body' }
  | { type: 'rfc822' }
  | { type: 'rfc822-header' }
  | { type: 'rfc822-text' }
  | { type: 'modseq' }
  | { type: 'body-section'; peek: boolean; section: Section; partial: PartialRange | null }
  | { type: 'binary'; peek: boolean; part: number[]; partial: PartialRange | null }
  | { type: 'binary-size'; part: number[] };

export type FetchMacro = 'ALL' | 'FAST' | 'FULL';

export interface FetchArgs {
  sequenceSet: SequenceSet;
  /** Items in request order, macros expanded. */
  items: FetchItem[];
  /** The macro used, if any. */
  macro: FetchMacro | null;
  /** RFC 7162 3.1.4: only messages whose mod-sequence is above this; the response adds MODSEQ. */
  changedSince: number | null;
}

/** RFC 3501 6.4.5: the macros and their expansions. */
const MACROS: Record<FetchMacro, FetchItem[]> = {
  ALL: [{ type: 'flags' }, { type: 'internaldate' }, { type: 'rfc822-size' }, { type: 'envelope' }],
  FAST: [{ type: 'flags' }, { type: 'internaldate' }, { type: 'rfc822-size' }],
  FULL: [{ type: 'flags' }, { type: 'internaldate' }, { type: 'rfc822-size' }, { type: 'envelope' }, { type: 'body' }],
};

const SIMPLE_ITEMS: Record<string, FetchItem> = {
  UID: { type: 'uid' },
  FLAGS: { type: 'flags' },
  INTERNALDATE: { type: 'internaldate' },
  'RFC822.SIZE': { type: 'rfc822-size' },
  ENVELOPE: { type: 'envelope' },
  BODYSTRUCTURE: { type: 'bodystructure' },
  BODY: { type: 'body' },
  RFC822: { type: 'rfc822' },
  'RFC822.HEADER': { type: 'rfc822-header' },
  'RFC822.TEXT': { type: 'rfc822-text' },
  MODSEQ: { type: 'modseq' }, // RFC 7162 3.1.4
};

/**
 * RFC 3501 9 / RFC 4466 2.4: fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
 * fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers].
 */
export function parseFetchArgs(args: readonly Token[]): FetchArgs {
  const c = new ArgCursor(args);
  const sequenceSet = parseSequenceSet(c.atom('sequence set'));
  const { items, macro } = parseFetchItems(c.next('fetch items'));
  let changedSince: number | null = null;
  if (!c.done) changedSince = parseFetchModifiers(c.list('fetch modifiers'));
  c.end();
  return { sequenceSet, items, macro, changedSince };
}

/** A macro, a single fetch-att, or a non-empty parenthesised list of fetch-atts. */
export function parseFetchItems(token: Token): { items: FetchItem[]; macro: FetchMacro | null } {
  if (token.type === 'atom') {
    const upper = token.value.toUpperCase();
    if (upper === 'ALL' || upper === 'FAST' || upper === 'FULL') {
      return { items: MACROS[upper].map(item => ({ ...item })), macro: upper };
    }
    return { items: [parseFetchItem(token)], macro: null };
  }
  if (token.type === 'section') return { items: [parseFetchItem(token)], macro: null };
  if (token.type !== 'list') throw new ImapParseError('Expected fetch items');
  // RFC 3501 9: the list holds at least one fetch-att, and macros are not fetch-atts.
  if (token.items.length === 0) throw new ImapParseError('Empty fetch item list');
  return { items: token.items.map(parseFetchItem), macro: null };
}

/** One fetch-att. */
export function parseFetchItem(token: Token): FetchItem {
  if (token.type === 'section') return parseSectionItem(token);
  if (token.type !== 'atom') throw new ImapParseError('Expected a fetch item');
  const item = SIMPLE_ITEMS[token.value.toUpperCase()];
  if (item === undefined) throw new ImapParseError(`Unknown fetch item ${quoteInput(token.value)}`);
  return { ...item };
}

function parseSectionItem(token: SectionToken): FetchItem {
  const partial = toPartial(token);
  switch (token.name) {
    case 'BODY':
    case 'BODY.PEEK':
      return { type: 'body-section', peek: token.name === 'BODY.PEEK', section: parseSection(token.spec, token.fields), partial };
    case 'BINARY':
    case 'BINARY.PEEK':
      return { type: 'binary', peek: token.name === 'BINARY.PEEK', part: parseBinaryPart(token), partial };
    case 'BINARY.SIZE':
      // RFC 3516 4.2: "BINARY.SIZE" section-binary, without a partial.
      if (token.partial !== null) throw new ImapParseError('BINARY.SIZE takes no partial range');
      return { type: 'binary-size', part: parseBinaryPart(token) };
    default:
      throw new ImapParseError(`Unknown fetch item ${quoteInput(token.name)}`);
  }
}

/**
 * RFC 3501 6.4.5: `<offset.length>`, a substring of the section. A null length means to the end:
 * RFC 3501 9 requires a length, but imapflow sends `<offset>` alone for `source: { start }`.
 */
function toPartial(token: SectionToken): PartialRange | null {
  if (token.partial === null) return null;
  // RFC 3501 9: "<" number "." nz-number ">"
  if (token.partial.length === 0) throw new ImapParseError('Partial range needs a non-zero length');
  return { offset: token.partial.offset, length: token.partial.length };
}

/** RFC 3516 4.2: section-binary = "[" [section-part] "]". */
function parseBinaryPart(token: SectionToken): number[] {
  if (token.fields !== null) throw new ImapParseError('BINARY takes only a part number');
  if (token.spec === '') return [];
  return token.spec.split('.').map(parsePartNumber);
}

function parsePartNumber(text: string): number {
  // RFC 3501 9: section-part = nz-number *("." nz-number)
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new ImapParseError(`Invalid section part ${quoteInput(text)}`);
  return parseNumber(text, 'section part', 1);
}

/**
 * RFC 3501 9: section-spec = section-msgtext / (section-part ["." section-text]);
 * section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT";
 * section-text = section-msgtext / "MIME". `spec` is what the tokenizer read between the brackets.
 */
export function parseSection(spec: string, fields: readonly Token[] | null): Section {
  const words = spec === '' ? [] : spec.split('.');
  const part: number[] = [];
  let i = 0;
  while (i < words.length && /^[0-9]/.test(words[i] ?? '')) part.push(parsePartNumber(words[i++] ?? ''));
  const text = words.slice(i).join('.').toUpperCase();
  if (i < words.length && text === '') throw new ImapParseError('Invalid section');
  const needsFields = text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT';
  if (needsFields !== (fields !== null)) {
    throw new ImapParseError(needsFields ? `${text} needs a field list` : 'Unexpected field list in section');
  }
  switch (text) {
    case '':
      if (spec.endsWith('.')) throw new ImapParseError('Invalid section');
      return { part, text: null };
    case 'HEADER':
      return { part, text: { type: 'header' } };
    case 'TEXT':
      return { part, text: { type: 'text' } };
    case 'MIME':
      // RFC 3501 6.4.5: MIME "MUST be prefixed by one or more numeric part specifiers".
      if (part.length === 0) throw new ImapParseError('MIME needs a part number');
      return { part, text: { type: 'mime' } };
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      // RFC 3501 9: header-list = "(" header-fld-name *(SP header-fld-name) ")"
      if (fields === null || fields.length === 0) throw new ImapParseError('Empty header field list');
      const names = fields.map(f => tokenToAstring(f, 'header field name'));
      return { part, text: { type: 'header-fields', fields: names, not: text === 'HEADER.FIELDS.NOT' } };
    }
    default:
      throw new ImapParseError(`Invalid section ${quoteInput(spec)}`);
  }
}

/** RFC 4466 2.4 / RFC 7162 3.1.4: fetch-modifier =/ "CHANGEDSINCE" SP mod-sequence-value. */
function parseFetchModifiers(items: readonly Token[]): number {
  const c = new ArgCursor(items);
  let changedSince: number | null = null;
  while (!c.done) {
    const name = c.keyword('fetch modifier');
    if (name !== 'CHANGEDSINCE') throw new ImapParseError(`Unknown FETCH modifier ${quoteInput(name)}`);
    if (changedSince !== null) throw new ImapParseError('CHANGEDSINCE given twice');
    // RFC 7162 7 says mod-sequence-value >= 1; 0 is accepted as "every message", as servers do.
    changedSince = parseNumber(c.atom('mod-sequence'), 'mod-sequence', 0, MAX_NUMBER64);
  }
  if (changedSince === null) throw new ImapParseError('Empty FETCH modifier list');
  return changedSince;
}

/** The section as written inside the brackets of a response (`1.HEADER.FIELDS (From To)`). */
export function formatSection(section: Section): string {
  const parts = section.part.map(String);
  const t = section.text;
  if (t !== null) {
    if (t.type === 'header-fields') {
      parts.push(t.not ? 'HEADER.FIELDS.NOT' : 'HEADER.FIELDS');
    } else {
      parts.push(t.type.toUpperCase());
    }
  }
  let out = parts.join('.');
  if (t?.type === 'header-fields') out += ` (${t.fields.map(quoteFieldName).join(' ')})`;
  return out;
}

function quoteFieldName(name: string): string {
  return /^[\x21-\x7e]+$/.test(name) && !/[(){%*"\\\]]/.test(name) ? name : JSON.stringify(name);
}

/**
 * The item's name in the FETCH response (RFC 3501 7.4.2): BODY.PEEK answers as BODY, a partial
 * as `<origin>` only; RFC822.HEADER etc. keep their names.
 */
export function fetchItemName(item: FetchItem): string {
  switch (item.type) {
    case 'uid':
      return 'UID';
    case 'flags':
      return 'FLAGS';
    case 'internaldate':
      return 'INTERNALDATE';
    case 'rfc822-size':
      return 'RFC822.SIZE';
    case 'envelope':
      return 'ENVELOPE';
    case 'bodystructure':
      return 'BODYSTRUCTURE';
    case 'body':
      return 'BODY';
    case 'rfc822':
      return 'RFC822';
    case 'rfc822-header':
      return 'RFC822.HEADER';
    case 'rfc822-text':
      return 'RFC822.TEXT';
    case 'modseq':
      return 'MODSEQ';
    case 'body-section':
      return `BODY[${formatSection(item.section)}]${item.partial === null ? '' : `<${item.partial.offset}>`}`;
    case 'binary':
      return `BINARY[${item.part.join('.')}]${item.partial === null ? '' : `<${item.partial.offset}>`}`;
    case 'binary-size':
      return `BINARY.SIZE[${item.part.join('.')}]`;
  }
}

/**
 * True when fetching `items` sets \Seen (RFC 3501 6.4.5): BODY[...] and BINARY[...] without
 * .PEEK, RFC822 and RFC822.TEXT. RFC822.HEADER is BODY.PEEK[HEADER].
 */
export function fetchSetsSeen(items: readonly FetchItem[]): boolean {
  return items.some(
    item =>
      ((item.type === 'body-section' || item.type === 'binary') && !item.peek) ||
      item.type === 'rfc822' ||
      item.type === 'rfc822-text',
  );
}
