/**
 * The durable outbound queue: a message accepted for an outside address is kept here until
 * it is delivered or given up. This module only stores; the sender that drains it lives
 * beside it (outbound issue).
 */
import type { Db } from '../db/database.js';

export interface QueuedRecipient {
  id: number;
  messageId: number;
  address: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export class OutboundStore {
  constructor(private readonly db: Db) {}

  /** Queues one message for the given outside recipients; returns its id. */
  enqueue(sender: string, recipients: readonly string[], raw: Buffer, sendAfter = Date.now()): number {
    return this.db.transaction(() => {
      const now = Date.now();
      const info = this.db
        .prepare(`INSERT INTO outbound_messages (sender, raw, created_at, send_after) VALUES (?, ?, ?, ?)`)
        .run(sender, raw, now, sendAfter);
      const id = Number(info.lastInsertRowid);
      const insert = this.db.prepare(
        `INSERT INTO outbound_recipients (message_id, address, next_attempt_at) VALUES (?, ?, ?)`,
      );
      for (const address of recipients) insert.run(id, address, sendAfter);
      return id;
    }).immediate();
  }

  recipients(messageId: number): QueuedRecipient[] {
    return this.db
      .prepare(
        `SELECT id, message_id AS messageId, address, status, attempts, next_attempt_at AS nextAttemptAt,
           last_error AS lastError FROM outbound_recipients WHERE message_id = ? ORDER BY id`,
      )
      .all(messageId) as QueuedRecipient[];
  }

  pendingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM outbound_recipients WHERE status = 'queued'`).get() as { n: number }).n;
  }
}
