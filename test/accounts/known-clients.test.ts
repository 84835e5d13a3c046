import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KNOWN_ADDRESS_MS, KnownClients } from '../../src/accounts/known-clients.js';
import { fillTheDisk } from '../helpers/full-disk.js';
import { useTempDatabase } from '../helpers/temp-database.js';

const temp = useTempDatabase();
let now = 0;
let accountIds: number[] = [];

beforeEach(() => {
  now = Date.UTC(2026, 10, 28, 9);
  const insert = temp.db.prepare(
    `INSERT INTO accounts (login, address, prenom, nom, numen_hash, password_hash, created_at) VALUES (?, ?, 'P', 'N', 'x', 'x', '')`,
  );
  accountIds = ['chabotte', 'mlefevre'].map((login) => Number(insert.run(login, `${login}@ac-test.fr`).lastInsertRowid));
});
afterEach(() => {
  accountIds = [];
});

describe('the clients an account signed in from', () => {
  it('knows an address for 30 days after its last sign-in, for that account only', () => {
    const [charlotte, marc] = accountIds as [number, number];
    const known = new KnownClients(temp.db, () => now);
    known.rememberAddress(charlotte, '192.0.2.1');
    expect(known.knowsAddress(charlotte, '192.0.2.1')).toBe(true);
    expect(known.knowsAddress(marc, '192.0.2.1')).toBe(false);
    expect(known.knowsAddress(charlotte, '192.0.2.2')).toBe(false);
    now += KNOWN_ADDRESS_MS;
    expect(known.knowsAddress(charlotte, '192.0.2.1')).toBe(false);
  });

  it('gives a browser one token for every account, and replaces a token it never issued', () => {
    const [charlotte, marc] = accountIds as [number, number];
    const known = new KnownClients(temp.db, () => now);
    const planted = 'A'.repeat(43);
    const token = known.rememberBrowser(charlotte, planted);
    expect(token).not.toBe(planted);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(known.rememberBrowser(marc, token)).toBe(token); // the school's shared computer
    expect(known.knowsBrowser(charlotte, token)).toBe(true);
    expect(known.knowsBrowser(marc, token)).toBe(true);
    expect(known.knowsBrowser(charlotte, planted)).toBe(false);
    expect(known.knowsBrowser(charlotte, null)).toBe(false);
    // Only a hash is stored: the database does not give working cookies.
    expect(temp.db.prepare(`SELECT value FROM auth_known_clients WHERE kind = 'browser'`).pluck(true).all()).not.toContain(token);
  });

  it('lets a sign-in succeed on a full disk, remembering nothing', () => {
    const known = new KnownClients(temp.db, () => now);
    fillTheDisk(temp.db);
    for (let i = 0; i < 300; i++) expect(() => known.rememberAddress(accountIds[0]!, `198.51.100.${i}`)).not.toThrow();
  });
});
