/**
 * COPY and UID COPY (RFC 3501 6.4.7), answering `[COPYUID uidvalidity from to]` (RFC 4315 3).
 * A copy is charged to the quota like new mail: over the limit it is refused whole with
 * `NO [OVERQUOTA]` (RFC 9208 4.4), and nothing is copied.
 */
import { ImapNo } from '../errors.js';
import { compactSet, resolveMessages, selectedOf, uidsOf } from '../message-set.js';
import { parseCopyArgs } from '../protocol/index.js';
import { SELECTED, type ImapCommand } from './types.js';

export const copy: ImapCommand = {
  name: 'COPY',
  states: SELECTED,
  run(session, cmd) {
    const args = parseCopyArgs(cmd.args);
    const selected = selectedOf(session);
    const seqs = resolveMessages(selected, args.sequenceSet, cmd.uid);
    const { store, accounts, policy } = session.services;
    const owner = accounts.byId(session.account!.id) ?? session.account!;
    const target = store.findMailbox(owner.id, args.mailbox);
    // RFC 3501 6.4.7: TRYCREATE tells the client the destination is missing, not the copy broken.
    if (!target) throw new ImapNo('TRYCREATE', 'Dossier de destination introuvable');
    // QuotaExceededError becomes NO [OVERQUOTA] in the dispatcher.
    const copied = store.copyMessages(selected.mailbox, uidsOf(selected, seqs), target, policy.limitFor(owner));
    if (copied.length === 0) return;
    return {
      code: `COPYUID ${target.uidValidity} ${compactSet(copied.map((m) => m.from))} ${compactSet(copied.map((m) => m.to))}`,
      text: `${cmd.uid ? 'UID ' : ''}COPY terminé`,
    };
  },
};
