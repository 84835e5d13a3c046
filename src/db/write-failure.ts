/**
 * Whether a write failed because the disk is full or failing (https://sqlite.org/rescode.html):
 * SQLITE_FULL, SQLITE_IOERR_*, SQLITE_READONLY_*, SQLITE_CANTOPEN. Callers whose write is only
 * bookkeeping (a sign-in counter) carry on without it, so that a full disk never stops people
 * from signing in to free space.
 */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/.test(code);
}
