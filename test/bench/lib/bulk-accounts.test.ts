import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src/app.js';
import { parseAudience } from '../../../src/directory/index.js';
import { testConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log/logger.js';
import { DEFAULT_MAILBOXES } from '../../../src/store/mail-store.js';
import { bulkAccount, createBulkAccounts } from '../../../bench/lib/bulk-accounts.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let services: Services;
beforeEach(() => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir), silentLogger);
});
afterEach(() => {
  services.close();
  temp.cleanup();
});

describe('bench accounts made in bulk', () => {
  it('are accounts as AccountStore.create makes them: folders, an open annuaire entry, a password that signs in', async () => {
    createBulkAccounts(services, 30, 'Banc-D-Essai-2024!');
    expect(services.accounts.count()).toBe(30);
    const { address, login } = bulkAccount(17, services.config.domain);
    const account = services.accounts.byAddress(address)!;
    expect(account.login).toBe(login);
    expect(services.store.listMailboxes(account.id).map((m) => m.name).sort()).toEqual(DEFAULT_MAILBOXES.map((m) => m.name).sort());
    expect(services.directory.audienceAddresses(parseAudience('all'))).toHaveLength(30);
    const signedIn = await services.auth.authenticate(login, 'Banc-D-Essai-2024!', { ip: '127.0.0.1' });
    expect(signedIn.ok).toBe(true);
    expect(services.directory.person(address)).toMatchObject({ prenom: 'Agent', nom: 'Banc17', role: 'enseignant', mailbox: 'active' });
  });
});
