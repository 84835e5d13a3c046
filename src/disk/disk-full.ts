/**
 * A full disk, as SQLite and Node report it, and the writes that may be skipped then.
 *
 * Reading mail must keep working on a full disk (that is how users make room): the writes a read
 * makes on the side (the \Recent floor, a cached ENVELOPE, the search index catching up, a
 * session's last activity) are bookkeeping that can wait or be done again, so they go through
 * `unlessDiskFull` and the read answers without them.
 */

/**
 * SQLITE_FULL: a write found no room (https://sqlite.org/rescode.html#full); SQLITE_IOERR_SHMSIZE:
 * the WAL index could not grow, which on a full file system is the same cause
 * (https://sqlite.org/rescode.html#ioerr_shmsize); ENOSPC from Node's own file writes.
 */
const NO_ROOM_CODES: ReadonlySet<string> = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC']);

export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NO_ROOM_CODES.has(code);
}

/**
 * Runs a write that may be skipped: on a full disk it is rolled back (SQLite undoes the failed
 * transaction) and `fallback` is returned; any other failure still throws.
 */
export function unlessDiskFull<T>(write: () => T, fallback: T): T {
  try {
    return write();
  } catch (err) {
    if (isDiskFull(err)) return fallback;
    throw err;
  }
}

/**
 * Wider than a full disk: also a failing or read-only one (SQLITE_IOERR_*, SQLITE_READONLY_*,
 * SQLITE_CANTOPEN). Writes that are only bookkeeping of a sign-in (its counters, the clients an
 * account knows) carry on without it, so that no storage trouble ever stops people from signing
 * in, to free space among other things.
 */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return isDiskFull(err) || (typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/.test(code));
}
