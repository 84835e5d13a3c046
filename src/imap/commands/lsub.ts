/** LSUB (RFC 3501 6.3.9): the subscribed folders matching a pattern. */
import { formatListEntry, lsubEntries } from '../mailbox-list.js';
import { parseLsubArgs } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const lsub: ImapCommand = {
  name: 'LSUB',
  states: AUTHENTICATED,
  run(session, cmd) {
    const { reference, pattern } = parseLsubArgs(cmd.args);
    const mailboxes = session.services.store.listMailboxes(session.account!.id);
    for (const entry of lsubEntries(mailboxes, reference, pattern)) session.untagged(formatListEntry('LSUB', entry));
  },
};
