/**
 * The only SQL on the bulletins tables (schema.ts). Writes run inside the caller's store
 * transaction (MailStore.write), so that a delivery, its record and the publication's counts
 * commit together or not at all.
 */
import type { Db } from '../db/database.js';

export type PublicationKind = 'bulletin' | 'election' | 'union';
export type PublicationStatus = 'pending' | 'delivering' | 'done';

export interface Publication {
  id: number;
  kind: PublicationKind;
  authorId: number | null;
  unionName: string | null;
  fromHeader: string;
  subject: string;
  audience: string;
  contentId: number;
  month: string;
  status: PublicationStatus;
  recipients: number;
  delivered: number;
  skippedFull: number;
  skippedCap: number;
  skippedUnsubscribed: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** What became of a publication for one recipient (bulletins_deliveries.outcome). */
export const OUTCOME = { delivered: 0, full: 1, cap: 2, unsubscribed: 3 } as const;
export type Outcome = (typeof OUTCOME)[keyof typeof OUTCOME];

export type NewPublication = Pick<
  Publication,
  'kind' | 'authorId' | 'unionName' | 'fromHeader' | 'subject' | 'audience' | 'contentId' | 'month' | 'recipients' | 'createdAt'
>;

const COLUMNS = `id, kind, author_id AS authorId, union_name AS unionName, from_header AS fromHeader, subject, audience,
  content_id AS contentId, month, status, recipients, delivered, skipped_full AS skippedFull, skipped_cap AS skippedCap,
  skipped_unsubscribed AS skippedUnsubscribed, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt`;

export class PublicationStore {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO bulletins_publications (kind, author_id, union_name, from_header, subject, audience, content_id, month, status, recipients, created_at)
         VALUES (@kind, @authorId, @unionName, @fromHeader, @subject, @audience, @contentId, @month, 'pending', @recipients, @createdAt)`,
      ),
      get: db.prepare(`SELECT ${COLUMNS} FROM bulletins_publications WHERE id = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM bulletins_publications WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?`),
      byAuthor: db.prepare(`SELECT ${COLUMNS} FROM bulletins_publications WHERE author_id = ? AND kind = ? ORDER BY id DESC LIMIT ?`),
      // The oldest publication nobody is delivering: waiting, or left by a process that stopped.
      claim: db
        .prepare(
          `UPDATE bulletins_publications SET status = 'delivering', lease_owner = @owner, lease_until = @until,
             started_at = coalesce(started_at, @now)
           WHERE id = (SELECT id FROM bulletins_publications
                       WHERE (status = 'pending' OR (status = 'delivering' AND lease_until < @now)) AND (@only IS NULL OR id = @only)
                       ORDER BY id LIMIT 1)
           RETURNING id`,
        )
        .pluck(),
      renew: db.prepare(`UPDATE bulletins_publications SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'delivering'`),
      count: db.prepare(
        `UPDATE bulletins_publications SET delivered = delivered + ?, skipped_full = skipped_full + ?, skipped_cap = skipped_cap + ?,
           skipped_unsubscribed = skipped_unsubscribed + ? WHERE id = ?`,
      ),
      finish: db.prepare(
        `UPDATE bulletins_publications SET status = 'done', finished_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND lease_owner = ? AND status = 'delivering'`,
      ),
      waiting: db.prepare(`SELECT count(*) FROM bulletins_publications WHERE status <> 'done'`).pluck(),
      outcome: db.prepare(`SELECT outcome FROM bulletins_deliveries WHERE account_id = ? AND publication_id = ?`).pluck(),
      record: db.prepare(`INSERT INTO bulletins_deliveries (account_id, publication_id, outcome) VALUES (?, ?, ?)`),
      unionReceived: db.prepare(`SELECT received FROM bulletins_union_counts WHERE union_id = ? AND month = ? AND account_id = ?`).pluck(),
      bumpUnion: db.prepare(
        `INSERT INTO bulletins_union_counts (union_id, month, account_id, received) VALUES (?, ?, ?, 1)
         ON CONFLICT DO UPDATE SET received = received + 1`,
      ),
      unsubscribed: db.prepare(`SELECT 1 FROM bulletins_unsubscriptions WHERE account_id = ? AND union_id = ? AND until > ?`).pluck(),
      unsubscribe: db.prepare(
        `INSERT INTO bulletins_unsubscriptions (account_id, union_id, until, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET until = excluded.until, created_at = excluded.created_at`,
      ),
      unsubscriptions: db.prepare(
        `SELECT union_id AS unionId, until, created_at AS createdAt FROM bulletins_unsubscriptions
         WHERE account_id = ? AND until > ? ORDER BY created_at DESC`,
      ),
      resubscribe: db.prepare(`DELETE FROM bulletins_unsubscriptions WHERE account_id = ? AND union_id = ?`),
      received: db.prepare(
        `SELECT ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1p.$2')}, d.outcome FROM bulletins_deliveries d
         JOIN bulletins_publications p ON p.id = d.publication_id
         WHERE d.account_id = ? AND p.kind IN (SELECT value FROM json_each(?)) AND d.outcome IN (${OUTCOME.delivered}, ${OUTCOME.full})
         ORDER BY p.id DESC LIMIT ?`,
      ),
      setting: db.prepare(`SELECT value FROM bulletins_settings WHERE name = ?`).pluck(),
      keepSetting: db.prepare(`INSERT OR IGNORE INTO bulletins_settings (name, value) VALUES (?, ?)`),
      setSetting: db.prepare(`INSERT INTO bulletins_settings (name, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value`),
      deleteSetting: db.prepare(`DELETE FROM bulletins_settings WHERE name = ?`),
      purgeCounts: db.prepare(`DELETE FROM bulletins_union_counts WHERE month < ?`),
      purgeUnsubscriptions: db.prepare(`DELETE FROM bulletins_unsubscriptions WHERE until <= ?`),
    };
  }

  insert(publication: NewPublication): number {
    return Number(this.stmt.insert.run(publication).lastInsertRowid);
  }

  get(id: number): Publication | null {
    return (this.stmt.get.get(id) as Publication | undefined) ?? null;
  }

  list(kinds: readonly PublicationKind[], limit: number): Publication[] {
    return this.stmt.list.all(JSON.stringify(kinds), limit) as Publication[];
  }

  byAuthor(authorId: number, kind: PublicationKind, limit: number): Publication[] {
    return this.stmt.byAuthor.all(authorId, kind, limit) as Publication[];
  }

  /** Takes the oldest publication nobody delivers (or `only` that one) for `owner`; its id, or null. */
  claim(owner: string, now: number, until: number, only: number | null = null): number | null {
    return (this.stmt.claim.get({ owner, now, until, only }) as number | undefined) ?? null;
  }

  /** False when another process took it over (this one's lease ran out). */
  renew(id: number, owner: string, until: number): boolean {
    return this.stmt.renew.run(until, id, owner).changes === 1;
  }

  count(id: number, tally: { delivered: number; full: number; cap: number; unsubscribed: number }): void {
    this.stmt.count.run(tally.delivered, tally.full, tally.cap, tally.unsubscribed, id);
  }

  finish(id: number, owner: string, now: number): boolean {
    return this.stmt.finish.run(now, id, owner).changes === 1;
  }

  waiting(): number {
    return this.stmt.waiting.get() as number;
  }

  outcome(accountId: number, publicationId: number): Outcome | null {
    return (this.stmt.outcome.get(accountId, publicationId) as Outcome | undefined) ?? null;
  }

  record(accountId: number, publicationId: number, outcome: Outcome): void {
    this.stmt.record.run(accountId, publicationId, outcome);
  }

  unionReceived(unionId: number, month: string, accountId: number): number {
    return (this.stmt.unionReceived.get(unionId, month, accountId) as number | undefined) ?? 0;
  }

  bumpUnion(unionId: number, month: string, accountId: number): void {
    this.stmt.bumpUnion.run(unionId, month, accountId);
  }

  isUnsubscribed(accountId: number, unionId: number, now: number): boolean {
    return this.stmt.unsubscribed.get(accountId, unionId, now) !== undefined;
  }

  unsubscribe(accountId: number, unionId: number, until: number, now: number): void {
    this.stmt.unsubscribe.run(accountId, unionId, until, now);
  }

  unsubscriptions(accountId: number, now: number): Array<{ unionId: number; until: number; createdAt: number }> {
    return this.stmt.unsubscriptions.all(accountId, now) as Array<{ unionId: number; until: number; createdAt: number }>;
  }

  resubscribe(accountId: number, unionId: number): boolean {
    return this.stmt.resubscribe.run(accountId, unionId).changes === 1;
  }

  received(accountId: number, kinds: readonly PublicationKind[], limit: number): Array<Publication & { outcome: Outcome }> {
    return this.stmt.received.all(accountId, JSON.stringify(kinds), limit) as Array<Publication & { outcome: Outcome }>;
  }

  setting(name: string): string | null {
    return (this.stmt.setting.get(name) as string | undefined) ?? null;
  }

  /** The setting, written first if absent (every process then reads the same value). */
  settingOr(name: string, make: () => string): string {
    this.stmt.keepSetting.run(name, make());
    return this.setting(name)!;
  }

  setSetting(name: string, value: string | null): void {
    if (value === null) this.stmt.deleteSetting.run(name);
    else this.stmt.setSetting.run(name, value);
  }

  /** Union counts of months gone by and unsubscriptions that ran out. */
  purge(now: number, month: string): number {
    return this.stmt.purgeCounts.run(month).changes + this.stmt.purgeUnsubscriptions.run(now).changes;
  }
}
