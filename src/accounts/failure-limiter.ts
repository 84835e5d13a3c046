/**
 * Sliding-window failure counter for sign-in, keyed by account (`account:<login>`) or client
 * address (`ip:<address>`). Kept in the database, not in memory, because the web, IMAP and
 * SMTP AUTH must share one count (a guesser gains nothing by switching protocol) and the
 * webmail runs in a thread of its own with its own connection; the count also outlives a
 * restart. Failures are rare and slowed down, so a write per failure costs nothing that matters.
 */
import type { Db } from '../db/database.js';

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failures kept at most, so a flood from many addresses cannot fill the disk. */
export const MAX_TRACKED_FAILURES = 100_000;
/** Expired failures are deleted every this many records (one cheap DELETE by index). */
const PURGE_EVERY_RECORDS = 500;

export class FailureLimiter {
  private readonly stmt;
  private recordsSincePurge = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.stmt = {
      count: db.prepare(`SELECT count(*) FROM auth_failures WHERE key = ? AND at > ?`).pluck(true),
      record: db.prepare(`INSERT INTO auth_failures (key, at) VALUES (?, ?)`),
      clear: db.prepare(`DELETE FROM auth_failures WHERE key = ?`),
      purgeExpired: db.prepare(`DELETE FROM auth_failures WHERE at <= ?`),
      purgeOldest: db.prepare(
        `DELETE FROM auth_failures WHERE rowid IN (SELECT rowid FROM auth_failures ORDER BY at LIMIT max(0, (SELECT count(*) FROM auth_failures) - ?))`,
      ),
    };
  }

  count(key: string): number {
    return this.stmt.count.get(key, this.now() - FAILURE_WINDOW_MS) as number;
  }

  record(key: string): void {
    this.stmt.record.run(key, this.now());
    if (++this.recordsSincePurge >= PURGE_EVERY_RECORDS) this.purge();
  }

  clear(key: string): void {
    this.stmt.clear.run(key);
  }

  /** Deletes expired failures, then the oldest ones beyond the cap. */
  purge(): void {
    this.recordsSincePurge = 0;
    this.db.transaction(() => {
      this.stmt.purgeExpired.run(this.now() - FAILURE_WINDOW_MS);
      this.stmt.purgeOldest.run(MAX_TRACKED_FAILURES);
    })();
  }
}
