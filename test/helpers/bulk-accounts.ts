/**
 * Thousands of accounts in one transaction, for the tests of mass delivery: one scrypt hash for
 * all (they never sign in), their folders, and their entries in the annuaire, as
 * AccountStore.create would leave them.
 */
import { accountRecord } from '../../src/accounts/account-store.js';
import { hashSecretSync } from '../../src/accounts/password.js';
import type { Services } from '../../src/services.js';

export function bulkAccounts(services: Services, count: number, prefix = 'agent'): number[] {
  const hash = hashSecretSync('02G0000000ABC');
  const insert = services.db.prepare(
    `INSERT INTO accounts (login, address, prenom, nom, numen_hash, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const created = new Date().toISOString();
  const ids: number[] = [];
  services.store.write(() => {
    for (let i = 0; i < count; i++) {
      const nom = `${prefix}${i}`;
      const info = insert.run(`a${nom}`, `agent.${nom}@${services.config.domain}`, 'Agent', nom, hash, hash, created);
      ids.push(Number(info.lastInsertRowid));
    }
  });
  services.directory.writer.transaction(() => {
    for (const id of ids) services.directory.recordAccount(accountRecord(services.accounts.byId(id)!));
  });
  services.store.write(() => {
    for (const id of ids) services.store.provisionAccount(id);
  });
  return ids;
}
