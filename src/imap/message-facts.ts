/**
 * The immutable facts of the selected folder's messages (size, internal date, content id), kept
 * per selection: a message keeps them as long as it keeps its UID, so they are read from the
 * store once per selection and then only for messages the session learns about later.
 *
 * With the flags the session tracks itself (SelectedMailbox.states, kept current by the queued
 * updates), this answers FETCH FLAGS/UID/INTERNALDATE/RFC822.SIZE, SEARCH and SORT without a
 * query per command.
 */
import type { MailStore } from '../store/mail-store.js';
import type { MessageFacts } from '../store/message-queries.js';
import type { SelectedMailbox } from './selected-mailbox.js';

/**
 * A message's facts, with its INTERNALDATE text once some FETCH has formatted it and its
 * calendar day once some SEARCH BEFORE/ON/SINCE has needed it (calendar-day.ts).
 */
export interface FolderFact extends MessageFacts {
  internalDateText: string | null;
  internalDay?: number;
}

class FolderFacts {
  private readonly byUid = new Map<number, FolderFact>();
  /** Every message up to this UID has been read (UIDs only grow, RFC 3501 2.3.1.1). */
  private loadedUpTo = 0;

  /** Facts of every message the session knows; reads those it learnt about since last time. */
  sync(store: MailStore, selected: SelectedMailbox): this {
    const last = selected.uids[selected.uids.length - 1] ?? 0;
    if (last > this.loadedUpTo) {
      for (const facts of store.queries.facts(selected.mailbox.id, this.loadedUpTo)) {
        this.byUid.set(facts.uid, { ...facts, internalDateText: null });
        if (facts.uid > this.loadedUpTo) this.loadedUpTo = facts.uid;
      }
      if (last > this.loadedUpTo) this.loadedUpTo = last; // expunged meanwhile: nothing to read
    }
    // Forget expunged messages once they outnumber the living.
    if (this.byUid.size > 2 * selected.uids.length + 1000) {
      const known = new Set(selected.uids);
      for (const uid of this.byUid.keys()) if (!known.has(uid)) this.byUid.delete(uid);
    }
    return this;
  }

  /** Undefined when the message was expunged before the session first asked about it. */
  get(uid: number): FolderFact | undefined {
    return this.byUid.get(uid);
  }
}

const bySelection = new WeakMap<SelectedMailbox, FolderFacts>();

/** The facts of the selected folder, up to date with what the session knows. */
export function folderFacts(store: MailStore, selected: SelectedMailbox): FolderFacts {
  let facts = bySelection.get(selected);
  if (facts === undefined) {
    facts = new FolderFacts();
    bySelection.set(selected, facts);
  }
  return facts.sync(store, selected);
}
