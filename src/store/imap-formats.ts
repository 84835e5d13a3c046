/**
 * The `content_imap` table (migration 4): each content's ENVELOPE and BODYSTRUCTURE as the IMAP
 * server formats them, kept so that they are computed once per content, not once per process.
 * The IMAP layer computes them (src/imap/content-cache.ts); the store only keeps the text, as
 * byte strings (one character per byte, which SQLite stores as UTF-8 and gives back unchanged).
 * A row leaves with its content (ON DELETE CASCADE).
 */
import type { Db } from '../db/database.js';
import { unlessDiskFull } from '../disk/disk-full.js';
import { withoutWaitingForDisk } from '../db/relaxed-sync.js';

export interface StoredFormats {
  contentId: number;
  envelope: string;
  bodystructure: string;
}

export class ImapFormats {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      byIds: db
        .prepare(
          `SELECT content_id, envelope, bodystructure FROM content_imap
           WHERE content_id IN (SELECT value FROM json_each(?))`,
        )
        .raw(true),
      // OR IGNORE: a content expunged meanwhile (foreign key) or formatted twice is no error.
      insert: db.prepare(`INSERT OR IGNORE INTO content_imap (content_id, envelope, bodystructure)
        SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM contents WHERE id = ?)`),
      missing: db
        .prepare(
          `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT content_id FROM content_imap)`,
        )
        .pluck(true),
    };
  }

  /** The stored formats of these contents (those that have them). */
  get(contentIds: readonly number[]): StoredFormats[] {
    if (contentIds.length === 0) return [];
    const rows = this.stmt.byIds.all(JSON.stringify(contentIds)) as Array<[number, string, string]>;
    return rows.map(([contentId, envelope, bodystructure]) => ({ contentId, envelope, bodystructure }));
  }

  /** Which of these contents have no stored formats yet. */
  missing(contentIds: readonly number[]): number[] {
    if (contentIds.length === 0) return [];
    return this.stmt.missing.all(JSON.stringify(contentIds)) as number[];
  }

  /**
   * Stores formats in one transaction. Nothing is published: it is a cache, not a change, and
   * it does not wait for the disk (relaxed-sync.ts). On a full disk nothing is stored: the FETCH
   * that formatted them answers all the same, and a later one formats them again.
   */
  save(entries: readonly StoredFormats[]): void {
    if (entries.length === 0) return;
    unlessDiskFull(
      () =>
        withoutWaitingForDisk(this.db, () =>
          this.db
            .transaction(() => {
              for (const e of entries) this.stmt.insert.run(e.contentId, e.envelope, e.bodystructure, e.contentId);
            })
            .immediate(),
        ),
      undefined,
    );
  }
}
