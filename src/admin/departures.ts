/**
 * Departures (issue 21; CNIL practice, shared/domain.md §6.4): the agent's sign-in is blocked
 * at once; until `reply_until` the mailbox still receives and answers each sender, once a
 * week, that the agent has left and whom to write to; then the hourly clean-up deletes the
 * mailbox and frees its space.
 */
import type { Db } from '../db/database.js';

export interface Departure {
  accountId: number;
  departedAt: number;
  replyUntil: number;
  successor: string | null;
}

export class Departures {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      get: db.prepare(`SELECT account_id AS accountId, departed_at AS departedAt, reply_until AS replyUntil, successor FROM admin_departures WHERE account_id = ?`),
      insert: db.prepare(
        `INSERT INTO admin_departures (account_id, departed_at, reply_until, successor) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET reply_until = excluded.reply_until, successor = excluded.successor`,
      ),
      due: db.prepare(`SELECT account_id FROM admin_departures WHERE reply_until <= ?`).pluck(),
      remove: db.prepare(`DELETE FROM admin_departures WHERE account_id = ?`),
    };
  }

  get(accountId: number): Departure | null {
    return (this.stmt.get.get(accountId) as Departure | undefined) ?? null;
  }

  record(departure: Departure): void {
    this.stmt.insert.run(departure.accountId, departure.departedAt, departure.replyUntil, departure.successor);
  }

  /** Accounts whose automatic reply has ended: their mailbox is to be deleted. */
  due(now: number): number[] {
    return this.stmt.due.all(now) as number[];
  }

  /** Taken back (the agent came back, an admin re-enabled the account). */
  remove(accountId: number): void {
    this.stmt.remove.run(accountId);
  }
}
