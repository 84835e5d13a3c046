/**
 * The disk reserve (WEBMEL_MIN_FREE_MB): new mail is refused once the data folder has less room
 * than this, so that what users do to make room (read, move, delete, expunge) always has some.
 * Postfix does the same with queue_minfree.
 *
 * Room is what the file system has free for us (statfs) plus the pages SQLite keeps inside its
 * file for reuse: an expunge frees pages in the database, not on the file system (there is no
 * VACUUM), and without counting them a full server would never accept mail again.
 *
 * A reading is kept for DISK_READING_TTL_MS, so that each RCPT does not ask the kernel; the end
 * of DATA and APPEND ask for a fresh one. The edges map MailSystemFullError to their own reply
 * (SMTP 452 4.3.1, IMAP NO [LIMIT]).
 */
import fs from 'node:fs';
import type { Db } from '../db/database.js';

/** How long a reading is trusted: a delivery burst asks statfs once a second, not per RCPT. */
export const DISK_READING_TTL_MS = 1000;

export interface DiskReading {
  /** Bytes new data can take: the file system's free bytes plus `reusableBytes`. Null: unknown. */
  freeBytes: number | null;
  /** Of which: free pages inside the database file, left by deleted mail. */
  reusableBytes: number;
  /** Size of the file system. Null: unknown. */
  totalBytes: number | null;
  minFreeBytes: number;
  /** Less room than the reserve: new mail is refused. */
  belowReserve: boolean;
}

/** New mail refused: it would leave less room than the reserve. */
export class MailSystemFullError extends Error {
  override name = 'MailSystemFullError';
  constructor(readonly reading: DiskReading) {
    super(`Espace disque sous la réserve : ${reading.freeBytes} octets libres, réserve ${reading.minFreeBytes}`);
  }
}

/** What statfs says that matters here (fs.StatFs). */
export interface FileSystemSpace {
  bavail: number;
  bsize: number;
  blocks: number;
}

export interface DiskReserveOptions {
  /** The data folder (its file system is measured). */
  dir: string;
  minFreeBytes: number;
  /** Bytes SQLite can reuse inside its file (`sqliteReusableBytes`); none by default. */
  reusableBytes?: () => number;
  /** The file system's figures; fs.statfsSync by default (Node ≥ 18.15). */
  statfs?: (dir: string) => FileSystemSpace;
  now?: () => number;
  ttlMs?: number;
}

/** Free pages of the database (https://sqlite.org/pragma.html#pragma_freelist_count), in bytes. */
export function sqliteReusableBytes(db: Db): () => number {
  // The table-valued form runs when stepped, so one prepared statement keeps giving fresh values.
  const query = db.prepare('SELECT f.freelist_count * p.page_size FROM pragma_freelist_count() f, pragma_page_size() p').pluck(true);
  return () => (db.open ? (query.get() as number) : 0);
}

export class DiskReserve {
  readonly minFreeBytes: number;
  private cached: { reading: DiskReading; at: number } | null = null;
  private wasBelow = false;
  private readonly listeners = new Set<(reading: DiskReading) => void>();

  constructor(private readonly options: DiskReserveOptions) {
    this.minFreeBytes = options.minFreeBytes;
  }

  /** The last reading, or a new one when it is older than the TTL (or `fresh`). */
  reading({ fresh = false }: { fresh?: boolean } = {}): DiskReading {
    const now = (this.options.now ?? Date.now)();
    if (!fresh && this.cached && now - this.cached.at < (this.options.ttlMs ?? DISK_READING_TTL_MS)) return this.cached.reading;
    const reading = this.measure();
    this.cached = { reading, at: now };
    if (reading.belowReserve !== this.wasBelow) {
      this.wasBelow = reading.belowReserve;
      for (const listener of this.listeners) listener(reading);
    }
    return reading;
  }

  /**
   * Throws MailSystemFullError when storing `bytes` more would leave less room than the reserve.
   * A reserve of 0 is off: nothing is measured.
   */
  ensureRoom(bytes = 0, { fresh = false }: { fresh?: boolean } = {}): void {
    if (this.minFreeBytes <= 0) return;
    const reading = this.reading({ fresh });
    if (reading.freeBytes === null) return;
    if (reading.belowReserve || reading.freeBytes - bytes < this.minFreeBytes) throw new MailSystemFullError(reading);
  }

  /** Called with each reading that crosses the reserve, either way (disk-watch.ts logs them). */
  onCrossing(listener: (reading: DiskReading) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private measure(): DiskReading {
    const minFreeBytes = this.minFreeBytes;
    let space: FileSystemSpace;
    try {
      space = (this.options.statfs ?? fs.statfsSync)(this.options.dir);
    } catch {
      // Unknown (the folder is gone, a file system without statfs): mail is not refused for it;
      // a write that really finds no room is still refused as such (SQLITE_FULL).
      return { freeBytes: null, reusableBytes: 0, totalBytes: null, minFreeBytes, belowReserve: false };
    }
    let reusableBytes = 0;
    try {
      reusableBytes = this.options.reusableBytes?.() ?? 0;
    } catch {
      // The database busy or closing: count only the file system's room.
    }
    const freeBytes = space.bavail * space.bsize + reusableBytes;
    return { freeBytes, reusableBytes, totalBytes: space.blocks * space.bsize, minFreeBytes, belowReserve: freeBytes < minFreeBytes };
  }
}
