/**
 * CLOSE (RFC 3501 6.4.2): silently expunges \Deleted messages when the folder was opened
 * read-write, then leaves the selected state. No EXPUNGE response is sent: the session drops
 * its folder view (and the queued changes with it) before the dispatcher flushes.
 */
import { ArgCursor } from '../protocol/index.js';
import { selectedOf } from '../message-set.js';
import { SELECTED, type ImapCommand } from './types.js';

export const close: ImapCommand = {
  name: 'CLOSE',
  states: SELECTED,
  run(session, cmd) {
    new ArgCursor(cmd.args).end();
    const selected = selectedOf(session);
    if (!selected.readOnly) session.services.store.expunge(selected.mailbox, null, true);
    session.unselect();
  },
};
