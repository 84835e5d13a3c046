/**
 * SELECT and EXAMINE (RFC 3501 6.3.1/6.3.2), with the CONDSTORE parameter and HIGHESTMODSEQ
 * (RFC 7162 3.1.8, 3.1.2.1).
 */
import { FLAG_SEEN, SYSTEM_FLAGS } from '../../store/flags.js';
import { ImapNo } from '../errors.js';
import { parseSelectArgs } from '../protocol/index.js';
import type { SelectedMailbox } from '../selected-mailbox.js';
import { AUTHENTICATED, type ImapCommand } from './types.js';

/**
 * Keywords announced in FLAGS / PERMANENTFLAGS at most: the line stays short whatever clients
 * stored (64 per message, 128 characters each), and `\*` tells them any other is allowed.
 */
export const MAX_ANNOUNCED_KEYWORDS = 100;

function selectCommand(name: 'SELECT' | 'EXAMINE', readOnly: boolean): ImapCommand {
  return {
    name,
    states: AUTHENTICATED,
    run(session, cmd) {
      const args = parseSelectArgs(cmd.args);
      // RFC 3501 6.3.1: SELECT first deselects, so a SELECT that fails leaves none selected.
      session.unselect();
      const mailbox = session.services.store.findMailbox(session.account!.id, args.mailbox);
      if (!mailbox) throw new ImapNo('NONEXISTENT', 'Dossier introuvable');
      // RFC 7162 3.1.8: the CONDSTORE parameter enables CONDSTORE for the session.
      if (args.condstore) session.enableCondstore();
      // `mailbox` and the session's message index are read together, with no await between:
      // EXISTS, UIDNEXT and HIGHESTMODSEQ below describe the same instant.
      const selected = session.select(mailbox, readOnly);
      const keywords = announcedKeywords(selected);
      const flags = [...Object.keys(SYSTEM_FLAGS), ...keywords].join(' ');
      session.untagged(`${selected.exists} EXISTS`);
      session.untagged(`${selected.recent.size} RECENT`);
      const unseen = firstUnseen(selected);
      if (unseen > 0) session.untagged(`OK [UNSEEN ${unseen}] Premier message non lu`);
      session.untagged(`OK [UIDVALIDITY ${mailbox.uidValidity}] Identifiants valides`);
      session.untagged(`OK [UIDNEXT ${mailbox.uidNext}] Prochain identifiant prévu`);
      session.untagged(`FLAGS (${flags})`);
      // RFC 3501 6.3.2: nothing can be changed through EXAMINE. `\*`: any new keyword is kept.
      const permanent = readOnly ? '' : `${flags} \\*`;
      session.untagged(`OK [PERMANENTFLAGS (${permanent})] ${readOnly ? 'Lecture seule' : 'Drapeaux permanents'}`);
      // RFC 7162 3.1.2.1: sent on every successful SELECT / EXAMINE, as every folder has MODSEQs.
      session.untagged(`OK [HIGHESTMODSEQ ${mailbox.highestModseq}] Plus haute séquence de modification`);
      return { code: readOnly ? 'READ-ONLY' : 'READ-WRITE', text: `${name} terminé` };
    },
  };
}

export const select = selectCommand('SELECT', false);
export const examine = selectCommand('EXAMINE', true);

/** RFC 3501 7.1: the sequence number of the first message without \Seen, or 0. */
function firstUnseen(selected: SelectedMailbox): number {
  for (let i = 0; i < selected.uids.length; i++) {
    const state = selected.states.get(selected.uids[i]!);
    if (state && (state.flags & FLAG_SEEN) === 0) return i + 1;
  }
  return 0;
}

/** Keywords in use in the folder, sorted, at most MAX_ANNOUNCED_KEYWORDS. */
function announcedKeywords(selected: SelectedMailbox): string[] {
  const keywords = new Set<string>();
  for (const state of selected.states.values()) {
    if (!state.keywords) continue;
    for (const keyword of state.keywords.split(' ')) keywords.add(keyword);
  }
  return [...keywords].sort().slice(0, MAX_ANNOUNCED_KEYWORDS);
}
