/**
 * MOVE and UID MOVE (RFC 6851). The store moves the rows in place, so a move is never refused
 * for quota (nothing new is stored). The untagged `OK [COPYUID …]` goes out first, then the
 * dispatcher's flush sends the EXPUNGE responses the store's change produced (RFC 6851 3.3).
 */
import { ImapNo } from '../errors.js';
import { compactSet, resolveMessages, selectedOf, uidsOf } from '../message-set.js';
import { parseCopyArgs } from '../protocol/index.js';
import { SELECTED, type ImapCommand } from './types.js';

export const move: ImapCommand = {
  name: 'MOVE',
  states: SELECTED,
  run(session, cmd) {
    const args = parseCopyArgs(cmd.args);
    const selected = selectedOf(session);
    // RFC 6851 3.3: MOVE expunges from the source, which EXAMINE does not allow.
    if (selected.readOnly) throw new ImapNo(null, 'Dossier ouvert en lecture seule (EXAMINE)');
    const seqs = resolveMessages(selected, args.sequenceSet, cmd.uid);
    const { store } = session.services;
    const target = store.findMailbox(session.account!.id, args.mailbox);
    if (!target) throw new ImapNo('TRYCREATE', 'Dossier de destination introuvable');
    const moved = store.moveMessages(selected.mailbox, uidsOf(selected, seqs), target);
    if (moved.length > 0) {
      // RFC 6851 4.3 / RFC 4315: COPYUID in an untagged OK, before the EXPUNGEs.
      const from = compactSet(moved.map((m) => m.from));
      const to = compactSet(moved.map((m) => m.to));
      session.untagged(`OK [COPYUID ${target.uidValidity} ${from} ${to}] Messages déplacés`);
    }
  },
};
