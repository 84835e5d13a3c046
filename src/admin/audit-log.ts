/**
 * The audit log of administration (issue 21; CNIL practice, shared/domain.md §6.4): who did
 * what, when, to whom and why, read-only once written, kept AUDIT_RETENTION_DAYS.
 *
 * What an entry may say is checked here rather than trusted to each caller: details are a few
 * numbers and short words, and a key that names a password, a NUMEN, a secret, a token or a
 * message's content is refused outright, so that a log export can never leak one.
 */
import type { Db } from '../db/database.js';

export const AUDIT_RETENTION_DAYS = 365;
const MAX_TEXT = 500;
const FORBIDDEN_KEY = /pass|numen|secret|token|content|body|subject|hash/i;

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  reason: string;
  details: AuditDetails;
}

export interface AuditQuery {
  since?: number;
  until?: number;
  actor?: string;
  action?: string;
  target?: string;
  limit?: number;
  offset?: number;
}

export class AuditLog {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO admin_audit (at, actor, action, target, reason, details) VALUES (?, ?, ?, ?, ?, ?)`),
      purge: db.prepare(`DELETE FROM admin_audit WHERE at < ?`),
    };
  }

  /** Writes one entry (inside the caller's transaction when there is one: the action and its trace commit together). */
  record(entry: { actor: string; action: string; target?: string | null; reason?: string; details?: AuditDetails; at?: number }): void {
    const details = entry.details ?? {};
    for (const [key, value] of Object.entries(details)) {
      if (FORBIDDEN_KEY.test(key)) throw new Error(`audit: « ${key} » ne s’écrit pas dans le journal`);
      if (typeof value === 'string' && value.length > MAX_TEXT) throw new Error(`audit: « ${key} » trop long`);
    }
    this.stmt.insert.run(
      entry.at ?? Date.now(),
      entry.actor.slice(0, 200),
      entry.action.slice(0, 100),
      entry.target?.slice(0, 320) ?? null,
      (entry.reason ?? '').replace(/[\r\n]+/g, ' ').slice(0, MAX_TEXT),
      JSON.stringify(details),
    );
  }

  /** Entries newest first, filtered by time, actor, action (a prefix: `quota`) or target. */
  list(query: AuditQuery = {}): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (query.since !== undefined) (where.push('at >= ?'), params.push(query.since));
    if (query.until !== undefined) (where.push('at < ?'), params.push(query.until));
    if (query.actor) (where.push('actor = ?'), params.push(query.actor));
    if (query.action) (where.push(`(action = ? OR action LIKE ? ESCAPE '\\')`), params.push(query.action, `${query.action.replace(/[\\%_]/g, '\\$&')}.%`));
    if (query.target) (where.push('target = ?'), params.push(query.target));
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, action, target, reason, details FROM admin_audit
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit ?? 1000, query.offset ?? 0) as Array<Omit<AuditEntry, 'details'> & { details: string }>;
    return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as AuditDetails }));
  }

  purgeExpired(now = Date.now()): number {
    return this.stmt.purge.run(now - AUDIT_RETENTION_DAYS * 86_400_000).changes;
  }
}
