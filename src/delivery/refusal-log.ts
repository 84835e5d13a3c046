/**
 * The delivery log of refusals (issue 21): each recipient an SMTP client could not deliver to
 * a local mailbox, with the reply it got. Written by the inbound and submission servers, read
 * by the admins' console, `webmel quota refusals` and /metrics.
 *
 * Records are written a second at a time in one transaction, not one fsync each: a flood of
 * mail to unknown addresses must not slow the SMTP side down. A crash loses at most that
 * second of log, never a message (the log is not the mail).
 */
import type { Db } from '../db/database.js';

export type RefusalReason = 'full' | 'unknown' | 'disabled' | 'relay';

export interface Refusal {
  at: number;
  recipient: string;
  accountId: number | null;
  sender: string;
  size: number;
  code: string;
  reason: RefusalReason;
}

/** Kept this long (issue 21), then purged by the hourly clean-up. */
export const REFUSAL_RETENTION_DAYS = 30;
const FLUSH_MS = 1000;
/** A burst larger than this is written at once rather than held in memory. */
const MAX_PENDING = 5000;

export class RefusalLog {
  private pending: Refusal[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly stmt;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO delivery_refusals (at, recipient, account_id, sender, size, code, reason)
         VALUES (@at, @recipient, @accountId, @sender, @size, @code, @reason)`,
      ),
      since: db.prepare(
        `SELECT at, recipient, account_id AS accountId, sender, size, code, reason FROM delivery_refusals
         WHERE at >= @since AND (@reason IS NULL OR reason = @reason) AND (@accountId IS NULL OR account_id = @accountId)
         ORDER BY at DESC, id DESC LIMIT @limit`,
      ),
      count: db.prepare(`SELECT count(*) FROM delivery_refusals WHERE at >= ? AND (? IS NULL OR reason = ?)`).pluck(),
      byCode: db.prepare(`SELECT code, count(*) AS n FROM delivery_refusals WHERE at >= ? GROUP BY code ORDER BY code`),
      purge: db.prepare(`DELETE FROM delivery_refusals WHERE at < ?`),
    };
  }

  record(refusal: Omit<Refusal, 'at'> & { at?: number }): void {
    this.pending.push({ ...refusal, at: refusal.at ?? Date.now(), recipient: refusal.recipient.toLowerCase().slice(0, 320), sender: refusal.sender.slice(0, 320) });
    if (this.pending.length >= MAX_PENDING) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes what waits (the next read, a shutdown). A failure (a full disk) drops this second's records. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => {
        for (const refusal of batch) this.stmt.insert.run(refusal);
      }).immediate();
    } catch (err) {
      this.onError(err);
    }
  }

  /** The newest refusals since `since` (ms), optionally of one reason or one account. */
  list(options: { since: number; reason?: RefusalReason; accountId?: number; limit?: number }): Refusal[] {
    this.flush();
    return this.stmt.since.all({ since: options.since, reason: options.reason ?? null, accountId: options.accountId ?? null, limit: options.limit ?? 1000 }) as Refusal[];
  }

  count(since: number, reason: RefusalReason | null = null): number {
    this.flush();
    return this.stmt.count.get(since, reason, reason) as number;
  }

  /** How many of each reply code since `since` (/metrics). */
  countsByCode(since: number): Array<{ code: string; n: number }> {
    this.flush();
    return this.stmt.byCode.all(since) as Array<{ code: string; n: number }>;
  }

  /** Refusals per local account since `since` (the console's « refusé récemment »). */
  countsByAccount(since: number, reason: RefusalReason | null = null): Map<number, number> {
    this.flush();
    const rows = this.db
      .prepare(`SELECT account_id, count(*) FROM delivery_refusals WHERE at >= ? AND account_id IS NOT NULL AND (? IS NULL OR reason = ?) GROUP BY account_id`)
      .raw()
      .all(since, reason, reason) as Array<[number, number]>;
    return new Map(rows);
  }

  purgeExpired(now = Date.now()): number {
    this.flush();
    return this.stmt.purge.run(now - REFUSAL_RETENTION_DAYS * 86_400_000).changes;
  }
}
