import { describe, expect, it } from 'vitest';
import {
  MAX_SEARCH_DEPTH,
  MAX_SEARCH_KEYS,
  parseSearchArgs,
  parseSearchKeys,
} from '../../../src/imap/protocol/search-keys.js';
import type { SearchArgs, SearchKey } from '../../../src/imap/protocol/search-keys.js';
import type { Token } from '../../../src/imap/protocol/tokenizer.js';
import { BadCharsetError, ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf } from '../../helpers/imap-protocol.js';

function search(text: string | Buffer): SearchArgs {
  return parseSearchArgs(argsOf('SEARCH', text));
}

function key(text: string): SearchKey {
  return search(text).key;
}

describe('parseSearchArgs', () => {
  it('parses the RFC 3501 6.4.4 examples', () => {
    expect(search('FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"')).toEqual({
      charset: null,
      returnOptions: null,
      key: {
        type: 'and',
        keys: [
          { type: 'flag', flag: '\\Flagged', set: true },
          { type: 'internaldate', comparison: 'since', date: { year: 1994, month: 2, day: 1 } },
          { type: 'not', key: { type: 'header', field: 'From', value: 'Smith' } },
        ],
      },
    });
    expect(key('TEXT "string not in mailbox"')).toEqual({ type: 'text', value: 'string not in mailbox' });
    const withLiteral = search(Buffer.from('CHARSET UTF-8 TEXT {6}\r\nXXXXXX'));
    expect(withLiteral).toEqual({ charset: 'UTF-8', returnOptions: null, key: { type: 'text', value: 'XXXXXX' } });
  });

  it('parses every flag key and its negation', () => {
    const words = ['ANSWERED', 'DELETED', 'DRAFT', 'FLAGGED', 'SEEN', 'RECENT', 'UNANSWERED', 'UNDELETED', 'UNDRAFT', 'UNFLAGGED', 'UNSEEN', 'OLD'];
    const parsed = words.map(w => key(w.toLowerCase()));
    expect(parsed).toEqual([
      { type: 'flag', flag: '\\Answered', set: true },
      { type: 'flag', flag: '\\Deleted', set: true },
      { type: 'flag', flag: '\\Draft', set: true },
      { type: 'flag', flag: '\\Flagged', set: true },
      { type: 'flag', flag: '\\Seen', set: true },
      { type: 'flag', flag: '\\Recent', set: true },
      { type: 'flag', flag: '\\Answered', set: false },
      { type: 'flag', flag: '\\Deleted', set: false },
      { type: 'flag', flag: '\\Draft', set: false },
      { type: 'flag', flag: '\\Flagged', set: false },
      { type: 'flag', flag: '\\Seen', set: false },
      { type: 'flag', flag: '\\Recent', set: false },
    ]);
  });

  it('reads ALL and NEW (= RECENT UNSEEN)', () => {
    expect(key('ALL')).toEqual({ type: 'all' });
    expect(key('NEW')).toEqual({
      type: 'and',
      keys: [
        { type: 'flag', flag: '\\Recent', set: true },
        { type: 'flag', flag: '\\Seen', set: false },
      ],
    });
  });

  it('parses header, body and text keys with atoms, quoted strings and literals', () => {
    expect(key('BCC a CC "b c" FROM x@y SUBJECT "é" TO {1+}\r\nz')).toEqual({
      type: 'and',
      keys: [
        { type: 'header', field: 'Bcc', value: 'a' },
        { type: 'header', field: 'Cc', value: 'b c' },
        { type: 'header', field: 'From', value: 'x@y' },
        { type: 'header', field: 'Subject', value: 'é' },
        { type: 'header', field: 'To', value: 'z' },
      ],
    });
    expect(key('HEADER Message-ID "<x@y>"')).toEqual({ type: 'header', field: 'Message-ID', value: '<x@y>' });
    expect(key('HEADER X-Empty ""')).toEqual({ type: 'header', field: 'X-Empty', value: '' });
    expect(key('BODY conseil')).toEqual({ type: 'body', value: 'conseil' });
  });

  it('parses date keys with bare and quoted dates', () => {
    expect(search('BEFORE 1-Feb-1994 ON "01-feb-1994" SENTBEFORE 29-Feb-2000 SENTON 31-Dec-1999 SENTSINCE 1-Jan-2000').key).toEqual({
      type: 'and',
      keys: [
        { type: 'internaldate', comparison: 'before', date: { year: 1994, month: 2, day: 1 } },
        { type: 'internaldate', comparison: 'on', date: { year: 1994, month: 2, day: 1 } },
        { type: 'sentdate', comparison: 'before', date: { year: 2000, month: 2, day: 29 } },
        { type: 'sentdate', comparison: 'on', date: { year: 1999, month: 12, day: 31 } },
        { type: 'sentdate', comparison: 'since', date: { year: 2000, month: 1, day: 1 } },
      ],
    });
    for (const bad of ['SINCE 30-Feb-1994', 'SINCE 29-Feb-1900', 'SINCE 1-Foo-1994', 'SINCE 1994-02-01', 'SINCE 123-Feb-1994', 'SINCE {10+}\r\n1-Feb-1994']) {
      expect(() => search(bad), bad).toThrow(ImapParseError);
    }
  });

  it('parses sizes, keywords, sequence sets, UID sets and $', () => {
    expect(search('LARGER 1024 SMALLER 0 KEYWORD $Forwarded UNKEYWORD Junk 1:3,5 UID 10:* $ UID $').key).toEqual({
      type: 'and',
      keys: [
        { type: 'size', comparison: 'larger', size: 1024 },
        { type: 'size', comparison: 'smaller', size: 0 },
        { type: 'keyword', keyword: '$Forwarded', set: true },
        { type: 'keyword', keyword: 'Junk', set: false },
        { type: 'sequence', set: { type: 'ranges', ranges: [{ from: 1, to: 3 }, { from: 5, to: 5 }] } },
        { type: 'uid', set: { type: 'ranges', ranges: [{ from: 10, to: '*' }] } },
        { type: 'sequence', set: { type: 'saved' } },
        { type: 'uid', set: { type: 'saved' } },
      ],
    });
    expect(() => search('KEYWORD "Junk"')).toThrow(ImapParseError);
    expect(() => search('KEYWORD \\Seen')).toThrow(ImapParseError);
    expect(() => search('LARGER -1')).toThrow(ImapParseError);
  });

  it('parses OR, NOT and parenthesised groups into a tree', () => {
    expect(key('OR (FROM a TO b) NOT (SEEN)')).toEqual({
      type: 'or',
      left: {
        type: 'and',
        keys: [
          { type: 'header', field: 'From', value: 'a' },
          { type: 'header', field: 'To', value: 'b' },
        ],
      },
      right: { type: 'not', key: { type: 'flag', flag: '\\Seen', set: true } },
    });
    expect(() => search('OR SEEN')).toThrow(ImapParseError);
    expect(() => search('()')).toThrow(ImapParseError);
    expect(() => search('NOT')).toThrow(ImapParseError);
  });

  it('parses MODSEQ with and without an entry (RFC 7162 3.1.5)', () => {
    expect(key('MODSEQ 620162338')).toEqual({ type: 'modseq', modseq: 620162338, entry: null });
    expect(key('MODSEQ "/flags/\\\\draft" all 620162338')).toEqual({
      type: 'modseq',
      modseq: 620162338,
      entry: { name: '/flags/\\draft', type: 'all' },
    });
    expect(() => search('MODSEQ "/flags/x" mine 1')).toThrow(ImapParseError);
  });

  it('parses OLDER and YOUNGER (RFC 5032)', () => {
    expect(key('OLDER 3600 YOUNGER 60')).toEqual({
      type: 'and',
      keys: [
        { type: 'within', comparison: 'older', seconds: 3600 },
        { type: 'within', comparison: 'younger', seconds: 60 },
      ],
    });
    expect(() => search('OLDER 0')).toThrow(ImapParseError);
  });

  it('accepts CHARSET UTF-8 and US-ASCII in any case, quoted or not', () => {
    expect(search('CHARSET utf-8 ALL').charset).toBe('UTF-8');
    expect(search('CHARSET "US-ASCII" ALL').charset).toBe('US-ASCII');
  });

  it('answers another charset with a BadCharsetError listing the supported ones', () => {
    let caught: unknown;
    try {
      search('CHARSET ISO-8859-1 SUBJECT x');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadCharsetError);
    expect((caught as BadCharsetError).responseCode).toBe('BADCHARSET (UTF-8 US-ASCII)');
    expect((caught as BadCharsetError).charset).toBe('ISO-8859-1');
  });

  it('parses ESEARCH return options, RETURN () meaning ALL (RFC 4731, RFC 5182 SAVE)', () => {
    expect(search('RETURN (MIN MAX COUNT ALL SAVE) UNSEEN').returnOptions).toEqual(['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE']);
    expect(search('RETURN () ALL').returnOptions).toEqual(['ALL']);
    expect(search('RETURN (count count) CHARSET UTF-8 ALL')).toMatchObject({ returnOptions: ['COUNT'], charset: 'UTF-8' });
    expect(() => search('RETURN (PARTIAL 1:10) ALL')).toThrow(ImapParseError);
    expect(() => search('RETURN ALL')).toThrow(ImapParseError);
    expect(() => search('RETURN (MIN)')).toThrow(ImapParseError);
  });

  it('refuses unknown keys, missing criteria and missing arguments', () => {
    for (const bad of ['', 'FOO', 'FROM', 'HEADER Subject', 'UID', 'UID abc', 'SMALLER', 'CHARSET', 'CHARSET UTF-8', '"quoted"', 'SINCE', 'BODY (x)']) {
      expect(() => search(bad), bad).toThrow(ImapParseError);
    }
  });

  it('accepts an OR chain as deep as clients build it', () => {
    const terms = Array.from({ length: 50 }, (_, i) => `FROM u${i}`);
    const text = `${'OR '.repeat(terms.length - 1)}${terms.join(' ')}`;
    let depth = 0;
    let node: SearchKey = key(text);
    while (node.type === 'or') {
      depth++;
      node = node.left;
    }
    expect(depth).toBe(49);
  });

  it(`refuses NOT NOT NOT ... beyond MAX_SEARCH_DEPTH (${MAX_SEARCH_DEPTH}) without exhausting the stack`, () => {
    const nots: Token[] = Array.from({ length: 100_000 }, () => ({ type: 'atom', value: 'NOT' }));
    nots.push({ type: 'atom', value: 'ALL' });
    expect(() => parseSearchKeys(nots)).toThrow(/nested too deeply/);
    expect(() => search(`${'NOT '.repeat(MAX_SEARCH_DEPTH)}ALL`)).toThrow(/nested too deeply/);
    expect(search(`${'NOT '.repeat(MAX_SEARCH_DEPTH - 1)}ALL`).key.type).toBe('not');
  });

  it('refuses parentheses nested deeper than the bound, however they are built', () => {
    let deep: Token = { type: 'atom', value: 'ALL' };
    for (let i = 0; i < 100_000; i++) deep = { type: 'list', items: [deep] };
    expect(() => parseSearchKeys([deep])).toThrow(/nested too deeply/);
    expect(() => search(`${'('.repeat(20_000)}ALL${')'.repeat(20_000)}`)).toThrow(ImapParseError);
  });

  it(`refuses more than MAX_SEARCH_KEYS (${MAX_SEARCH_KEYS}) keys`, () => {
    expect(search(Array(MAX_SEARCH_KEYS).fill('SEEN').join(' ')).key.type).toBe('and');
    expect(() => search(Array(MAX_SEARCH_KEYS + 1).fill('SEEN').join(' '))).toThrow(/Too many/);
  });
});
