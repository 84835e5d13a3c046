import { describe, expect, it } from 'vitest';
import { parseStoreArgs } from '../../../src/imap/protocol/store-args.js';
import type { StoreArgs } from '../../../src/imap/protocol/store-args.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf } from '../../helpers/imap-protocol.js';

function store(text: string): StoreArgs {
  return parseStoreArgs(argsOf('STORE', text));
}

describe('parseStoreArgs', () => {
  it('parses the RFC 3501 6.4.6 example', () => {
    expect(store('2:4 +FLAGS (\\Deleted)')).toEqual({
      sequenceSet: { type: 'ranges', ranges: [{ from: 2, to: 4 }] },
      unchangedSince: null,
      operation: 'add',
      silent: false,
      flags: ['\\Deleted'],
    });
  });

  it('reads +FLAGS, -FLAGS and FLAGS, with and without .SILENT, in any case', () => {
    expect(store('1 -FLAGS.SILENT (\\Seen)')).toMatchObject({ operation: 'remove', silent: true });
    expect(store('1 flags.silent (\\Seen)')).toMatchObject({ operation: 'replace', silent: true });
    expect(store('1 +flags \\Seen')).toMatchObject({ operation: 'add', silent: false });
  });

  it('accepts an empty list to clear all flags', () => {
    expect(store('1:* FLAGS ()')).toMatchObject({ operation: 'replace', flags: [] });
  });

  it('accepts flags without parentheses, one or several', () => {
    expect(store('1 +FLAGS \\Seen \\Flagged $Label1').flags).toEqual(['\\Seen', '\\Flagged', '$Label1']);
  });

  it('canonicalises system flag case and drops duplicates', () => {
    expect(store('1 +FLAGS (\\SEEN \\seen \\Flagged junk JUNK)').flags).toEqual(['\\Seen', '\\Flagged', 'junk']);
  });

  it('parses the UNCHANGEDSINCE modifier (RFC 7162 3.1.3)', () => {
    expect(store('7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)')).toMatchObject({
      unchangedSince: 320162338,
      operation: 'add',
      silent: true,
    });
    expect(store('1 (UNCHANGEDSINCE 0) FLAGS ()').unchangedSince).toBe(0);
  });

  it('refuses \\Recent, unknown system flags, bad keywords and malformed commands', () => {
    for (const bad of [
      '1 +FLAGS (\\Recent)',
      '1 +FLAGS (\\Unknown)',
      '1 +FLAGS ("quoted")',
      '1 +FLAGS (a%b)',
      '1 +FLAGS (a]b)',
      '1 +FLAGS ((nested))',
      '1 +FLAGS',
      '1 FLAGS.LOUD (\\Seen)',
      '1 LABELS (x)',
      '1 (UNCHANGEDSINCE) +FLAGS (\\Seen)',
      '1 (UNCHANGEDSINCE x) +FLAGS (\\Seen)',
      '1 (FOO 1) +FLAGS (\\Seen)',
      '1 () +FLAGS (\\Seen)',
      '1 +FLAGS (\\Seen) extra',
      '0 +FLAGS (\\Seen)',
      '+FLAGS (\\Seen)',
    ]) {
      expect(() => store(bad), bad).toThrow(ImapParseError);
    }
  });
});
