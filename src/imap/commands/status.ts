/**
 * STATUS (RFC 3501 6.3.10): MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN, HIGHESTMODSEQ
 * (RFC 7162 3.1.6), SIZE (RFC 8438), DELETED (RFC 9051 6.3.11).
 */
import { ImapNo } from '../errors.js';
import { checkStatusItems, statusResponse } from '../mailbox-status.js';
import { parseStatusArgs } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const status: ImapCommand = {
  name: 'STATUS',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = parseStatusArgs(cmd.args);
    checkStatusItems(args.items);
    const mailbox = session.services.store.findMailbox(session.account!.id, args.mailbox);
    if (!mailbox) throw new ImapNo('NONEXISTENT', 'Dossier introuvable');
    // RFC 7162 3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command.
    if (args.items.includes('HIGHESTMODSEQ')) session.enableCondstore();
    session.untagged(statusResponse(session, mailbox, args.items));
  },
};
