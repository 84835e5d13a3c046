import { describe, expect, it } from 'vitest';
import { withoutWaitingForDisk } from '../../src/db/relaxed-sync.js';
import { useTempDatabase } from '../helpers/temp-database.js';

const t = useTempDatabase();
const FULL = 2;
const NORMAL = 1;
const synchronous = () => t.db.pragma('synchronous', { simple: true });

describe('commits that need not wait for the disk', () => {
  it('commit with synchronous = NORMAL, then the connection is FULL again, even after an error', () => {
    expect(synchronous()).toBe(FULL);
    withoutWaitingForDisk(t.db, () => {
      expect(synchronous()).toBe(NORMAL);
      t.db.prepare('INSERT INTO t VALUES (1)').run();
    });
    expect(synchronous()).toBe(FULL);
    expect(() => withoutWaitingForDisk(t.db, () => { throw new Error('échec'); })).toThrow('échec');
    expect(synchronous()).toBe(FULL);
    expect(t.db.prepare('SELECT count(*) FROM t').pluck(true).get()).toBe(1);
  });

  it('leave a transaction already open as it is: its commit decides', () => {
    t.db.transaction(() => {
      withoutWaitingForDisk(t.db, () => expect(synchronous()).toBe(FULL));
    })();
  });
});
