/**
 * Room on the data folder's file system: the reserve under which new mail is refused
 * (WEBMEL_MIN_FREE_MB, disk-reserve.ts), its crossings in the logs (disk-watch.ts), and how a
 * full or failing disk shows in an error (disk-full.ts), so that the writes a read makes on the
 * side can be skipped and reading mail, which is how users make room, never fails for lack of it.
 *
 * Invariants:
 * - A reading of the file system is cached for a second: each RCPT does not call statfs.
 * - A failing statfs never refuses mail: the reserve is a safety margin, not a gate that breaks.
 *
 * May import: src/log, src/db (the freelist of the database counts as room). Imports no protocol.
 */
export { isDiskFull, isStorageFailure, unlessDiskFull } from './disk-full.js';
export { DiskReserve, MailSystemFullError, sqliteReusableBytes, type DiskReading } from './disk-reserve.js';
