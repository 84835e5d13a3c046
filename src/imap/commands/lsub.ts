/** LSUB (RFC 3501 6.3.9): the subscribed folders matching a pattern. */
import { formatListEntry, lsubEntries } from '../mailbox-list.js';
import { parseLsubArgs } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const lsub: ImapCommand = {
  name: 'LSUB',
  states: AUTHENTICATED,
  run(session, cmd) {
    const { reference, pattern } = parseLsubArgs(cmd.args);
    const { store } = session.services;
    const accountId = session.account!.id;
    const entries = lsubEntries(store.listMailboxes(accountId), store.subscriptions(accountId), reference, pattern);
    for (const entry of entries) session.untagged(formatListEntry('LSUB', entry));
  },
};
