import fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DISK_READING_TTL_MS, DiskReserve, MailSystemFullError, sqliteReusableBytes, type FileSystemSpace } from '../../src/disk/disk-reserve.js';
import { watchDiskReserve } from '../../src/disk/disk-watch.js';
import { createLogger } from '../../src/log/logger.js';
import { useTempDatabase } from '../helpers/temp-database.js';

const MB = 1024 * 1024;
const BLOCK = 4096;

/** A file system whose free space the test sets, counting how often it is asked (statfs). */
function fileSystem(freeBytes: number) {
  const fsys = {
    free: freeBytes,
    calls: 0,
    statfs: (): FileSystemSpace => {
      fsys.calls++;
      return { bavail: Math.floor(fsys.free / BLOCK), bsize: BLOCK, blocks: (100 * MB) / BLOCK };
    },
  };
  return fsys;
}

function clock() {
  const c = { now: 1_000_000, tick: (ms: number) => (c.now += ms) };
  return c;
}

describe('the disk reserve', () => {
  const temp = useTempDatabase();

  it('refuses new mail once the room left, or left after the message, is under the reserve', () => {
    const disk = fileSystem(10 * MB);
    const reserve = new DiskReserve({ dir: temp.dir, minFreeBytes: 4 * MB, statfs: disk.statfs });
    expect(() => reserve.ensureRoom(5 * MB)).not.toThrow();
    expect(() => reserve.ensureRoom(7 * MB, { fresh: true })).toThrow(MailSystemFullError);
    disk.free = 3 * MB;
    expect(() => reserve.ensureRoom(0, { fresh: true })).toThrow(MailSystemFullError);
    expect(reserve.reading()).toMatchObject({ freeBytes: 3 * MB, totalBytes: 100 * MB, minFreeBytes: 4 * MB, belowReserve: true });
  });

  it('asks the file system at most once per TTL, unless a fresh reading is asked for', () => {
    const disk = fileSystem(10 * MB);
    const time = clock();
    const reserve = new DiskReserve({ dir: temp.dir, minFreeBytes: 4 * MB, statfs: disk.statfs, now: () => time.now });
    for (let i = 0; i < 100; i++) reserve.ensureRoom(1000); // a hundred RCPT
    expect(disk.calls).toBe(1);
    disk.free = 1 * MB;
    expect(() => reserve.ensureRoom()).not.toThrow(); // still the cached reading
    time.tick(DISK_READING_TTL_MS);
    expect(() => reserve.ensureRoom()).toThrow(MailSystemFullError);
    expect(disk.calls).toBe(2);
    disk.free = 10 * MB;
    expect(() => reserve.ensureRoom(0, { fresh: true })).not.toThrow(); // end of DATA, APPEND
    expect(disk.calls).toBe(3);
  });

  it('counts the pages deleted mail left inside the database as room', () => {
    const { db } = temp;
    db.exec('CREATE TABLE big (b BLOB)');
    const insert = db.prepare('INSERT INTO big VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run(Buffer.alloc(64 * 1024));
    const reusable = sqliteReusableBytes(db);
    expect(reusable()).toBe(0);
    db.exec('DELETE FROM big');
    // The file system has not seen a byte of it back; SQLite will reuse the pages.
    expect(reusable()).toBeGreaterThan(3 * MB);
    const disk = fileSystem(1 * MB);
    const reserve = new DiskReserve({ dir: temp.dir, minFreeBytes: 2 * MB, statfs: disk.statfs, reusableBytes: reusable });
    expect(reserve.reading()).toMatchObject({ belowReserve: false, reusableBytes: reusable() });
    expect(reserve.reading().freeBytes).toBe(1 * MB + reusable());
  });

  it('is off with a reserve of 0, and refuses nothing when the file system cannot be measured', () => {
    const disk = fileSystem(0);
    new DiskReserve({ dir: temp.dir, minFreeBytes: 0, statfs: disk.statfs }).ensureRoom(10 * MB);
    expect(disk.calls).toBe(0);
    const unknown = new DiskReserve({ dir: temp.dir, minFreeBytes: 4 * MB, statfs: () => { throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); } });
    expect(() => unknown.ensureRoom(MB)).not.toThrow();
    expect(unknown.reading()).toMatchObject({ freeBytes: null, belowReserve: false });
  });

  it('measures the real file system of the data folder', () => {
    const reading = new DiskReserve({ dir: temp.dir, minFreeBytes: 1 }).reading();
    const real = fs.statfsSync(temp.dir);
    expect(reading.totalBytes).toBe(real.blocks * real.bsize);
    expect(reading.freeBytes).toBeGreaterThan(0);
  });

  it('logs a warning once when the reserve is reached and an info when there is room again', () => {
    const lines: Array<{ level: number; msg: string; freeBytes: number }> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const disk = fileSystem(10 * MB);
    const reserve = new DiskReserve({ dir: temp.dir, minFreeBytes: 4 * MB, statfs: disk.statfs });
    const stop = watchDiskReserve(reserve, createLogger('debug', sink));
    expect(lines).toEqual([]);
    disk.free = 3 * MB;
    for (let i = 0; i < 5; i++) expect(() => reserve.ensureRoom(0, { fresh: true })).toThrow(MailSystemFullError);
    disk.free = 5 * MB;
    reserve.reading({ fresh: true });
    reserve.reading({ fresh: true });
    stop();
    expect(lines.map((l) => [l.level, l.msg, l.freeBytes])).toEqual([
      [40, 'disk reserve reached: new mail refused until space is freed', 3 * MB],
      [30, 'disk reserve recovered: new mail accepted again', 5 * MB],
    ]);
  });
});
