// LIST and LSUB arguments: RFC 3501 6.3.8/6.3.9, LIST-EXTENDED selection and return options
// (RFC 5258), SPECIAL-USE (RFC 6154), LIST-STATUS (RFC 5819), and the `*` / `%` wildcard matcher.
//
// Names and patterns are returned decoded from modified UTF-7: wildcards are matched against
// decoded names, because the modified BASE64 of a name's prefix is not a prefix of its encoding.

import type { Token } from './tokenizer.js';
import type { StatusItem } from './status-items.js';
import { parseStatusItems } from './status-items.js';
import { ArgCursor, tokenToAstring } from './arg-cursor.js';
import { allChars, isListChar } from './chars.js';
import { decodeMutf7 } from './mutf7.js';
import { ImapParseError, quoteInput } from './errors.js';

/** RFC 5258 3.1 selection options (SPECIAL-USE from RFC 6154). */
export interface ListSelection {
  subscribed: boolean;
  remote: boolean;
  recursiveMatch: boolean;
  specialUse: boolean;
}

/** RFC 5258 3.2 return options, SPECIAL-USE (RFC 6154), STATUS (RFC 5819 2). */
export interface ListReturn {
  subscribed: boolean;
  children: boolean;
  specialUse: boolean;
  /** STATUS items to send with each listed mailbox, or null. */
  status: StatusItem[] | null;
}

export interface ListArgs {
  /** Decoded reference name (RFC 3501 6.3.8), often empty. */
  reference: string;
  /** Decoded patterns; several only with the extended `(p1 p2)` form. */
  patterns: string[];
  selection: ListSelection;
  returnOptions: ListReturn;
  /**
   * True when selection or return options were given: the response may then carry extended data
   * (CHILDINFO, RFC 5258 3.5) and must follow RFC 5258 rules.
   */
  extended: boolean;
}

/**
 * RFC 5258 6: list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts];
 * mbox-or-pat = list-mailbox / patterns; patterns = "(" list-mailbox *(SP list-mailbox) ")".
 */
export function parseListArgs(args: readonly Token[]): ListArgs {
  const c = new ArgCursor(args);
  const selection: ListSelection = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  const returnOptions: ListReturn = { subscribed: false, children: false, specialUse: false, status: null };
  let extended = false;
  if (c.peek()?.type === 'list') {
    extended = true;
    parseSelection(c.list('selection options'), selection);
  }
  const reference = decodeMutf7(c.astring('reference name'));
  const patternToken = c.next('mailbox pattern');
  let patterns: string[];
  if (patternToken.type === 'list') {
    // RFC 5258 3: several patterns are an extended LIST.
    extended = true;
    if (patternToken.items.length === 0) throw new ImapParseError('Empty pattern list');
    patterns = patternToken.items.map(parseListPattern);
  } else {
    patterns = [parseListPattern(patternToken)];
  }
  if (c.takeKeyword('RETURN')) {
    extended = true;
    parseReturn(c.list('return options'), returnOptions);
  }
  c.end();
  return { reference, patterns, selection, returnOptions, extended };
}

export interface LsubArgs {
  reference: string;
  pattern: string;
}

/** RFC 3501 9: lsub = "LSUB" SP mailbox SP list-mailbox. */
export function parseLsubArgs(args: readonly Token[]): LsubArgs {
  const c = new ArgCursor(args);
  const reference = decodeMutf7(c.astring('reference name'));
  const pattern = parseListPattern(c.next('mailbox pattern'));
  c.end();
  return { reference, pattern };
}

/** RFC 3501 9: list-mailbox = 1*list-char / string, decoded from modified UTF-7. */
export function parseListPattern(token: Token): string {
  if (token.type === 'atom') {
    if (!allChars(token.value, isListChar)) throw new ImapParseError(`Invalid mailbox pattern ${quoteInput(token.value)}`);
    return decodeMutf7(token.value);
  }
  return decodeMutf7(tokenToAstring(token, 'mailbox pattern'));
}

function parseSelection(items: readonly Token[], selection: ListSelection): void {
  const c = new ArgCursor(items);
  while (!c.done) {
    const name = c.keyword('selection option');
    switch (name) {
      case 'SUBSCRIBED':
        selection.subscribed = true;
        break;
      case 'REMOTE':
        selection.remote = true;
        break;
      case 'RECURSIVEMATCH':
        selection.recursiveMatch = true;
        break;
      case 'SPECIAL-USE':
        selection.specialUse = true;
        break;
      default:
        // RFC 5258 3.1: an unrecognised selection option is answered with BAD.
        throw new ImapParseError(`Unknown LIST selection option ${quoteInput(name)}`);
    }
  }
  // RFC 5258 3.1: RECURSIVEMATCH must come with an option it modifies, else BAD.
  if (selection.recursiveMatch && !selection.subscribed && !selection.specialUse) {
    throw new ImapParseError('RECURSIVEMATCH needs another selection option');
  }
}

function parseReturn(items: readonly Token[], ret: ListReturn): void {
  const c = new ArgCursor(items);
  while (!c.done) {
    const name = c.keyword('return option');
    switch (name) {
      case 'SUBSCRIBED':
        ret.subscribed = true;
        break;
      case 'CHILDREN':
        ret.children = true;
        break;
      case 'SPECIAL-USE':
        ret.specialUse = true;
        break;
      case 'STATUS':
        // RFC 5819 2: "STATUS" SP "(" status-att *(SP status-att) ")"
        if (ret.status !== null) throw new ImapParseError('STATUS given twice');
        ret.status = parseStatusItems(c.next('status items'));
        break;
      default:
        throw new ImapParseError(`Unknown LIST return option ${quoteInput(name)}`);
    }
  }
}

/**
 * RFC 3501 6.3.8: the reference and the pattern are combined into one name to match; the common
 * reading, concatenation, is what clients rely on (`LIST "Archive/" "%"`).
 */
export function combineListReference(reference: string, pattern: string): string {
  return reference + pattern;
}

/**
 * A matcher for a LIST pattern (RFC 3501 6.3.8): `*` matches any characters, `%` any characters
 * but the hierarchy delimiter. The name INBOX matches case-insensitively (RFC 3501 5.1).
 *
 * No regular expression, no backtracking: the pattern runs as a set of states advanced one name
 * character at a time, O(name length x pattern length). Runs of wildcards are collapsed, and a
 * pattern with more literal characters than the name cannot match it, so the work per name is
 * bounded by its own length squared, whatever the pattern.
 */
export function compileListPattern(pattern: string, delimiter: string): (name: string) => boolean {
  const delim = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  // Collapse wildcard runs: `**` and `%*` are `*`, `%%` is `%`.
  const units: number[] = []; // char code, or STAR / PERCENT
  let literals = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charCodeAt(i);
    const w = ch === 0x2a ? STAR : ch === 0x25 ? PERCENT : ch;
    const last = units[units.length - 1];
    if (w === STAR || w === PERCENT) {
      if (last === STAR) continue;
      if (last === PERCENT) {
        units[units.length - 1] = w;
        continue;
      }
    } else {
      literals++;
    }
    units.push(w);
  }
  const m = units.length;
  return (name: string): boolean => {
    if (literals > name.length) return false;
    const foldInbox = name.length >= 5 && name.slice(0, 5).toUpperCase() === 'INBOX' && (name.length === 5 || name.charCodeAt(5) === delim);
    // states[j]: the first j pattern units can match the name read so far.
    let states = new Uint8Array(m + 1);
    let next = new Uint8Array(m + 1);
    states[0] = 1;
    closeOverWildcards(states, units);
    for (let i = 0; i < name.length; i++) {
      const ch = name.charCodeAt(i);
      next.fill(0);
      let any = false;
      for (let j = 0; j < m; j++) {
        if (states[j] !== 1) continue;
        const u = units[j] ?? -1;
        if (u === STAR || (u === PERCENT && ch !== delim)) {
          next[j] = 1; // the wildcard absorbs this character and may go on
          any = true;
        } else if (u === ch || (foldInbox && i < 5 && u >= 0 && foldCase(u) === foldCase(ch))) {
          next[j + 1] = 1;
          any = true;
        }
      }
      if (!any) return false;
      closeOverWildcards(next, units);
      [states, next] = [next, states];
    }
    return states[m] === 1;
  };
}

const STAR = -2;
const PERCENT = -3;

/** A wildcard may match nothing: whoever reaches it may also skip it. */
function closeOverWildcards(states: Uint8Array, units: readonly number[]): void {
  for (let j = 0; j < units.length; j++) {
    if (states[j] === 1 && (units[j] === STAR || units[j] === PERCENT)) states[j + 1] = 1;
  }
}

function foldCase(c: number): number {
  return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
}
