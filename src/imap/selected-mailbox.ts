/**
 * A session's view of its selected folder: the sequence-number map (RFC 3501 2.3.1.2), each
 * message's flags as this session last reported them, and the store changes waiting to be
 * told. Changes are queued as they are published and turned into untagged EXISTS / EXPUNGE /
 * FETCH responses only at safe points (before a tagged reply, during IDLE), so sequence
 * numbers never move under a command.
 */
import type { StoreChange } from '../store/changes.js';
import { flagNames } from '../store/flags.js';
import type { Mailbox, MessageIndexEntry, MailStore } from '../store/mail-store.js';

export interface MessageState {
  flags: number;
  keywords: string;
  modseq: number;
}

export class SelectedMailbox {
  /** UIDs in sequence order: uids[seq - 1]. */
  readonly uids: number[] = [];
  readonly states = new Map<number, MessageState>();
  /** UIDs that are \Recent for this session. */
  readonly recent = new Set<number>();
  private pending: StoreChange[] = [];
  /** UIDs of the last SEARCH ... RETURN (SAVE) (RFC 5182), for `$`. */
  savedUids: number[] = [];

  constructor(
    readonly mailbox: Mailbox,
    readonly readOnly: boolean,
    entries: readonly MessageIndexEntry[],
    recentRange: { from: number; to: number },
  ) {
    for (const entry of entries) {
      this.uids.push(entry.uid);
      this.states.set(entry.uid, { flags: entry.flags, keywords: entry.keywords, modseq: entry.modseq });
      if (entry.uid >= recentRange.from && entry.uid < recentRange.to) this.recent.add(entry.uid);
    }
  }

  get exists(): number {
    return this.uids.length;
  }

  /** Sequence number of a UID, or 0 if this session does not know it. */
  seqOf(uid: number): number {
    // UIDs are ascending: binary search.
    let lo = 0;
    let hi = this.uids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const value = this.uids[mid]!;
      if (value === uid) return mid + 1;
      if (value < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Called by the store notifier (after commit); only queues. */
  queue(change: StoreChange): void {
    if ('mailboxId' in change && change.mailboxId === this.mailbox.id) this.pending.push(change);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Records flags this session just reported itself, so the echo of its own change is not re-sent. */
  noteFlags(uid: number, state: MessageState): void {
    if (this.states.has(uid)) this.states.set(uid, state);
  }

  /**
   * Applies queued changes and returns the untagged responses to send. With `allowExpunge`
   * false, expunges (and everything after them) stay queued for a later safe point.
   */
  flush(store: MailStore, options: { allowExpunge: boolean; condstore: boolean }): string[] {
    const lines: string[] = [];
    let grew = false;
    const announceExists = () => {
      if (!grew) return;
      grew = false;
      lines.push(`${this.uids.length} EXISTS`);
      // The first session to see new mail owns it as \Recent (RFC 3501 2.3.2); an EXAMINE
      // session shows it as \Recent without taking it.
      const claimed = this.readOnly ? store.peekRecent(this.mailbox.id) : store.claimRecent(this.mailbox.id);
      for (const uid of this.uids) if (uid >= claimed.from && uid < claimed.to) this.recent.add(uid);
      lines.push(`${this.recent.size} RECENT`);
    };
    let index = 0;
    for (; index < this.pending.length; index++) {
      const change = this.pending[index]!;
      if (change.kind === 'exists') {
        const last = this.uids[this.uids.length - 1] ?? 0;
        if (change.uid > last) {
          this.uids.push(change.uid);
          this.states.set(change.uid, { flags: change.flags, keywords: change.keywords, modseq: change.modseq });
          grew = true;
        }
      } else if (change.kind === 'expunge') {
        if (!options.allowExpunge) break;
        announceExists();
        for (const uid of change.uids) {
          const seq = this.seqOf(uid);
          if (seq === 0) continue;
          this.uids.splice(seq - 1, 1);
          this.states.delete(uid);
          this.recent.delete(uid);
          lines.push(`${seq} EXPUNGE`);
        }
      } else if (change.kind === 'flags') {
        announceExists();
        const known = this.states.get(change.uid);
        if (!known) continue;
        if (known.flags === change.flags && known.keywords === change.keywords) {
          known.modseq = Math.max(known.modseq, change.modseq);
          continue;
        }
        this.states.set(change.uid, { flags: change.flags, keywords: change.keywords, modseq: change.modseq });
        const seq = this.seqOf(change.uid);
        const modseq = options.condstore ? ` MODSEQ (${change.modseq})` : '';
        lines.push(`${seq} FETCH (UID ${change.uid} FLAGS (${this.flagList(change.uid, change.flags, change.keywords)})${modseq})`);
      }
    }
    announceExists();
    this.pending = this.pending.slice(index);
    return lines;
  }

  /** FLAGS as this session shows them: stored flags plus \Recent when this session owns it. */
  flagList(uid: number, flags: number, keywords: string): string {
    const names = flagNames(flags, keywords);
    if (this.recent.has(uid)) names.push('\\Recent');
    return names.join(' ');
  }
}
