// SELECT and EXAMINE arguments (RFC 3501 6.3.1/6.3.2) with the CONDSTORE parameter (RFC 7162 3.1.8),
// which imapflow sends as `SELECT "INBOX" (CONDSTORE)`.

import type { Token } from './tokenizer.js';
import { ArgCursor } from './arg-cursor.js';
import { parseMailboxName } from './mailbox-name.js';
import { ImapParseError, quoteInput } from './errors.js';

export interface SelectArgs {
  /** Decoded mailbox name, INBOX normalised. */
  mailbox: string;
  /** RFC 7162 3.1.8: the client enables CONDSTORE with this SELECT. */
  condstore: boolean;
}

/**
 * RFC 4466 2.1: select = "SELECT" SP mailbox [select-params];
 * select-params = SP "(" select-param *(SP select-param) ")". Only CONDSTORE is known; QRESYNC
 * parameters are refused (not advertised).
 */
export function parseSelectArgs(args: readonly Token[]): SelectArgs {
  const c = new ArgCursor(args);
  const mailbox = parseMailboxName(c.next('mailbox name'));
  let condstore = false;
  if (!c.done) {
    const params = new ArgCursor(c.list('select parameters'));
    if (params.done) throw new ImapParseError('Empty select parameter list');
    while (!params.done) {
      const name = params.keyword('select parameter');
      if (name !== 'CONDSTORE') throw new ImapParseError(`Unknown select parameter ${quoteInput(name)}`);
      condstore = true;
    }
  }
  c.end();
  return { mailbox, condstore };
}
