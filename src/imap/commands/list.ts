/**
 * LIST (RFC 3501 6.3.8) with LIST-EXTENDED selection and return options (RFC 5258),
 * SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348) and LIST-STATUS (RFC 5819). imapflow sends
 * `LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN) SPECIAL-USE CHILDREN SUBSCRIBED)`.
 */
import { DELIMITER } from '../../store/mail-store.js';
import { formatListEntry, listEntries } from '../mailbox-list.js';
import { checkStatusItems, statusResponse } from '../mailbox-status.js';
import { parseListArgs } from '../protocol/index.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

export const list: ImapCommand = {
  name: 'LIST',
  states: AUTHENTICATED,
  run(session, cmd) {
    const args = parseListArgs(cmd.args);
    const status = args.returnOptions.status;
    if (status) checkStatusItems(status);
    // RFC 3501 6.3.8: an empty pattern asks for the delimiter and the root of the reference;
    // our one namespace has the empty root.
    if (args.patterns.length === 1 && args.patterns[0] === '') {
      session.untagged(`LIST (\\Noselect) "${DELIMITER}" ""`);
      return;
    }
    // RFC 7162 3.1: asking for HIGHESTMODSEQ enables CONDSTORE, as STATUS does.
    if (status?.includes('HIGHESTMODSEQ')) session.enableCondstore();
    const { store } = session.services;
    const accountId = session.account!.id;
    for (const entry of listEntries(store.listMailboxes(accountId), store.subscriptions(accountId), args)) {
      session.untagged(formatListEntry('LIST', entry));
      // RFC 5819 2: a STATUS response after the LIST response of each selectable folder.
      if (status && entry.mailbox) session.untagged(statusResponse(session, entry.mailbox, status));
    }
  },
};
