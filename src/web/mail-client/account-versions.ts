/**
 * Per-account change counters that tell the webmail whether what it memoised over IMAP is still
 * current: `structure` moves when messages come or go or folders change, `flags` on every flag
 * change (src/web/mail-client/imap-pool.ts).
 *
 * They live in shared memory because the webmail runs in a thread of its own (web-thread.ts):
 * the thread that commits a change bumps them synchronously, before its IMAP server answers the
 * command that made it, so when the webmail reads that answer it already sees the new counts,
 * exactly as an in-process listener would, with no message in flight to wait for.
 *
 * Accounts share a fixed number of slots: two accounts in one slot only see each other's changes
 * as spurious ones (a needless refresh), never miss one.
 */
import type { ChangeNotifier, StoreChange } from '../../store/changes.js';

/** 65,536 slots × 2 counters × 4 bytes = 512 KiB: an académie's accounts rarely share one. */
export const VERSION_SLOTS = 1 << 16;

export class AccountVersions {
  private readonly counters: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(VERSION_SLOTS * 2 * Int32Array.BYTES_PER_ELEMENT)) {
    this.counters = new Int32Array(buffer);
  }

  /** Counters that follow `notifier` (the store's, in the thread that writes). */
  static following(notifier: ChangeNotifier): { versions: AccountVersions; stop: () => void } {
    const versions = new AccountVersions();
    const stop = notifier.subscribeAll((change) => versions.record(change));
    return { versions, stop };
  }

  private slot(accountId: number): number {
    return (accountId % VERSION_SLOTS) * 2;
  }

  structure(accountId: number): number {
    return Atomics.load(this.counters, this.slot(accountId));
  }

  flags(accountId: number): number {
    return Atomics.load(this.counters, this.slot(accountId) + 1);
  }

  /** Counts one committed change (usage changes move neither counter: nothing memoised shows usage). */
  record(change: StoreChange): void {
    if (change.kind === 'usage') return;
    Atomics.add(this.counters, this.slot(change.accountId) + (change.kind === 'flags' ? 1 : 0), 1);
  }
}
