import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_WINDOW_MS,
  FAILURE_WINDOW_MS,
  FailureLimiter,
  MAX_ACCOUNT_FAILURES,
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_PAIR,
  unknownLoginKey,
  type Attempt,
} from '../../src/accounts/failure-limiter.js';
import { openDatabase, type Db } from '../../src/db/database.js';
import { SCHEMA } from '../../src/schema.js';
import { fillTheDisk } from '../helpers/full-disk.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
let now = 0;

beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(temp.dir, SCHEMA);
  now = Date.UTC(2026, 10, 28, 9);
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const at = (key: string, ip: string, guardAccount = true): Attempt => ({ key, ip, guardAccount });

/** `count` failed attempts: reserved, never released. */
function fail(limiter: FailureLimiter, attempt: Attempt, count = 1): void {
  for (let i = 0; i < count; i++) expect(limiter.reserve(attempt).allowed).toBe(true);
}

describe('sign-in failure limiter', () => {
  it('refuses a pair past 10 failures and an address past 50, over the sliding window only', () => {
    const limiter = new FailureLimiter(db, () => now);
    fail(limiter, at('chabotte', '192.0.2.1'), MAX_FAILURES_PER_PAIR);
    expect(limiter.reserve(at('chabotte', '192.0.2.1'))).toMatchObject({ allowed: false, limit: 'pair' });
    // Neither the account from elsewhere nor the address for another account is concerned.
    expect(limiter.reserve(at('chabotte', '192.0.2.2')).allowed).toBe(true);
    for (let i = 0; i < 4; i++) fail(limiter, at(`compte${i}`, '192.0.2.1'), MAX_FAILURES_PER_PAIR - 1);
    // 10 + 1 refused + 36 = 47 attempts from 192.0.2.1.
    fail(limiter, at('mlefevre', '192.0.2.1'), MAX_FAILURES_PER_IP - 47);
    expect(limiter.reserve(at('pdurand', '192.0.2.1'))).toMatchObject({ allowed: false, limit: 'address' });
    now += FAILURE_WINDOW_MS + 1;
    expect(limiter.reserve(at('chabotte', '192.0.2.1')).allowed).toBe(true);
  });

  it('reserves atomically for every connection to the database (the webmail thread, IMAP, the CLI)', () => {
    const other = openDatabase(temp.dir, SCHEMA);
    try {
      const here = new FailureLimiter(db, () => now);
      const there = new FailureLimiter(other, () => now);
      for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) expect((i % 2 ? here : there).reserve(at('chabotte', '192.0.2.1')).allowed).toBe(true);
      expect(here.reserve(at('chabotte', '192.0.2.1')).allowed).toBe(false);
      expect(there.reserve(at('chabotte', '192.0.2.1')).allowed).toBe(false);
    } finally {
      other.close();
    }
  });

  it('forgets the pair’s failures when the password was right', () => {
    const limiter = new FailureLimiter(db, () => now);
    fail(limiter, at('chabotte', '192.0.2.1'), 3);
    const right = limiter.reserve(at('chabotte', '192.0.2.1'));
    if (!right.allowed) throw new Error('should be allowed');
    expect(right.pairFailures).toBe(3);
    limiter.release(at('chabotte', '192.0.2.1'), right.id);
    expect(limiter.reserve(at('chabotte', '192.0.2.1'))).toMatchObject({ allowed: true, pairFailures: 0 });
  });

  it('past 100 checked failures in 24 hours from anywhere, refuses the attempts it guards only', () => {
    const limiter = new FailureLimiter(db, () => now);
    for (let i = 0; i <= MAX_ACCOUNT_FAILURES; i++) fail(limiter, at('chabotte', `198.51.100.${i}`));
    expect(limiter.accountFailures('chabotte')).toBe(MAX_ACCOUNT_FAILURES + 1);
    expect(limiter.reserve(at('chabotte', '203.0.113.1'))).toMatchObject({ allowed: false, limit: 'account' });
    // A client the account knows is not guarded; the refusal above was not a checked guess.
    expect(limiter.reserve(at('chabotte', '203.0.113.1', false)).allowed).toBe(true);
    expect(limiter.accountFailures('chabotte')).toBe(MAX_ACCOUNT_FAILURES + 2);
    expect(limiter.lockedAccounts()).toEqual([]); // only existing accounts are listed (none in this database)
    now += ACCOUNT_WINDOW_MS;
    expect(limiter.reserve(at('chabotte', '203.0.113.1')).allowed).toBe(true);
  });

  it('on a full disk still answers from the counts it has, without counting, so people can sign in to make room', () => {
    const limiter = new FailureLimiter(db, () => now);
    fail(limiter, at('chabotte', '192.0.2.1'), MAX_FAILURES_PER_PAIR);
    fillTheDisk(db);
    const answers = Array.from({ length: 300 }, (_, i) => limiter.reserve(at(`compte${i}`, `198.51.100.${i % 200}`)));
    expect(answers.every((answer) => answer.allowed)).toBe(true);
    expect(answers.some((answer) => answer.allowed && answer.id === null)).toBe(true);
    expect(() => limiter.release(at('compte0', '198.51.100.0'), null)).not.toThrow();
    expect(limiter.reserve(at('chabotte', '192.0.2.1'))).toMatchObject({ allowed: false, limit: 'pair' });
  });

  it('keys a login nobody has by a hash, never by what was typed', () => {
    expect(unknownLoginKey('MotDePasse-Tapé-Ici')).toMatch(/^unknown:[0-9a-f]{32}$/);
    expect(unknownLoginKey('zinconnu')).toBe(unknownLoginKey('zinconnu'));
  });

  it('forgets attempts older than 24 hours when it purges, and keeps the newest ones', () => {
    const limiter = new FailureLimiter(db, () => now);
    fail(limiter, at('ancien', '192.0.2.1'));
    now += ACCOUNT_WINDOW_MS + 1;
    fail(limiter, at('recent', '192.0.2.1'));
    limiter.purge();
    expect(db.prepare('SELECT account FROM auth_attempts').pluck(true).all()).toEqual(['recent']);
  });
});
