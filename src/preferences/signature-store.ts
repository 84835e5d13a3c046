/**
 * Each user's signature, added below new messages, replies and forwards (after the RFC 3676 4.3
 * « -- » separator). The only module with SQL on `web_compose_prefs` (migration 5).
 */
import type { Db } from '../db/database.js';

/** A signature is a few lines (name, fonction, school, phone), not a newsletter. */
export const MAX_SIGNATURE_CHARS = 2000;

export class SignatureStore {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      get: db.prepare(`SELECT signature FROM web_compose_prefs WHERE account_id = ?`),
      set: db.prepare(
        `INSERT INTO web_compose_prefs (account_id, signature, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET signature = excluded.signature, updated_at = excluded.updated_at`,
      ),
    };
  }

  get(accountId: number): string {
    return (this.stmt.get.get(accountId) as { signature: string } | undefined)?.signature ?? '';
  }

  /** Stores the signature with line ends normalised, controls removed and its length bounded. */
  set(accountId: number, signature: string): string {
    const clean = signature
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\s+$/, '')
      .slice(0, MAX_SIGNATURE_CHARS);
    this.stmt.set.run(accountId, clean, Date.now());
    return clean;
  }
}
