import { describe, expect, it } from 'vitest';
import { parseStatusArgs } from '../../../src/imap/protocol/status-items.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf } from '../../helpers/imap-protocol.js';

describe('parseStatusArgs', () => {
  it('parses the RFC 3501 6.3.10 example', () => {
    expect(parseStatusArgs(argsOf('STATUS', 'blurdybloop (UIDNEXT MESSAGES)'))).toEqual({
      mailbox: 'blurdybloop',
      items: ['UIDNEXT', 'MESSAGES'],
    });
  });

  it('reads every item in any case, drops duplicates, and decodes the mailbox name', () => {
    expect(
      parseStatusArgs(argsOf('STATUS', '"&AOk-t&AOk-" (messages recent uidnext uidvalidity unseen highestmodseq size deleted appendlimit UNSEEN)')),
    ).toEqual({
      mailbox: 'été',
      items: ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ', 'SIZE', 'DELETED', 'APPENDLIMIT'],
    });
    expect(parseStatusArgs(argsOf('STATUS', 'inbox (MESSAGES)')).mailbox).toBe('INBOX');
  });

  it('refuses an empty list, unknown items and malformed arguments', () => {
    for (const bad of ['INBOX ()', 'INBOX (FOO)', 'INBOX MESSAGES', 'INBOX', '(MESSAGES)', 'INBOX (MESSAGES) x', 'INBOX ("MESSAGES")']) {
      expect(() => parseStatusArgs(argsOf('STATUS', bad)), bad).toThrow(ImapParseError);
    }
  });
});
