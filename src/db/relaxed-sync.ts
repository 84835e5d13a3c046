/**
 * Commits that need not wait for the disk. Every write that acknowledges mail to someone (a
 * delivery's 250, an APPEND's OK) commits with synchronous = FULL: on disk before the answer.
 * The search index and the IMAP formats cache can be rebuilt from the stored messages, so their
 * commits skip the fsync (synchronous = NORMAL, https://sqlite.org/pragma.html#pragma_synchronous):
 * a power cut may lose the last of them (the next start indexes again what is marked unindexed;
 * a missing format is computed on demand), never corrupts the database (WAL), and the next FULL
 * commit on the connection syncs them with it. Under a delivery burst these commits were a
 * third of the fsyncs the delivering thread sat waiting for.
 */
import type { Db } from './database.js';

/** PRAGMA synchronous values (https://sqlite.org/pragma.html#pragma_synchronous). */
const NORMAL = 1;

/**
 * Each connection's own level, read once: a connection's level is set when it is opened
 * (database.ts) and only ever lowered for a moment here. Every IMAP command comes through here
 * (MailStore.durably), and `db.pragma()` compiles a statement per call (20 µs for the three);
 * `exec` of the two settings costs 3 µs. (A prepared PRAGMA statement will not do: SQLite
 * applies or reads the setting when it compiles it, not when it runs.)
 */
const levels = new WeakMap<Db, number>();

/** Runs `fn`, which commits a transaction, with synchronous = NORMAL; outside any transaction only. */
export function withoutWaitingForDisk<T>(db: Db, fn: () => T): T {
  let previous = levels.get(db);
  if (previous === undefined) levels.set(db, (previous = db.pragma('synchronous', { simple: true }) as number));
  if (previous <= NORMAL || db.inTransaction) return fn();
  db.exec(`PRAGMA synchronous = ${NORMAL}`);
  try {
    return fn();
  } finally {
    db.exec(`PRAGMA synchronous = ${previous}`);
  }
}
