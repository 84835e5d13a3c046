import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { SERVICE_LOGIN } from '../../../src/accounts/authenticate.js';
import { imapClient, RawImap } from '../../helpers/imap.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../../helpers/webmel.js';

let webmel: TestWebmel;
let charlotte: Account;
let numen: string;

beforeEach(async () => {
  webmel = await startTestWebmel();
  numen = testNumen();
  charlotte = webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
});
afterEach(async () => webmel.stop());

describe('IMAP authentication', () => {
  it('greets with capabilities and AUTH=PLAIN on loopback', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    const lines = await imap.command('a1 CAPABILITY');
    expect(lines[0]).toMatch(/^\* CAPABILITY IMAP4rev1 .*AUTH=PLAIN/);
    expect(lines[1]).toMatch(/^a1 OK/);
    imap.close();
  });

  it('logs in with imapflow using the login, the address or an accented capitalised login', async () => {
    for (const user of ['chabotte', charlotte.address, 'CHABOTTÉ']) {
      const client = await imapClient(webmel.ports.imap, user, numen);
      expect(client.authenticated).toBeTruthy();
      await client.logout();
    }
  });

  it('refuses a wrong password with NO [AUTHENTICATIONFAILED] and the same answer for an unknown user', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    expect((await imap.command('a1 LOGIN chabotte wrong')).at(-1)).toMatch(/^a1 NO \[AUTHENTICATIONFAILED\] /);
    expect((await imap.command('a2 LOGIN nobody wrong')).at(-1)).toMatch(/^a2 NO \[AUTHENTICATIONFAILED\] /);
    imap.close();
  });

  it('lets the webmail service identity act for a user with AUTHENTICATE PLAIN, and nobody else', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    const good = Buffer.from(`chabotte\0${SERVICE_LOGIN}\0${webmel.config.serviceSecret}`).toString('base64');
    const bad = Buffer.from(`chabotte\0${SERVICE_LOGIN}\0not-the-secret`).toString('base64');
    expect((await imap.command(`a1 AUTHENTICATE PLAIN ${bad}`)).at(-1)).toMatch(/^a1 NO /);
    expect((await imap.command(`a2 AUTHENTICATE PLAIN ${good}`)).at(-1)).toMatch(/^a2 OK /);
    imap.close();
    const other = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
    const imap2 = await RawImap.connect(webmel.ports.imap);
    const asOther = Buffer.from(`${other.login}\0chabotte\0${numen}`).toString('base64');
    expect((await imap2.command(`b1 AUTHENTICATE PLAIN ${asOther}`)).at(-1)).toMatch(/^b1 NO /);
    imap2.close();
  });

  it('supports AUTHENTICATE with a continuation', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    imap.send('a1 AUTHENTICATE PLAIN\r\n');
    await imap.until((l) => l.startsWith('+'));
    imap.send(`${Buffer.from(`\0chabotte\0${numen}`).toString('base64')}\r\n`);
    expect((await imap.until((l) => l.startsWith('a1 '))).at(-1)).toMatch(/^a1 OK /);
    imap.close();
  });

  it('refuses an address after repeated failures for the account, even for the right password', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    for (let i = 0; i < 10; i++) await imap.command(`f${i} LOGIN chabotte wrong${i}`);
    expect((await imap.command(`z1 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^z1 NO \[UNAVAILABLE\] /);
    imap.close();
  });

  it('answers BAD to unknown commands and commands in the wrong state, and BYE after too many', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    expect((await imap.command('a1 FROBNICATE')).at(-1)).toMatch(/^a1 BAD /);
    expect((await imap.command('a2 CHECK')).at(-1)).toMatch(/^a2 BAD /);
    for (let i = 0; i < 30 && !imap.socket.destroyed; i++) imap.send(`x${i} BOGUS\r\n`);
    await imap.until((l) => l.startsWith('* BYE'));
    imap.close();
  });
});
