import { describe, expect, it } from 'vitest';
import { parseSelectArgs } from '../../../src/imap/protocol/select-args.js';
import { parseCopyArgs } from '../../../src/imap/protocol/copy-args.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf } from '../../helpers/imap-protocol.js';

describe('parseSelectArgs', () => {
  it('parses the RFC 3501 6.3.1 example and normalises INBOX', () => {
    expect(parseSelectArgs(argsOf('SELECT', 'INBOX'))).toEqual({ mailbox: 'INBOX', condstore: false });
    expect(parseSelectArgs(argsOf('EXAMINE', 'inbox'))).toEqual({ mailbox: 'INBOX', condstore: false });
  });

  it('reads the CONDSTORE parameter as imapflow sends it (RFC 7162 3.1.8)', () => {
    expect(parseSelectArgs(argsOf('SELECT', '"Envoy&AOk-s" (CONDSTORE)'))).toEqual({ mailbox: 'Envoyés', condstore: true });
  });

  it('refuses unknown parameters, QRESYNC and stray arguments', () => {
    for (const bad of ['INBOX ()', 'INBOX (QRESYNC (1 2))', 'INBOX CONDSTORE', 'INBOX (CONDSTORE) x', '', '(CONDSTORE)']) {
      expect(() => parseSelectArgs(argsOf('SELECT', bad)), bad).toThrow(ImapParseError);
    }
  });
});

describe('parseCopyArgs', () => {
  it('parses the RFC 3501 6.4.7 example and a UID MOVE as imapflow sends it', () => {
    expect(parseCopyArgs(argsOf('COPY', '2:4 MEETING'))).toEqual({
      sequenceSet: { type: 'ranges', ranges: [{ from: 2, to: 4 }] },
      mailbox: 'MEETING',
    });
    expect(parseCopyArgs(argsOf('MOVE', '1:* "Corbeille"')).mailbox).toBe('Corbeille');
  });

  it('refuses a missing mailbox, a bad set and stray arguments', () => {
    for (const bad of ['2:4', '0 x', 'x y', '1 a b']) {
      expect(() => parseCopyArgs(argsOf('COPY', bad)), bad).toThrow(ImapParseError);
    }
  });
});
