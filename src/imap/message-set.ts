/**
 * Turning a command's sequence set into the selected folder's messages, with RFC 3501's rules:
 * message numbers past the end are a syntax error (BAD), UIDs that do not exist are simply
 * not there, `$` is the last saved search result (RFC 5182).
 */
import { ImapBad } from './errors.js';
import {
  formatSequenceSet,
  isWithinMessageCount,
  resolveSequenceSet,
  sequenceSetFromNumbers,
  type SequenceSet,
} from './protocol/index.js';
import type { SelectedMailbox } from './selected-mailbox.js';
import type { ImapSession } from './session.js';

/** The selected folder; the dispatcher only runs SELECTED-state commands when there is one. */
export function selectedOf(session: ImapSession): SelectedMailbox {
  const selected = session.selected;
  if (!selected) throw new ImapBad('Aucun dossier sélectionné');
  return selected;
}

/** Message sequence numbers (ascending, unique) a command's set designates. */
export function resolveMessages(selected: SelectedMailbox, set: SequenceSet, uid: boolean): number[] {
  // RFC 3501 9 (seq-number): a message number above the count, or `*` in an empty folder, is invalid.
  if (!uid && set.type === 'ranges' && !isWithinMessageCount(set, selected.exists)) {
    throw new ImapBad('Numéro de message invalide');
  }
  return resolveSequenceSet(set, selected.uids, { uid, savedUids: selected.savedUids });
}

/** UIDs of sequence numbers (ascending in, ascending out). */
export function uidsOf(selected: SelectedMailbox, seqs: readonly number[]): number[] {
  return seqs.map((seq) => selected.uids[seq - 1]!);
}

/** The shortest wire form of a set of numbers (`1:3,7`), for COPYUID, ESEARCH, MODIFIED. */
export function compactSet(numbers: readonly number[]): string {
  return formatSequenceSet(sequenceSetFromNumbers(numbers));
}
