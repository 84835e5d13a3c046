import { describe, expect, it } from 'vitest';
import { fetchItemName, fetchSetsSeen, parseFetchArgs } from '../../../src/imap/protocol/fetch-items.js';
import type { FetchArgs } from '../../../src/imap/protocol/fetch-items.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf } from '../../helpers/imap-protocol.js';

function fetch(text: string | Buffer): FetchArgs {
  return parseFetchArgs(argsOf('FETCH', text));
}

function fetchError(text: string): ImapParseError {
  try {
    fetch(text);
  } catch (err) {
    if (err instanceof ImapParseError) return err;
    throw err;
  }
  throw new Error(`expected an ImapParseError for ${text}`);
}

describe('parseFetchArgs', () => {
  it('expands the ALL, FAST and FULL macros (RFC 3501 6.4.5)', () => {
    expect(fetch('1:* ALL')).toMatchObject({
      macro: 'ALL',
      items: [{ type: 'flags' }, { type: 'internaldate' }, { type: 'rfc822-size' }, { type: 'envelope' }],
    });
    expect(fetch('1 fast').items.map(i => i.type)).toEqual(['flags', 'internaldate', 'rfc822-size']);
    expect(fetch('1 FULL').items.map(i => i.type)).toEqual(['flags', 'internaldate', 'rfc822-size', 'envelope', 'body']);
  });

  it('refuses a macro inside a list, and an empty list', () => {
    expect(fetchError('1 (ALL)').message).toMatch(/ALL/);
    expect(fetchError('1 ()').message).toMatch(/Empty/);
  });

  it('parses every simple item, alone or in a list', () => {
    const args = fetch('2:4 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY RFC822 RFC822.HEADER RFC822.TEXT MODSEQ)');
    expect(args.sequenceSet).toEqual({ type: 'ranges', ranges: [{ from: 2, to: 4 }] });
    expect(args.items.map(i => i.type)).toEqual([
      'uid',
      'flags',
      'internaldate',
      'rfc822-size',
      'envelope',
      'bodystructure',
      'body',
      'rfc822',
      'rfc822-header',
      'rfc822-text',
      'modseq',
    ]);
    expect(fetch('1 uid').items).toEqual([{ type: 'uid' }]);
  });

  it('parses the RFC 3501 6.4.5 example with HEADER.FIELDS', () => {
    expect(fetch('2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])').items).toEqual([
      { type: 'flags' },
      {
        type: 'body-section',
        peek: false,
        partial: null,
        section: { part: [], text: { type: 'header-fields', fields: ['DATE', 'FROM'], not: false } },
      },
    ]);
  });

  it('parses sections: whole message, part paths, HEADER, TEXT, MIME, HEADER.FIELDS.NOT', () => {
    const items = fetch(
      '1 (BODY[] BODY.PEEK[1] BODY[1.2.3] BODY[HEADER] BODY[1.TEXT] BODY[2.MIME] BODY.PEEK[4.HEADER.FIELDS.NOT (Received "X-Spam")])',
    ).items;
    expect(items).toEqual([
      { type: 'body-section', peek: false, partial: null, section: { part: [], text: null } },
      { type: 'body-section', peek: true, partial: null, section: { part: [1], text: null } },
      { type: 'body-section', peek: false, partial: null, section: { part: [1, 2, 3], text: null } },
      { type: 'body-section', peek: false, partial: null, section: { part: [], text: { type: 'header' } } },
      { type: 'body-section', peek: false, partial: null, section: { part: [1], text: { type: 'text' } } },
      { type: 'body-section', peek: false, partial: null, section: { part: [2], text: { type: 'mime' } } },
      {
        type: 'body-section',
        peek: true,
        partial: null,
        section: { part: [4], text: { type: 'header-fields', fields: ['Received', 'X-Spam'], not: true } },
      },
    ]);
  });

  it('accepts a header field name sent as a literal', () => {
    const items = fetch(Buffer.from('1 BODY[HEADER.FIELDS ({4+}\r\nFrom)]'));
    expect(items.items).toEqual([
      { type: 'body-section', peek: false, partial: null, section: { part: [], text: { type: 'header-fields', fields: ['From'], not: false } } },
    ]);
  });

  it('parses partial ranges <offset.length>', () => {
    expect(fetch('1 BODY.PEEK[HEADER.FIELDS (From To)]<0.1024>').items[0]).toEqual({
      type: 'body-section',
      peek: true,
      section: { part: [], text: { type: 'header-fields', fields: ['From', 'To'], not: false } },
      partial: { offset: 0, length: 1024 },
    });
  });

  it('accepts <offset> alone as "to the end", as imapflow sends it', () => {
    expect(fetch('1 BODY.PEEK[]<100>').items[0]).toMatchObject({ partial: { offset: 100, length: null } });
  });

  it('refuses malformed sections and partials', () => {
    for (const bad of [
      '1 BODY[MIME]',
      '1 BODY[0]',
      '1 BODY[01]',
      '1 BODY[1.]',
      '1 BODY[.TEXT]',
      '1 BODY[TEXT.1]',
      '1 BODY[HEADER.FIELDS]',
      '1 BODY[HEADER.FIELDS ()]',
      '1 BODY[TEXT (From)]',
      '1 BODY[FOO]',
      '1 BODY[]<0.0>',
      '1 BINARY[TEXT]',
      '1 BINARY.SIZE[1]<0.10>',
    ]) {
      expect(() => fetch(bad), bad).toThrow(ImapParseError);
    }
  });

  it('parses BINARY, BINARY.PEEK and BINARY.SIZE (RFC 3516)', () => {
    expect(fetch('1 (BINARY[1.2]<0.100> BINARY.PEEK[] BINARY.SIZE[3])').items).toEqual([
      { type: 'binary', peek: false, part: [1, 2], partial: { offset: 0, length: 100 } },
      { type: 'binary', peek: true, part: [], partial: null },
      { type: 'binary-size', part: [3] },
    ]);
  });

  it('parses the CHANGEDSINCE modifier (RFC 7162 3.1.4)', () => {
    expect(fetch('1:* (FLAGS) (CHANGEDSINCE 12345)').changedSince).toBe(12345);
    expect(fetch('1:* (FLAGS)').changedSince).toBeNull();
    expect(fetch('1 FLAGS (CHANGEDSINCE 9223372036854775807)').changedSince).toBeGreaterThan(2 ** 62);
  });

  it('refuses unknown modifiers, VANISHED, repeated and out-of-range CHANGEDSINCE', () => {
    for (const bad of [
      '1 FLAGS (VANISHED)',
      '1 FLAGS ()',
      '1 FLAGS (CHANGEDSINCE)',
      '1 FLAGS (CHANGEDSINCE x)',
      '1 FLAGS (CHANGEDSINCE 9223372036854775808)',
      '1 FLAGS (CHANGEDSINCE 1 CHANGEDSINCE 2)',
      '1 FLAGS (CHANGEDSINCE 1) extra',
    ]) {
      expect(() => fetch(bad), bad).toThrow(ImapParseError);
    }
  });

  it('refuses unknown items, missing items and a bad sequence set', () => {
    expect(fetchError('1 (FLAGS X-GM-LABELS)').message).toMatch(/X-GM-LABELS/);
    expect(() => fetch('1')).toThrow(ImapParseError);
    expect(() => fetch('0 FLAGS')).toThrow(ImapParseError);
    expect(() => fetch('"1" FLAGS')).toThrow(ImapParseError);
    expect(() => fetch('1 "FLAGS"')).toThrow(ImapParseError);
  });

  it('names items as the FETCH response does (RFC 3501 7.4.2)', () => {
    const names = fetch(
      '1 (BODY.PEEK[HEADER.FIELDS (From "X Y")]<10.20> BODY[1.MIME] RFC822.SIZE BINARY.PEEK[2]<5.5> BINARY.SIZE[] UID)',
    ).items.map(fetchItemName);
    expect(names).toEqual(['BODY[HEADER.FIELDS (From "X Y")]<10>', 'BODY[1.MIME]', 'RFC822.SIZE', 'BINARY[2]<5>', 'BINARY.SIZE[]', 'UID']);
  });

  it('says which items set \\Seen (RFC 3501 6.4.5)', () => {
    expect(fetchSetsSeen(fetch('1 (BODY.PEEK[] RFC822.HEADER FLAGS BINARY.PEEK[1])').items)).toBe(false);
    expect(fetchSetsSeen(fetch('1 BODY[TEXT]').items)).toBe(true);
    expect(fetchSetsSeen(fetch('1 RFC822').items)).toBe(true);
    expect(fetchSetsSeen(fetch('1 RFC822.TEXT').items)).toBe(true);
    expect(fetchSetsSeen(fetch('1 BINARY[]').items)).toBe(true);
  });
});
