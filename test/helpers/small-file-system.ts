/**
 * A small file system of its own for a test (a tmpfs mount), so that a full disk can be made
 * without filling the machine's. Mounting needs root (or CAP_SYS_ADMIN): elsewhere `mount`
 * says why not, and the test is skipped with that reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallFileSystem {
  dir: string;
  /** Writes a file until the file system has no byte left; returns its path. */
  fill(): string;
  unmount(): void;
}

export type MountResult = { ok: true; fs: SmallFileSystem } | { ok: false; reason: string };

const FILL_CHUNK = Buffer.alloc(64 * 1024, 0x78);

export function mountSmallFileSystem(sizeMb: number): MountResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-smallfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: `cannot mount a ${sizeMb} MB tmpfs here (needs root or CAP_SYS_ADMIN): ${stderr || String(err)}` };
  }
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    // Lazy: a test that failed half-way may still hold the database open.
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies before its afterAll still leaves no mount behind.
  process.once('exit', () => {
    try {
      unmount();
    } catch {
      // Nothing more can be done at exit.
    }
  });
  const fill = () => {
    const filler = path.join(dir, `filler-${Date.now()}`);
    const fd = fs.openSync(filler, 'w');
    try {
      for (let chunk = FILL_CHUNK; ; ) {
        try {
          fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as { code?: string }).code !== 'ENOSPC') throw err;
          // Down to single bytes, so that not one is left.
          if (chunk.length === 1) break;
          chunk = chunk.subarray(0, Math.max(1, chunk.length >> 4));
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return filler;
  };
  return { ok: true, fs: { dir, fill, unmount } };
}
