import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WalSync } from '../../src/db/wal-sync.js';
import { useTempDatabase } from '../helpers/temp-database.js';

const t = useTempDatabase();

describe('WAL sync off the committing thread', () => {
  it('syncs the WAL of the open database, and concurrent callers share the syncs', async () => {
    const wal = new WalSync(`${t.db.name}-wal`);
    expect(fs.existsSync(`${t.db.name}-wal`)).toBe(true);
    t.db.prepare('INSERT INTO t VALUES (1)').run();
    const calls = Array.from({ length: 20 }, () => wal.sync());
    // One running sync and one queued behind it serve all twenty callers.
    expect(new Set(calls).size).toBeLessThanOrEqual(2);
    await Promise.all(calls);
    wal.close();
  });

  it('refuses to promise durability once closed, or when the WAL cannot be opened', async () => {
    const wal = new WalSync(`${t.db.name}-wal`);
    wal.close();
    await expect(wal.sync()).rejects.toThrow('closed');
    await expect(new WalSync(`${t.dir}/absent-wal`).sync()).rejects.toThrow(/ENOENT/);
  });
});
