import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_WINDOW_MS, FailureLimiter } from '../../src/accounts/failure-limiter.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
let now = 0;

beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(temp.dir);
  now = Date.UTC(2026, 10, 28, 9);
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('sign-in failure limiter', () => {
  it('counts failures per key over the sliding window only', () => {
    const limiter = new FailureLimiter(db, () => now);
    limiter.record('account:chabotte');
    now += FAILURE_WINDOW_MS / 2;
    limiter.record('account:chabotte');
    limiter.record('ip:192.0.2.1');
    expect(limiter.count('account:chabotte')).toBe(2);
    expect(limiter.count('ip:192.0.2.1')).toBe(1);
    now += FAILURE_WINDOW_MS / 2 + 1;
    expect(limiter.count('account:chabotte')).toBe(1);
    limiter.clear('account:chabotte');
    expect(limiter.count('account:chabotte')).toBe(0);
    expect(limiter.count('ip:192.0.2.1')).toBe(1);
  });

  it('is one count for every connection to the database (the webmail thread, IMAP, the CLI)', () => {
    const other = openDatabase(temp.dir);
    try {
      new FailureLimiter(db, () => now).record('account:mlefevre');
      expect(new FailureLimiter(other, () => now).count('account:mlefevre')).toBe(1);
    } finally {
      other.close();
    }
  });

  it('forgets expired failures when it purges, and keeps the newest ones', () => {
    const limiter = new FailureLimiter(db, () => now);
    limiter.record('ip:old');
    now += FAILURE_WINDOW_MS + 1;
    limiter.record('ip:new');
    limiter.purge();
    expect(db.prepare('SELECT key FROM auth_failures').pluck(true).all()).toEqual(['ip:new']);
  });
});
