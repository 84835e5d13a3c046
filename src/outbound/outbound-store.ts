/**
 * The durable outbound queue: a message accepted for an outside address (or held for a
 * delayed send) is kept here until it is delivered or given up. The only module with SQL on
 * `outbound_messages` / `outbound_recipients`; the runner that drains it is queue-runner.ts.
 *
 * A recipient row is `queued` until `sent` or `failed`. There is no « in progress » status:
 * a delivery attempt first *claims* its rows by counting the attempt and moving
 * `next_attempt_at` to when the next try would be due had it failed. A crash during the
 * attempt therefore looks like a temporary failure: the row is tried again on schedule
 * (at most one duplicate, never a loss). On `sent`/`failed` rows `next_attempt_at` is the
 * time the outcome was recorded.
 */
import type { Db } from '../db/database.js';

export type RecipientStatus = 'queued' | 'sent' | 'failed';

export interface QueuedRecipient {
  id: number;
  messageId: number;
  address: string;
  status: RecipientStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  delayWarned: boolean;
}

export interface QueuedMessage {
  id: number;
  sender: string;
  createdAt: number;
  sendAfter: number;
  size: number;
}

export interface StoredMessage extends Omit<QueuedMessage, 'size'> {
  raw: Buffer;
}

/** A claimed row and what the runner needs of its message. */
export interface ClaimedRecipient extends QueuedRecipient {
  sender: string;
  createdAt: number;
  sendAfter: number;
}

const RECIPIENT_COLUMNS = `r.id, r.message_id AS messageId, r.address, r.status, r.attempts,
  r.next_attempt_at AS nextAttemptAt, r.last_error AS lastError, r.delay_warned AS delayWarned`;

type RawRecipient<T extends QueuedRecipient> = Omit<T, 'delayWarned'> & { delayWarned: number };

function toRecipient<T extends QueuedRecipient>(row: RawRecipient<T>): T {
  return { ...row, delayWarned: row.delayWarned === 1 } as T;
}

export class OutboundStore {
  private readonly listeners = new Set<() => void>();
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insertMessage: db.prepare(`INSERT INTO outbound_messages (sender, raw, created_at, send_after) VALUES (?, ?, ?, ?)`),
      insertRecipient: db.prepare(`INSERT INTO outbound_recipients (message_id, address, next_attempt_at) VALUES (?, ?, ?)`),
      recipients: db.prepare(`SELECT ${RECIPIENT_COLUMNS} FROM outbound_recipients r WHERE r.message_id = ? ORDER BY r.id`),
      pendingCount: db.prepare(`SELECT count(*) AS n FROM outbound_recipients WHERE status = 'queued'`),
      message: db.prepare(
        `SELECT id, sender, raw, created_at AS createdAt, send_after AS sendAfter FROM outbound_messages WHERE id = ?`,
      ),
      due: db.prepare(
        `SELECT ${RECIPIENT_COLUMNS}, m.sender, m.created_at AS createdAt, m.send_after AS sendAfter
         FROM outbound_recipients r JOIN outbound_messages m ON m.id = r.message_id
         WHERE r.status = 'queued' AND r.next_attempt_at <= ?
         ORDER BY r.next_attempt_at, r.id LIMIT ?`,
      ),
      claim: db.prepare(`UPDATE outbound_recipients SET attempts = ?, next_attempt_at = ? WHERE id = ?`),
      nextDue: db.prepare(`SELECT min(next_attempt_at) AS due FROM outbound_recipients WHERE status = 'queued'`),
      markSent: db.prepare(`UPDATE outbound_recipients SET status = 'sent', next_attempt_at = ?, last_error = NULL WHERE id = ?`),
      markDeferred: db.prepare(`UPDATE outbound_recipients SET last_error = ? WHERE id = ? AND status = 'queued'`),
      markFailed: db.prepare(`UPDATE outbound_recipients SET status = 'failed', next_attempt_at = ?, last_error = ? WHERE id = ?`),
      markDelayWarned: db.prepare(`UPDATE outbound_recipients SET delay_warned = 1 WHERE id = ?`),
      deleteIfAllSent: db.prepare(
        `DELETE FROM outbound_messages WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM outbound_recipients WHERE message_id = ? AND status != 'sent')`,
      ),
      ownMessage: db.prepare(`SELECT id FROM outbound_messages WHERE id = ? AND lower(sender) = lower(?) AND sender != ''`),
      started: db.prepare(`SELECT 1 FROM outbound_recipients WHERE message_id = ? AND (attempts > 0 OR status != 'queued')`),
      deleteMessage: db.prepare(`DELETE FROM outbound_messages WHERE id = ?`),
      list: db.prepare(
        `SELECT id, sender, created_at AS createdAt, send_after AS sendAfter, length(raw) AS size
         FROM outbound_messages ORDER BY id`,
      ),
      resetAge: db.prepare(`UPDATE outbound_messages SET send_after = ? WHERE id = ?`),
      requeue: db.prepare(
        `UPDATE outbound_recipients SET status = 'queued', attempts = 0, next_attempt_at = ?
         WHERE message_id = ? AND status != 'sent'`,
      ),
      purge: db.prepare(
        `DELETE FROM outbound_messages WHERE id IN (
           SELECT message_id FROM outbound_recipients GROUP BY message_id
           HAVING sum(status = 'queued') = 0 AND max(next_attempt_at) < ?)`,
      ),
    };
  }

  /**
   * Runs `fn` in a transaction, or directly inside the caller's: a nested better-sqlite3
   * transaction is a savepoint, whose statement journal costs a temporary file per write.
   */
  private atomically<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  /**
   * Calls `listener` after each enqueue, once the enclosing transaction has committed (a
   * microtask later: better-sqlite3 transactions never span an await). The runner wakes up.
   */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queues one message for the given recipients, due at `sendAfter`; returns its id. One row per
   * distinct address, case aside (as submission's RCPT handling), keeping the first spelling: a
   * recipient named twice is sent one copy.
   */
  enqueue(sender: string, recipients: readonly string[], raw: Buffer, sendAfter = Date.now()): number {
    const distinct = new Map<string, string>();
    for (const address of recipients) if (!distinct.has(address.toLowerCase())) distinct.set(address.toLowerCase(), address);
    const id = this.atomically(() => {
      const info = this.stmt.insertMessage.run(sender, raw, Date.now(), sendAfter);
      const messageId = Number(info.lastInsertRowid);
      for (const address of distinct.values()) this.stmt.insertRecipient.run(messageId, address, sendAfter);
      return messageId;
    });
    if (this.listeners.size > 0) queueMicrotask(() => this.listeners.forEach((listener) => listener()));
    return id;
  }

  recipients(messageId: number): QueuedRecipient[] {
    return (this.stmt.recipients.all(messageId) as RawRecipient<QueuedRecipient>[]).map(toRecipient);
  }

  pendingCount(): number {
    return (this.stmt.pendingCount.get() as { n: number }).n;
  }

  message(messageId: number): StoredMessage | null {
    return (this.stmt.message.get(messageId) as StoredMessage | undefined) ?? null;
  }

  /**
   * Takes up to `limit` rows due at `now` for one attempt each: counts the attempt and sets
   * `next_attempt_at` to `retryAt(row)` (row.attempts already counts this attempt).
   */
  claimDue(now: number, limit: number, retryAt: (row: ClaimedRecipient) => number): ClaimedRecipient[] {
    return this.atomically(() => {
      const rows = (this.stmt.due.all(now, limit) as RawRecipient<ClaimedRecipient>[]).map(toRecipient);
      for (const row of rows) {
        row.attempts += 1;
        row.nextAttemptAt = retryAt(row);
        this.stmt.claim.run(row.attempts, row.nextAttemptAt, row.id);
      }
      return rows;
    });
  }

  /** The earliest time a queued row falls due, or null when nothing waits. */
  nextDueAt(): number | null {
    return (this.stmt.nextDue.get() as { due: number | null }).due;
  }

  markSent(ids: readonly number[], now: number): void {
    this.atomically(() => ids.forEach((id) => this.stmt.markSent.run(now, id)));
  }

  /** A temporary failure: the row stays queued, due at the time its claim set. */
  markDeferred(ids: readonly number[], error: string): void {
    this.atomically(() => ids.forEach((id) => this.stmt.markDeferred.run(error, id)));
  }

  markFailed(ids: readonly number[], error: string, now: number): void {
    this.atomically(() => ids.forEach((id) => this.stmt.markFailed.run(now, error, id)));
  }

  markDelayWarned(ids: readonly number[]): void {
    this.atomically(() => ids.forEach((id) => this.stmt.markDelayWarned.run(id)));
  }

  /** Removes a message once every recipient has it: nothing is kept that is no longer needed. */
  deleteIfAllSent(messageId: number): boolean {
    return this.stmt.deleteIfAllSent.run(messageId, messageId).changes > 0;
  }

  /**
   * Undo-send / « envoyer plus tard »: removes the message of `sender` if no delivery has
   * been attempted for any of its recipients yet. Returns whether it did; false means too
   * late (or not theirs), and the message goes on.
   */
  cancel(messageId: number, sender: string): boolean {
    return this.atomically(() => {
      if (!this.stmt.ownMessage.get(messageId, sender)) return false;
      if (this.stmt.started.get(messageId)) return false;
      return this.stmt.deleteMessage.run(messageId).changes > 0;
    });
  }

  /** Every message still in the queue (waiting, or kept for a while after a failure), oldest first. */
  list(): Array<QueuedMessage & { recipients: QueuedRecipient[] }> {
    return (this.stmt.list.all() as QueuedMessage[]).map((message) => ({ ...message, recipients: this.recipients(message.id) }));
  }

  /**
   * `queue retry`: every recipient not yet delivered is queued again, due now, with a fresh
   * schedule and a fresh age (so a message given up gets its full lifetime again).
   */
  retry(messageId: number, now: number): number {
    return this.atomically(() => {
      this.stmt.resetAge.run(now, messageId);
      return this.stmt.requeue.run(now, messageId).changes;
    });
  }

  /** `queue drop`: forgets the message, without telling anyone. */
  drop(messageId: number): boolean {
    return this.stmt.deleteMessage.run(messageId).changes > 0;
  }

  /** Deletes finished messages whose last outcome was recorded before `failedBefore`. */
  purgeFinished(failedBefore: number): number {
    return this.stmt.purge.run(failedBefore).changes;
  }
}
