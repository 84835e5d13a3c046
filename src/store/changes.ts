/**
 * Store changes, published to listeners only after the transaction that made them has
 * committed: an IMAP session never announces a message a rollback could take back.
 */
export type StoreChange =
  | { kind: 'exists'; accountId: number; mailboxId: number; uid: number; modseq: number; flags: number; keywords: string }
  | { kind: 'expunge'; accountId: number; mailboxId: number; uids: number[]; modseq: number }
  | {
      kind: 'flags';
      accountId: number;
      mailboxId: number;
      uid: number;
      flags: number;
      keywords: string;
      modseq: number;
    }
  | { kind: 'mailboxes'; accountId: number }
  | { kind: 'usage'; accountId: number; usedBytes: number };

export type ChangeListener = (change: StoreChange) => void;

export class ChangeNotifier {
  /** `onListenerError` reports a faulty listener; the others and the writer carry on. */
  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  private readonly byAccount = new Map<number, Set<ChangeListener>>();
  private readonly everyAccount = new Set<ChangeListener>();

  /** Listen to one account's changes; returns the function that stops listening. */
  subscribe(accountId: number, listener: ChangeListener): () => void {
    let listeners = this.byAccount.get(accountId);
    if (!listeners) this.byAccount.set(accountId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.byAccount.delete(accountId);
    };
  }

  /** Listen to every account (quota warnings, the web's live updates). */
  subscribeAll(listener: ChangeListener): () => void {
    this.everyAccount.add(listener);
    return () => this.everyAccount.delete(listener);
  }

  publish(changes: readonly StoreChange[]): void {
    for (const change of changes) {
      for (const listener of this.byAccount.get(change.accountId) ?? []) this.call(listener, change);
      for (const listener of this.everyAccount) this.call(listener, change);
    }
  }

  private call(listener: ChangeListener, change: StoreChange): void {
    try {
      listener(change);
    } catch (err) {
      this.onListenerError(err);
    }
  }
}
