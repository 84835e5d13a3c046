/**
 * A database that cannot grow any more, as on a full disk: SQLite's max_page_count caps the
 * file at its present size, then filler rows take the free room. Writes that need a new page
 * then fail with SQLITE_FULL, as they would on a full file system.
 */
import type { Db } from '../../src/db/database.js';

export function fillTheDisk(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (x BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const fill = db.prepare('INSERT INTO test_filler VALUES (randomblob(512))');
  for (;;) {
    try {
      fill.run();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_FULL') return;
      throw err;
    }
  }
}
