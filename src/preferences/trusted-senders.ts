/**
 * « Toujours afficher les images de cet expéditeur »: per-account list of senders whose remote
 * images load without asking. The only module with SQL on `web_trusted_senders`.
 */
import type { Db } from '../db/database.js';

/** A reader trusts this many senders at most, so the table cannot grow without bound. */
export const MAX_TRUSTED_SENDERS = 500;
/** RFC 5321 4.5.3.1.3: a path is at most 256 octets. */
const MAX_ADDRESS_CHARS = 256;

export class TrustedSenders {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      has: db.prepare(`SELECT 1 FROM web_trusted_senders WHERE account_id = ? AND address = ?`),
      list: db.prepare(`SELECT address FROM web_trusted_senders WHERE account_id = ? ORDER BY address`),
      count: db.prepare(`SELECT count(*) AS n FROM web_trusted_senders WHERE account_id = ?`),
      add: db.prepare(`INSERT OR IGNORE INTO web_trusted_senders (account_id, address, created_at) VALUES (?, ?, ?)`),
      remove: db.prepare(`DELETE FROM web_trusted_senders WHERE account_id = ? AND address = ?`),
    };
  }

  private static normalize(address: string): string | null {
    const value = address.trim().toLowerCase();
    return value.length > 0 && value.length <= MAX_ADDRESS_CHARS && value.includes('@') && !/\s/.test(value) ? value : null;
  }

  trusts(accountId: number, address: string | null | undefined): boolean {
    const value = address ? TrustedSenders.normalize(address) : null;
    return value !== null && Boolean(this.stmt.has.get(accountId, value));
  }

  list(accountId: number): string[] {
    return (this.stmt.list.all(accountId) as Array<{ address: string }>).map((row) => row.address);
  }

  /** Returns false when the address is invalid or the list is full. */
  add(accountId: number, address: string): boolean {
    const value = TrustedSenders.normalize(address);
    if (value === null) return false;
    if ((this.stmt.count.get(accountId) as { n: number }).n >= MAX_TRUSTED_SENDERS) return false;
    this.stmt.add.run(accountId, value, Date.now());
    return true;
  }

  remove(accountId: number, address: string): void {
    const value = TrustedSenders.normalize(address);
    if (value !== null) this.stmt.remove.run(accountId, value);
  }
}
