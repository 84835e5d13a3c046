// SEARCH arguments: every RFC 3501 6.4.4 search key, MODSEQ (RFC 7162 3.1.5), OLDER/YOUNGER
// (RFC 5032), CHARSET, and ESEARCH return options (RFC 4731 3.1, SAVE from RFC 5182 2.2), into a
// typed AST the store evaluates.
//
// Invariants: recursion depth is bounded by MAX_SEARCH_DEPTH and the number of keys by
// MAX_SEARCH_KEYS, so neither `NOT NOT NOT ...` nor deep parentheses can exhaust the stack, here or
// in the evaluator that walks the AST.

import type { Token } from './tokenizer.js';
import type { ImapDate } from './date-time.js';
import type { SequenceSet } from './sequence-set.js';
import { parseImapDate } from './date-time.js';
import { looksLikeSequenceSet, parseSequenceSet } from './sequence-set.js';
import { ArgCursor, MAX_NUMBER64 } from './arg-cursor.js';
import { allChars, isAtomChar } from './chars.js';
import { BadCharsetError, ImapParseError, SUPPORTED_SEARCH_CHARSETS, quoteInput } from './errors.js';

/**
 * Deepest nesting of NOT / OR / parentheses. Clients that OR many terms nest one level per term
 * (`OR OR OR a b c d`); 100 alternatives is far beyond a hand-made search, and far below V8's stack.
 */
export const MAX_SEARCH_DEPTH = 100;

/** Most search keys in one command: evaluation costs keys x messages. */
export const MAX_SEARCH_KEYS = 1000;

export type SearchFlag = '\\Answered' | '\\Deleted' | '\\Draft' | '\\Flagged' | '\\Seen' | '\\Recent';

/** RFC 7162 3.1.5: MODSEQ [entry-name entry-type-req] — the metadata item a client names. */
export interface ModseqEntry {
  /** e.g. `/flags/\Seen` */
  name: string;
  type: 'priv' | 'shared' | 'all';
}

export type SearchKey =
  | { type: 'all' }
  /** ANSWERED/UNANSWERED, DELETED, DRAFT, FLAGGED, SEEN, RECENT (and NEW, OLD below). */
  | { type: 'flag'; flag: SearchFlag; set: boolean }
  /** KEYWORD / UNKEYWORD */
  | { type: 'keyword'; keyword: string; set: boolean }
  /** BCC, CC, FROM, SUBJECT, TO and HEADER: substring of a header field, case-insensitive. */
  | { type: 'header'; field: string; value: string }
  | { type: 'body'; value: string }
  | { type: 'text'; value: string }
  /** BEFORE, ON, SINCE: the internal date, disregarding time and zone. */
  | { type: 'internaldate'; comparison: 'before' | 'on' | 'since'; date: ImapDate }
  /** SENTBEFORE, SENTON, SENTSINCE: the Date: header, disregarding time and zone. */
  | { type: 'sentdate'; comparison: 'before' | 'on' | 'since'; date: ImapDate }
  | { type: 'size'; comparison: 'larger' | 'smaller'; size: number }
  /** Message sequence numbers, or `$` (RFC 5182 2.1). */
  | { type: 'sequence'; set: SequenceSet }
  | { type: 'uid'; set: SequenceSet }
  /** RFC 7162 3.1.5: messages with mod-sequence >= modseq. */
  | { type: 'modseq'; modseq: number; entry: ModseqEntry | null }
  /** RFC 5032: internal date more (OLDER) or less (YOUNGER) than `seconds` ago. */
  | { type: 'within'; comparison: 'older' | 'younger'; seconds: number }
  | { type: 'not'; key: SearchKey }
  | { type: 'or'; left: SearchKey; right: SearchKey }
  /** A parenthesised group or the top-level list: every key must match. */
  | { type: 'and'; keys: SearchKey[] };

/** RFC 4731 3.1 return options, and RFC 5182 2.2 SAVE. */
export type SearchReturnOption = 'MIN' | 'MAX' | 'COUNT' | 'ALL' | 'SAVE';

export interface SearchArgs {
  /** The CHARSET given, canonical; null when absent (RFC 3501: US-ASCII). */
  charset: 'UTF-8' | 'US-ASCII' | null;
  /**
   * Null for a plain SEARCH (answer `* SEARCH`); otherwise the ESEARCH return options, in order,
   * without duplicates. `RETURN ()` means `RETURN (ALL)` (RFC 4731 3.1).
   */
  returnOptions: SearchReturnOption[] | null;
  /** The criteria; several top-level keys are an `and`, one key is itself. */
  key: SearchKey;
}

const RETURN_OPTIONS: ReadonlySet<string> = new Set(['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE']);

const FLAG_KEYS: Record<string, { flag: SearchFlag; set: boolean }> = {
  ANSWERED: { flag: '\\Answered', set: true },
  UNANSWERED: { flag: '\\Answered', set: false },
  DELETED: { flag: '\\Deleted', set: true },
  UNDELETED: { flag: '\\Deleted', set: false },
  DRAFT: { flag: '\\Draft', set: true },
  UNDRAFT: { flag: '\\Draft', set: false },
  FLAGGED: { flag: '\\Flagged', set: true },
  UNFLAGGED: { flag: '\\Flagged', set: false },
  SEEN: { flag: '\\Seen', set: true },
  UNSEEN: { flag: '\\Seen', set: false },
  RECENT: { flag: '\\Recent', set: true },
  // RFC 3501 6.4.4: OLD is equivalent to NOT RECENT.
  OLD: { flag: '\\Recent', set: false },
};

const HEADER_KEYS: Record<string, string> = { BCC: 'Bcc', CC: 'Cc', FROM: 'From', SUBJECT: 'Subject', TO: 'To' };

const DATE_KEYS: Record<string, { type: 'internaldate' | 'sentdate'; comparison: 'before' | 'on' | 'since' }> = {
  BEFORE: { type: 'internaldate', comparison: 'before' },
  ON: { type: 'internaldate', comparison: 'on' },
  SINCE: { type: 'internaldate', comparison: 'since' },
  SENTBEFORE: { type: 'sentdate', comparison: 'before' },
  SENTON: { type: 'sentdate', comparison: 'on' },
  SENTSINCE: { type: 'sentdate', comparison: 'since' },
};

/**
 * RFC 4466 2.6 / RFC 4731 3.1: search = "SEARCH" [search-return-opts] SP search-program;
 * search-program = ["CHARSET" SP charset SP] search-key *(SP search-key).
 * Throws ImapParseError (BAD) or BadCharsetError (NO [BADCHARSET ...]).
 */
export function parseSearchArgs(args: readonly Token[]): SearchArgs {
  const c = new ArgCursor(args);
  let returnOptions: SearchReturnOption[] | null = null;
  if (c.takeKeyword('RETURN')) returnOptions = parseReturnOptions(c.list('return options'));
  let charset: SearchArgs['charset'] = null;
  if (c.takeKeyword('CHARSET')) {
    const name = c.astring('charset').toUpperCase();
    const supported = SUPPORTED_SEARCH_CHARSETS.find(s => s === name);
    // RFC 3501 6.4.4: an unsupported charset gets NO with the BADCHARSET response code.
    if (supported === undefined) throw new BadCharsetError(name);
    charset = supported;
  }
  if (c.done) throw new ImapParseError('Missing search criteria');
  const key = new SearchParser().program(c);
  return { charset, returnOptions, key };
}

/** Only the search criteria (no RETURN, no CHARSET), as a single key. */
export function parseSearchKeys(tokens: readonly Token[]): SearchKey {
  const c = new ArgCursor(tokens);
  if (c.done) throw new ImapParseError('Missing search criteria');
  return new SearchParser().program(c);
}

function parseReturnOptions(items: readonly Token[]): SearchReturnOption[] {
  const c = new ArgCursor(items);
  const options: SearchReturnOption[] = [];
  while (!c.done) {
    const name = c.keyword('return option');
    // RFC 4731 3.1: an unknown return option is a syntax error (BAD).
    if (!RETURN_OPTIONS.has(name)) throw new ImapParseError(`Unknown search return option ${quoteInput(name)}`);
    const option = name as SearchReturnOption;
    if (!options.includes(option)) options.push(option);
  }
  // RFC 4731 3.1: "RETURN ()" is the same as "RETURN (ALL)".
  return options.length === 0 ? ['ALL'] : options;
}

class SearchParser {
  private keys = 0;

  /** One or more keys up to the end of `c`: an implicit AND (RFC 3501 6.4.4). */
  program(c: ArgCursor): SearchKey {
    return this.sequence(c, 1);
  }

  private sequence(c: ArgCursor, depth: number): SearchKey {
    const keys: SearchKey[] = [];
    while (!c.done) keys.push(this.key(c, depth));
    const first = keys[0];
    if (first === undefined) throw new ImapParseError('Empty search group');
    return keys.length === 1 ? first : { type: 'and', keys };
  }

  private key(c: ArgCursor, depth: number): SearchKey {
    if (depth > MAX_SEARCH_DEPTH) throw new ImapParseError('Search criteria nested too deeply');
    if (++this.keys > MAX_SEARCH_KEYS) throw new ImapParseError('Too many search keys');
    const token = c.next('search key');
    if (token.type === 'list') {
      // RFC 3501 9: search-key =/ "(" search-key *(SP search-key) ")"
      return this.sequence(new ArgCursor(token.items), depth + 1);
    }
    if (token.type !== 'atom') throw new ImapParseError('Expected a search key');
    const word = token.value.toUpperCase();

    const flag = FLAG_KEYS[word];
    if (flag !== undefined) return { type: 'flag', flag: flag.flag, set: flag.set };
    const header = HEADER_KEYS[word];
    if (header !== undefined) return { type: 'header', field: header, value: c.astring(`${word} value`) };
    const date = DATE_KEYS[word];
    if (date !== undefined) return { type: date.type, comparison: date.comparison, date: readDate(c, word) };

    switch (word) {
      case 'ALL':
        return { type: 'all' };
      case 'NEW':
        // RFC 3501 6.4.4: NEW is equivalent to (RECENT UNSEEN).
        return {
          type: 'and',
          keys: [
            { type: 'flag', flag: '\\Recent', set: true },
            { type: 'flag', flag: '\\Seen', set: false },
          ],
        };
      case 'KEYWORD':
      case 'UNKEYWORD': {
        // RFC 3501 9: "KEYWORD" SP flag-keyword; flag-keyword = atom
        const keyword = c.atom('keyword');
        if (!allChars(keyword, isAtomChar)) throw new ImapParseError(`Invalid keyword ${quoteInput(keyword)}`);
        return { type: 'keyword', keyword, set: word === 'KEYWORD' };
      }
      case 'HEADER': {
        const field = c.astring('header field name');
        return { type: 'header', field, value: c.astring('header value') };
      }
      case 'BODY':
        return { type: 'body', value: c.astring('BODY value') };
      case 'TEXT':
        return { type: 'text', value: c.astring('TEXT value') };
      case 'LARGER':
      case 'SMALLER':
        return {
          type: 'size',
          comparison: word === 'LARGER' ? 'larger' : 'smaller',
          size: c.number('size', 0, MAX_NUMBER64), // RFC 9051 9: number64
        };
      case 'UID':
        return { type: 'uid', set: parseSequenceSet(c.atom('UID set')) };
      case 'NOT':
        return { type: 'not', key: this.key(c, depth + 1) };
      case 'OR': {
        const left = this.key(c, depth + 1);
        return { type: 'or', left, right: this.key(c, depth + 1) };
      }
      case 'MODSEQ':
        return this.modseq(c);
      case 'OLDER':
      case 'YOUNGER':
        // RFC 5032 3: "OLDER" / "YOUNGER" SP nz-number (seconds)
        return {
          type: 'within',
          comparison: word === 'OLDER' ? 'older' : 'younger',
          seconds: c.number('interval', 1),
        };
      default:
        if (looksLikeSequenceSet(token.value)) return { type: 'sequence', set: parseSequenceSet(token.value) };
        throw new ImapParseError(`Unknown search key ${quoteInput(token.value)}`);
    }
  }

  /**
   * RFC 7162 3.1.5: search-modsequence = "MODSEQ" [search-modseq-ext] SP mod-sequence-valzer;
   * search-modseq-ext = SP entry-name SP entry-type-req; entry-name = entry-flag-name (quoted).
   */
  private modseq(c: ArgCursor): SearchKey {
    let entry: ModseqEntry | null = null;
    if (c.peek()?.type === 'quoted') {
      const name = c.string('entry name');
      const type = c.atom('entry type').toLowerCase();
      if (type !== 'priv' && type !== 'shared' && type !== 'all') {
        throw new ImapParseError(`Invalid MODSEQ entry type ${quoteInput(type)}`);
      }
      entry = { name, type };
    }
    return { type: 'modseq', modseq: c.number('mod-sequence', 0, MAX_NUMBER64), entry };
  }
}

/** RFC 3501 9: date = date-text / DQUOTE date-text DQUOTE. */
function readDate(c: ArgCursor, key: string): ImapDate {
  const token = c.next(`${key} date`);
  if (token.type !== 'atom' && token.type !== 'quoted') throw new ImapParseError(`Expected a date after ${key}`);
  return parseImapDate(token.value);
}
