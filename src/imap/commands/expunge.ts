/**
 * EXPUNGE (RFC 3501 6.4.3) and UID EXPUNGE (RFC 4315 2.1): removes \Deleted messages for good
 * and frees their space. The `* n EXPUNGE` responses come from the store's change, through the
 * session's queue, flushed by the dispatcher before the tagged OK: the same path other
 * sessions' expunges take, so sequence numbers are renumbered in one place.
 */
import { ImapNo } from '../errors.js';
import { resolveMessages, selectedOf, uidsOf } from '../message-set.js';
import { ArgCursor, parseSequenceSet } from '../protocol/index.js';
import { SELECTED, type ImapCommand } from './types.js';

export const expunge: ImapCommand = {
  name: 'EXPUNGE',
  states: SELECTED,
  run(session, cmd) {
    const args = new ArgCursor(cmd.args);
    // RFC 4315 2.1: UID EXPUNGE sequence-set; plain EXPUNGE takes no argument.
    const set = cmd.uid ? parseSequenceSet(args.atom('UID set')) : null;
    args.end();
    const selected = selectedOf(session);
    if (selected.readOnly) throw new ImapNo(null, 'Dossier ouvert en lecture seule (EXAMINE)');
    const uids = set === null ? null : uidsOf(selected, resolveMessages(selected, set, true));
    if (uids !== null && uids.length === 0) return;
    session.services.store.expunge(selected.mailbox, uids, true);
  },
};
