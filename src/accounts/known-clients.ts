/**
 * The clients an account has signed in from successfully, so that a guesser spread over many
 * addresses (failure-limiter.ts, the 24-hour rule) cannot shut its owner out: past the limit,
 * only unknown clients are refused.
 *
 * - IMAP and SMTP clients are known by address, for 30 days after their last sign-in.
 * - Browsers carry a device cookie (OWASP « device cookies »): a random token the server issued,
 *   stored here only as its SHA-256, so a stolen database does not give working cookies. One
 *   browser keeps one token for every account signed in from it (a shared school computer).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { withoutWaitingForDisk } from '../db/relaxed-sync.js';
import { isStorageFailure } from '../disk/disk-full.js';
import { silentLogger, type Logger } from '../log/logger.js';

export const KNOWN_ADDRESS_MS = 30 * 24 * 3600 * 1000;
/** A browser stays known this long after its last sign-in (the cookie's Max-Age, below browsers' 400-day cap). */
export const KNOWN_BROWSER_MS = 365 * 24 * 3600 * 1000;
/** A token is 32 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** Stale rows are deleted every this many sign-ins. */
const PURGE_EVERY_REMEMBERS = 500;

type Kind = 'address' | 'browser';

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class KnownClients {
  private readonly stmt;
  private remembersSincePurge = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly log: Logger = silentLogger,
  ) {
    this.stmt = {
      knows: db
        .prepare(`SELECT 1 FROM auth_known_clients WHERE kind = ? AND value = ? AND account_id = ? AND last_seen_at > ?`)
        .pluck(true),
      issued: db.prepare(`SELECT 1 FROM auth_known_clients WHERE kind = 'browser' AND value = ? LIMIT 1`).pluck(true),
      remember: db.prepare(
        `INSERT INTO auth_known_clients (kind, value, account_id, last_seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, value, account_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
      ),
      purge: db.prepare(`DELETE FROM auth_known_clients WHERE kind = ? AND last_seen_at <= ?`),
    };
  }

  knowsAddress(accountId: number, ip: string): boolean {
    return this.knows('address', ip, accountId, KNOWN_ADDRESS_MS);
  }

  knowsBrowser(accountId: number, token: string | null): boolean {
    return token !== null && TOKEN.test(token) && this.knows('browser', tokenHash(token), accountId, KNOWN_BROWSER_MS);
  }

  rememberAddress(accountId: number, ip: string): void {
    this.remember('address', ip, accountId);
  }

  /**
   * Remembers the browser for the account and returns the token its cookie should carry: the
   * one it has if this server issued it, a new one otherwise (a value the server never issued
   * could have been planted by someone who knows it).
   */
  rememberBrowser(accountId: number, token: string | null): string {
    const kept = token !== null && TOKEN.test(token) && this.stmt.issued.get(tokenHash(token)) !== undefined ? token : null;
    const issued = kept ?? randomBytes(32).toString('base64url');
    this.remember('browser', tokenHash(issued), accountId);
    return issued;
  }

  private knows(kind: Kind, value: string, accountId: number, lifetimeMs: number): boolean {
    return this.stmt.knows.get(kind, value, accountId, this.now() - lifetimeMs) !== undefined;
  }

  private remember(kind: Kind, value: string, accountId: number): void {
    try {
      // Rebuilt by the next sign-in if a power cut loses it: no need to wait for the disk.
      withoutWaitingForDisk(this.db, () => this.stmt.remember.run(kind, value, accountId, this.now()));
    } catch (err) {
      // A full disk must not turn a successful sign-in into an error; the next one remembers.
      if (!isStorageFailure(err)) throw err;
      this.log.warn({ err }, 'signed-in client not remembered: the database cannot be written');
      return;
    }
    if (++this.remembersSincePurge >= PURGE_EVERY_REMEMBERS) this.purge();
  }

  purge(): void {
    this.remembersSincePurge = 0;
    const now = this.now();
    withoutWaitingForDisk(this.db, () =>
      this.db.transaction(() => {
        this.stmt.purge.run('address', now - KNOWN_ADDRESS_MS);
        this.stmt.purge.run('browser', now - KNOWN_BROWSER_MS);
      })(),
    );
  }
}
