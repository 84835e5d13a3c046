import { describe, expect, it } from 'vitest';
import { parseAppendArgs } from '../../../src/imap/protocol/append-args.js';
import { ImapParseError, InvalidMailboxNameError } from '../../../src/imap/protocol/errors.js';
import { parse } from '../../helpers/imap-protocol.js';

const MESSAGE = [
  'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
  'From: Fred Foobar <foobar@Blurdybloop.COM>',
  'Subject: afternoon meeting',
  'To: mooch@owatagu.siam.edu',
  'Message-Id: <B27397-0100000@Blurdybloop.COM>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  'Hello Joe, do you think we can meet at 3:30 tomorrow?',
  '',
].join('\r\n');

function append(prefix: string, message = MESSAGE, marker = '') {
  const size = Buffer.byteLength(message);
  return parseAppendArgs(parse(`A003 APPEND ${prefix}{${size}${marker}}\r\n${message}\r\n`).args);
}

describe('parseAppendArgs', () => {
  it('parses the RFC 3501 6.3.11 example', () => {
    const args = append('saved-messages (\\Seen) ');
    expect(args.mailbox).toBe('saved-messages');
    expect(args.messages).toHaveLength(1);
    expect(args.messages[0]).toMatchObject({ flags: ['\\Seen'], internalDate: null, binary: false });
    expect(args.messages[0]?.message.toString()).toBe(MESSAGE);
  });

  it('reads a date-time and keeps its zone', () => {
    const args = append('INBOX () "17-Jul-1996 02:44:25 -0700" ', MESSAGE, '+');
    const date = args.messages[0]?.internalDate;
    expect(date?.date.toISOString()).toBe('1996-07-17T09:44:25.000Z');
    expect(date?.offsetMinutes).toBe(-420);
    expect(args.messages[0]?.flags).toEqual([]);
  });

  it('reads a date-time without flags, and neither', () => {
    expect(append('INBOX " 7-Jul-1996 02:44:25 +0200" ').messages[0]?.internalDate?.date.toISOString()).toBe('1996-07-07T00:44:25.000Z');
    expect(append('INBOX ').messages[0]).toMatchObject({ flags: [], internalDate: null });
  });

  it('decodes the mailbox name and normalises INBOX', () => {
    expect(append('"Envoy&AOk-s" ').mailbox).toBe('Envoyés');
    expect(append('inbox ').mailbox).toBe('INBOX');
  });

  it('marks a literal8 message as binary (RFC 3516)', () => {
    const args = parseAppendArgs(parse('a APPEND INBOX ~{3}\r\n\x00ab\r\n').args);
    expect(args.messages[0]?.binary).toBe(true);
  });

  it('reads several messages for MULTIAPPEND (RFC 3502)', () => {
    const args = parseAppendArgs(parse('a APPEND INBOX (\\Seen) {1+}\r\nx "01-Jan-2020 00:00:00 +0000" {1+}\r\ny\r\n').args);
    expect(args.messages.map(m => [m.flags, m.internalDate?.date.toISOString() ?? null, m.message.toString()])).toEqual([
      [['\\Seen'], null, 'x'],
      [[], '2020-01-01T00:00:00.000Z', 'y'],
    ]);
  });

  it('refuses a message that is not a literal, a missing message, bad flags and bad dates', () => {
    for (const bad of [
      'a APPEND INBOX "message"\r\n',
      'a APPEND INBOX\r\n',
      'a APPEND INBOX (\\Seen)\r\n',
      'a APPEND INBOX (\\Recent) {1+}\r\nx\r\n',
      'a APPEND INBOX "17-Jul-1996" {1+}\r\nx\r\n',
      'a APPEND INBOX "32-Jul-1996 02:44:25 -0700" {1+}\r\nx\r\n',
      'a APPEND INBOX "17-Jul-1996 24:00:00 -0700" {1+}\r\nx\r\n',
      'a APPEND INBOX "17-Jul-1996 02:44:25 -0760" {1+}\r\nx\r\n',
      'a APPEND INBOX "17-Jul-1996 02:44:25 -0700" (\\Seen) {1+}\r\nx\r\n',
      'a APPEND INBOX {1+}\r\nx extra\r\n',
    ]) {
      expect(() => parseAppendArgs(parse(bad).args), bad).toThrow(ImapParseError);
    }
    // Well formed, but no modified UTF-7: refused with NO, not BAD.
    expect(() => parseAppendArgs(parse('a APPEND "&Jjo" {1+}\r\nx\r\n').args)).toThrow(InvalidMailboxNameError);
  });
});
