/**
 * Connections held per client address (see client-address.ts): what the per-address limits of
 * SMTP and IMAP count. Acquire when a connection is admitted, release exactly once when it
 * stops counting (closed, or for IMAP authenticated).
 */
export class AddressSlots {
  private readonly byAddress = new Map<string, number>();
  private count = 0;

  /** Connections held by `key`. */
  held(key: string): number {
    return this.byAddress.get(key) ?? 0;
  }

  /** Connections held by all addresses. */
  get total(): number {
    return this.count;
  }

  /** Addresses holding at least one connection. */
  get holders(): number {
    return this.byAddress.size;
  }

  /** Counts one more connection for `key`; returns the release, which only works once. */
  acquire(key: string): () => void {
    this.byAddress.set(key, this.held(key) + 1);
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.count--;
      const left = this.held(key) - 1;
      if (left > 0) this.byAddress.set(key, left);
      else this.byAddress.delete(key);
    };
  }
}
