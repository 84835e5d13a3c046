/**
 * The sign-in attempt counter shared by the web, IMAP and SMTP AUTH, whatever thread or process
 * checks a password (the webmail runs in a thread of its own with its own connection, the CLI is
 * another process): it lives in SQLite, and each attempt is reserved in one `BEGIN IMMEDIATE`
 * transaction that counts and inserts, before the password is checked. A burst of N parallel
 * attempts therefore counts N before any is verified, and only the first ones the limits allow
 * reach a password at all.
 *
 * Attempts are counted per (account, client address) pair and per address, over 15 minutes.
 * An attempt the limits refuse is counted too, so an address that keeps trying stays refused.
 * A correct password drops its reservation and the pair's earlier failures; what is left are
 * failures. Nothing is counted per account alone over 15 minutes: a guesser elsewhere must not
 * lock the owner out (issue 15). Against a guesser spread over many addresses, the account's
 * failures over 24 hours are counted as well (NIST SP 800-63B §5.2.2: no more than 100), and
 * past that the caller refuses clients the account does not know (known-clients.ts).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { withoutWaitingForDisk } from '../db/relaxed-sync.js';
import { isStorageFailure } from '../disk/disk-full.js';
import { silentLogger, type Logger } from '../log/logger.js';

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Guesses at one account from one address per window: enough for typos, too few to guess a NUMEN. */
export const MAX_FAILURES_PER_PAIR = 10;
/** Per client address, all accounts together: a school behind one NAT address has many honest users. */
export const MAX_FAILURES_PER_IP = 50;
/** NIST SP 800-63B §5.2.2: failed attempts on one account, from anywhere, over this window… */
export const ACCOUNT_WINDOW_MS = 24 * 3600 * 1000;
/** …beyond which only the clients the account knows may still sign in. */
export const MAX_ACCOUNT_FAILURES = 100;
/** Attempts kept at most, so a flood from many addresses cannot fill the disk. */
export const MAX_TRACKED_ATTEMPTS = 100_000;
/** Expired attempts are deleted every this many reservations (one cheap DELETE by index). */
const PURGE_EVERY_RESERVATIONS = 500;

export interface Attempt {
  /** What is guessed at: an account's login, or a stand-in for a login no account has (`attemptKey`). */
  key: string;
  ip: string;
  /**
   * Whether the 24-hour account rule may refuse this attempt: not for a client the account
   * already knows, a signed-in user proving it again, or the webmail's own identity.
   */
  guardAccount: boolean;
}

export type Reservation =
  /** `id` is null when the disk could not take the reservation (see reserve). */
  | { allowed: true; id: number | null; pairFailures: number }
  | { allowed: false; pairFailures: number; limit: 'pair' | 'address' | 'account' };

export interface LockedAccount {
  login: string;
  failures: number;
  addresses: number;
  since: number;
  last: number;
}

export interface LimitedAddress {
  address: string;
  attempts: number;
  since: number;
  /** Past MAX_FAILURES_PER_IP: refused for every account. */
  everywhere: boolean;
  /** Existing accounts this address is refused for (past MAX_FAILURES_PER_PAIR). */
  accounts: Array<{ login: string; attempts: number; since: number }>;
  /** Pairs over the limit whose login names no account. */
  unknownLogins: number;
}

/**
 * The key of a typed login no account has: hashed, because people type their password into the
 * login field, and a password must never be stored. `:` never appears in a login.
 */
export function unknownLoginKey(folded: string): string {
  return `unknown:${createHash('sha256').update(folded).digest('hex').slice(0, 32)}`;
}

export class FailureLimiter {
  private readonly stmt;
  private reservationsSincePurge = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly log: Logger = silentLogger,
  ) {
    this.stmt = {
      countPair: db.prepare(`SELECT count(*) FROM auth_attempts WHERE account = ? AND ip = ? AND at > ?`).pluck(true),
      countIp: db.prepare(`SELECT count(*) FROM auth_attempts WHERE ip = ? AND at > ?`).pluck(true),
      countAccount: db
        .prepare(`SELECT count(*) FROM auth_attempts WHERE account = ? AND checked = 1 AND at > ?`)
        .pluck(true),
      insert: db.prepare(`INSERT INTO auth_attempts (account, ip, at, checked) VALUES (?, ?, ?, ?)`),
      releasePair: db.prepare(`DELETE FROM auth_attempts WHERE account = ? AND ip = ? AND (id = ? OR checked = 1)`),
      clearAccount: db.prepare(`DELETE FROM auth_attempts WHERE account = ?`),
      purgeExpired: db.prepare(`DELETE FROM auth_attempts WHERE at <= ?`),
      purgeOldest: db.prepare(
        `DELETE FROM auth_attempts WHERE id IN (SELECT id FROM auth_attempts ORDER BY at LIMIT max(0, (SELECT count(*) FROM auth_attempts) - ?))`,
      ),
      lockedAccounts: db.prepare(
        `SELECT f.account AS login, count(*) AS failures, count(DISTINCT f.ip) AS addresses, min(f.at) AS since, max(f.at) AS last
         FROM auth_attempts f JOIN accounts a ON a.login = f.account
         WHERE f.checked = 1 AND f.at > ? GROUP BY f.account HAVING count(*) > ? ORDER BY failures DESC`,
      ),
      addressTotals: db.prepare(
        `SELECT ip, count(*) AS attempts, min(at) AS since FROM auth_attempts WHERE at > ? GROUP BY ip`,
      ),
      limitedPairs: db.prepare(
        `SELECT f.ip, f.account, a.login, count(*) AS attempts, min(f.at) AS since
         FROM auth_attempts f LEFT JOIN accounts a ON a.login = f.account
         WHERE f.at > ? GROUP BY f.ip, f.account HAVING count(*) >= ?`,
      ),
    };
  }

  /**
   * Counts the attempt and says whether its password may be checked, atomically across threads
   * and processes. A refused attempt is counted too (not as a checked guess). Commits without
   * waiting for the disk (relaxed-sync.ts): a power cut may forget the last attempts, which
   * costs a guesser's budget nothing worth a fsync per attempt under a flood.
   *
   * On a full or failing disk the limits are only read, and the attempt goes uncounted: people
   * must still be able to sign in and delete mail to make room (issue 15), and a guesser gains
   * no more than what the disk failure lasts.
   */
  reserve(attempt: Attempt): Reservation {
    let reservation: Reservation;
    try {
      reservation = withoutWaitingForDisk(this.db, () =>
        this.db
          .transaction((): Reservation => {
            const now = this.now();
            const { pairFailures, limit } = this.limits(attempt, now);
            const info = this.stmt.insert.run(attempt.key, attempt.ip, now, limit === null ? 1 : 0);
            return limit === null ? { allowed: true, id: Number(info.lastInsertRowid), pairFailures } : { allowed: false, pairFailures, limit };
          })
          .immediate(),
      );
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      this.log.warn({ err }, 'sign-in attempt not counted: the database cannot be written');
      const { pairFailures, limit } = this.limits(attempt, this.now());
      return limit === null ? { allowed: true, id: null, pairFailures } : { allowed: false, pairFailures, limit };
    }
    if (++this.reservationsSincePurge >= PURGE_EVERY_RESERVATIONS) this.purgeUnlessDiskFails();
    return reservation;
  }

  /** Which limit, if any, refuses the attempt now. */
  private limits(attempt: Attempt, now: number): { pairFailures: number; limit: 'pair' | 'address' | 'account' | null } {
    const windowStart = now - FAILURE_WINDOW_MS;
    const pairFailures = this.stmt.countPair.get(attempt.key, attempt.ip, windowStart) as number;
    if (pairFailures >= MAX_FAILURES_PER_PAIR) return { pairFailures, limit: 'pair' };
    if ((this.stmt.countIp.get(attempt.ip, windowStart) as number) >= MAX_FAILURES_PER_IP) return { pairFailures, limit: 'address' };
    if (attempt.guardAccount && this.accountFailures(attempt.key, now) > MAX_ACCOUNT_FAILURES) return { pairFailures, limit: 'account' };
    return { pairFailures, limit: null };
  }

  /**
   * The password was right: the reservation goes, and so do the pair's earlier failures (the
   * owner's typos). Refused attempts stay, and so does every other pair: a guesser who knows one
   * password cannot buy back the address's budget with it.
   */
  release(attempt: Attempt, reservationId: number | null): void {
    try {
      withoutWaitingForDisk(this.db, () => this.stmt.releasePair.run(attempt.key, attempt.ip, reservationId));
    } catch (err) {
      // A full disk: the reservation stays and counts as a failure, which a sign-in survives.
      if (!isStorageFailure(err)) throw err;
      this.log.warn({ err }, 'sign-in reservation not released: the database cannot be written');
    }
  }

  /** Checked guesses at `key` over the last 24 hours, from every address. */
  accountFailures(key: string, now = this.now()): number {
    return this.stmt.countAccount.get(key, now - ACCOUNT_WINDOW_MS) as number;
  }

  /** Accounts past MAX_ACCOUNT_FAILURES over 24 hours (`webmel user lockouts`). */
  lockedAccounts(): LockedAccount[] {
    return this.stmt.lockedAccounts.all(this.now() - ACCOUNT_WINDOW_MS, MAX_ACCOUNT_FAILURES) as LockedAccount[];
  }

  /** Addresses refused right now, for every account or for some (`webmel user lockouts`). */
  limitedAddresses(): LimitedAddress[] {
    const windowStart = this.now() - FAILURE_WINDOW_MS;
    const byIp = new Map<string, LimitedAddress>();
    const totals = this.stmt.addressTotals.all(windowStart) as Array<{ ip: string; attempts: number; since: number }>;
    for (const total of totals) {
      byIp.set(total.ip, { address: total.ip, attempts: total.attempts, since: total.since, everywhere: total.attempts >= MAX_FAILURES_PER_IP, accounts: [], unknownLogins: 0 });
    }
    const pairs = this.stmt.limitedPairs.all(windowStart, MAX_FAILURES_PER_PAIR) as Array<{ ip: string; login: string | null; attempts: number; since: number }>;
    for (const pair of pairs) {
      const entry = byIp.get(pair.ip)!;
      if (pair.login === null) entry.unknownLogins++;
      else entry.accounts.push({ login: pair.login, attempts: pair.attempts, since: pair.since });
    }
    return [...byIp.values()].filter((entry) => entry.everywhere || entry.accounts.length > 0 || entry.unknownLogins > 0);
  }

  /** `webmel user unlock`: forgets every attempt at the account, from every address. */
  clearAccount(key: string): number {
    return this.stmt.clearAccount.run(key).changes;
  }

  private purgeUnlessDiskFails(): void {
    try {
      this.purge();
    } catch (err) {
      if (!isStorageFailure(err)) throw err;
      this.log.warn({ err }, 'old sign-in attempts not purged: the database cannot be written');
    }
  }

  /** Deletes attempts too old for any rule, then the oldest ones beyond the cap. */
  purge(): void {
    this.reservationsSincePurge = 0;
    withoutWaitingForDisk(this.db, () =>
      this.db.transaction(() => {
        this.stmt.purgeExpired.run(this.now() - ACCOUNT_WINDOW_MS);
        this.stmt.purgeOldest.run(MAX_TRACKED_ATTEMPTS);
      }).immediate(),
    );
  }
}
