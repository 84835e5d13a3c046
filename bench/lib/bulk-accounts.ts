/**
 * An académie's worth of accounts for a benchmark, made in a few seconds rather than in the
 * hours that 100,000 × AccountStore.create would take (two scrypt hashes each, about 50 ms):
 * ONE hash of the shared password with the project's own hashing (src/accounts/password.ts),
 * the accounts table filled in a few transactions, each account's default folders from the
 * store (provisionAccount, in the same transaction), and its annuaire entry through the
 * directory writer, as AccountStore.create would record it (recordAccount: mailbox 'active'),
 * in one bulk transaction, so that the audience `all` reaches every one.
 *
 * Accounts are `agent<i>` (login) / `agent<i>@<domain>`, i from 0, all with the same password
 * (chosen, not their NUMEN: IMAP refuses an account still on its NUMEN).
 */
import { hashSecretSync } from '../../src/accounts/password.js';
import type { Services } from '../../src/services.js';

/** Accounts per store transaction: 600,000 folder rows in four commits. */
const ACCOUNTS_PER_TRANSACTION = 25_000;

export interface BulkAccount {
  login: string;
  address: string;
}

export function bulkAccount(i: number, domain: string): BulkAccount {
  return { login: `agent${i}`, address: `agent${i}@${domain}` };
}

/** Seconds each step took, for the bench to print (setup is never part of the figures). */
export interface BulkTimings {
  hashSeconds: number;
  accountsSeconds: number;
  directorySeconds: number;
}

export function createBulkAccounts(services: Services, count: number, password: string): BulkTimings {
  const { db, store, directory, config } = services;
  let t = performance.now();
  const hash = hashSecretSync(password);
  const hashSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  // The columns AccountStore.create writes (src/accounts/schema.ts, step 18); the NUMEN's hash
  // is the password's: nobody signs in with a NUMEN here.
  const insert = db.prepare(
    `INSERT INTO accounts (login, address, prenom, nom, role, sector, fonction, numen_hash, password_hash, password_is_numen, created_at)
     VALUES (?, ?, 'Agent', ?, 'enseignant', 'public', 'professeur des écoles', ?, ?, 0, ?)`,
  );
  const createdAt = new Date().toISOString();
  let made = 0;
  for (let from = 0; from < count; from += ACCOUNTS_PER_TRANSACTION) {
    store.write(() => {
      for (let i = from; i < Math.min(count, from + ACCOUNTS_PER_TRANSACTION); i++) {
        const { login, address } = bulkAccount(i, config.domain);
        const id = Number(insert.run(login, address, `Banc${i}`, hash, hash, createdAt).lastInsertRowid);
        // Joins this transaction (a savepoint): INBOX, Brouillons, Envoyés… and the usage row.
        store.provisionAccount(id);
        made++;
      }
    });
  }
  const accountsSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  directory.writer.transaction(
    () => {
      for (let i = 0; i < made; i++) {
        const { address } = bulkAccount(i, config.domain);
        directory.writer.recordAccount({ address, nom: `Banc${i}`, prenom: 'Agent', fonction: 'professeur des écoles', role: 'enseignant', uai: null, disabled: false });
      }
    },
    { bulk: true },
  );
  const directorySeconds = (performance.now() - t) / 1000;
  return { hashSeconds, accountsSeconds, directorySeconds };
}
