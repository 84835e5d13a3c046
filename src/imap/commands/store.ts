/**
 * STORE and UID STORE (RFC 3501 6.4.6), with CONDSTORE's UNCHANGEDSINCE (RFC 7162 3.1.3).
 *
 * The new flags are answered with untagged FETCH responses (unless .SILENT); the session notes
 * them, so the store's own change notification does not make it announce them a second time.
 */
import { parseFlags } from '../../store/flags.js';
import { ImapNo } from '../errors.js';
import { compactSet, resolveMessages, selectedOf, uidsOf } from '../message-set.js';
import { parseStoreArgs } from '../protocol/index.js';
import { ResponseBuffer } from '../response-buffer.js';
import { SELECTED, type ImapCommand } from './types.js';

const OPERATIONS = { add: 'add', remove: 'remove', replace: 'set' } as const;

export const store: ImapCommand = {
  name: 'STORE',
  states: SELECTED,
  // RFC 3501 7.4.1: no EXPUNGE while answering STORE (UID STORE excepted).
  holdsExpunges: (cmd) => !cmd.uid,
  run(session, cmd) {
    const args = parseStoreArgs(cmd.args);
    const selected = selectedOf(session);
    // RFC 3501 6.3.2: a folder opened with EXAMINE cannot be changed.
    if (selected.readOnly) throw new ImapNo(null, 'Dossier ouvert en lecture seule (EXAMINE)');
    if (args.unchangedSince !== null) session.enableCondstore();
    const seqs = resolveMessages(selected, args.sequenceSet, cmd.uid);
    if (seqs.length === 0) return;
    const { store: mailStore } = session.services;
    const flags = parseFlags(args.flags);
    const before = mailStore.mailboxById(selected.mailbox.id)?.highestModseq ?? 0;
    const result = mailStore.storeFlags(
      selected.mailbox.id,
      uidsOf(selected, seqs),
      OPERATIONS[args.operation],
      flags.bits,
      flags.keywords,
      args.unchangedSince ?? undefined,
    );

    const out = new ResponseBuffer();
    for (const state of result.updated) {
      selected.noteFlags(state.uid, { flags: state.flags, keywords: state.keywords, modseq: state.modseq });
      const seq = selected.seqOf(state.uid);
      if (seq === 0) continue;
      const changed = state.modseq > before;
      const parts: string[] = [];
      if (!args.silent) parts.push(`FLAGS (${selected.flagList(state.uid, state.flags, state.keywords)})`);
      // RFC 3501 6.4.8: UID STORE responses carry the UID.
      if (cmd.uid || session.condstore) parts.push(`UID ${state.uid}`);
      // RFC 7162 3.1.3: with CONDSTORE, a changed message's FETCH carries its MODSEQ, even .SILENT.
      if (session.condstore && (changed || !args.silent)) parts.push(`MODSEQ (${state.modseq})`);
      if (args.silent && !(session.condstore && changed)) continue;
      out.add(`* ${seq} FETCH (${parts.join(' ')})\r\n`);
    }
    if (out.size > 0) session.write(out.take());

    if (result.modified.length > 0) {
      // RFC 7162 3.1.3: messages changed since UNCHANGEDSINCE are left alone and listed here
      // (sequence numbers for STORE, UIDs for UID STORE).
      const failed = cmd.uid ? result.modified : result.modified.map((uid) => selected.seqOf(uid)).filter((n) => n > 0);
      return { code: `MODIFIED ${compactSet(failed)}`, text: 'Certains messages ont changé entre-temps' };
    }
  },
};
