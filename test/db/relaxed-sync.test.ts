import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.js';
import { withoutWaitingForDisk } from '../../src/db/relaxed-sync.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
const FULL = 2;
const NORMAL = 1;
const synchronous = () => db.pragma('synchronous', { simple: true });

beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(temp.dir);
  db.exec('CREATE TABLE t (x INTEGER)');
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('commits that need not wait for the disk', () => {
  it('commit with synchronous = NORMAL, then the connection is FULL again, even after an error', () => {
    expect(synchronous()).toBe(FULL);
    withoutWaitingForDisk(db, () => {
      expect(synchronous()).toBe(NORMAL);
      db.prepare('INSERT INTO t VALUES (1)').run();
    });
    expect(synchronous()).toBe(FULL);
    expect(() => withoutWaitingForDisk(db, () => { throw new Error('échec'); })).toThrow('échec');
    expect(synchronous()).toBe(FULL);
    expect(db.prepare('SELECT count(*) FROM t').pluck(true).get()).toBe(1);
  });

  it('leave a transaction already open as it is: its commit decides', () => {
    db.transaction(() => {
      withoutWaitingForDisk(db, () => expect(synchronous()).toBe(FULL));
    })();
  });
});
