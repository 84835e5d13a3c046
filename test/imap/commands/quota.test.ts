// QUOTA (RFC 9208) with the STORAGE resource in KiB: GETQUOTAROOT, GETQUOTA, SETQUOTA refused.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { MIB } from '../../../src/config.js';
import { INBOX } from '../../../src/store/mail-store.js';
import { imapClient, RawImap, useImapTestBed } from '../../helpers/imap.js';
import type { TestWebmel } from '../../helpers/webmel.js';

const bed = useImapTestBed();
const { raws } = bed;
let webmel: TestWebmel;
let charlotte: Account;
let numen: string;
beforeEach(() => {
  ({ webmel, charlotte, numen } = bed);
});
/** A raw session, logged in. */
const raw = (port?: number) => bed.raw(port);

function deliver(bodyBytes: number): void {
  const message = `From: dpe@ac-paris.fr\r\nTo: ${charlotte.address}\r\nSubject: pièce\r\n\r\n${'x'.repeat(bodyBytes)}\r\n`;
  webmel.services.delivery.deliver(Buffer.from(message), 'dpe@ac-paris.fr', [charlotte]);
}

function usedKiB(): number {
  return Math.ceil(webmel.services.store.usage(charlotte.id).usedBytes / 1024);
}

describe('QUOTA', () => {
  it('gives imapflow the root, the usage and the 50 MiB limit', async () => {
    deliver(3000);
    const client = await imapClient(webmel.ports.imap, 'chabotte', numen);
    try {
      const quota = await client.getQuota(INBOX);
      expect(quota).toMatchObject({ path: INBOX, quotaRoot: 'User quota' });
      if (!quota) throw new Error('no quota');
      expect(quota.storage).toMatchObject({ usage: usedKiB() * 1024, limit: 50 * MIB });
    } finally {
      await client.logout();
    }
  });

  it('answers GETQUOTAROOT for any folder with one non-empty root, in KiB rounded up', async () => {
    deliver(1500);
    expect(webmel.services.store.usage(charlotte.id).usedBytes % 1024).not.toBe(0);
    const imap = await raw();
    expect(await imap.command('q1 GETQUOTAROOT INBOX')).toEqual([
      '* QUOTAROOT "INBOX" "User quota"',
      `* QUOTA "User quota" (STORAGE ${usedKiB()} 51200)`,
      expect.stringMatching(/^q1 OK/),
    ]);
    expect((await imap.command('q2 GETQUOTAROOT "Envoy&AOk-s"')).slice(0, 2)).toEqual([
      '* QUOTAROOT "Envoy&AOk-s" "User quota"',
      `* QUOTA "User quota" (STORAGE ${usedKiB()} 51200)`,
    ]);
    expect(await imap.command('q3 GETQUOTA "User quota"')).toEqual([
      `* QUOTA "User quota" (STORAGE ${usedKiB()} 51200)`,
      expect.stringMatching(/^q3 OK/),
    ]);
  });

  it('follows usage and a limit changed by an administrator during the session', async () => {
    const imap = await raw();
    expect((await imap.command('q1 GETQUOTA "User quota"'))[0]).toBe('* QUOTA "User quota" (STORAGE 0 51200)');
    deliver(10_000);
    webmel.services.accounts.setQuota(charlotte.id, 100 * MIB);
    expect((await imap.command('q2 GETQUOTA "User quota"'))[0]).toBe(`* QUOTA "User quota" (STORAGE ${usedKiB()} 102400)`);
  });

  it('refuses unknown roots and folders, SETQUOTA, and bad syntax', async () => {
    const imap = await raw();
    expect(await imap.command('q1 GETQUOTA ""')).toEqual([expect.stringMatching(/^q1 NO \[NONEXISTENT\] /)]);
    expect(await imap.command('q2 GETQUOTAROOT Nulle-part')).toEqual([expect.stringMatching(/^q2 NO \[NONEXISTENT\] /)]);
    expect(await imap.command('q3 SETQUOTA "User quota" (STORAGE 999999)')).toEqual([expect.stringMatching(/^q3 NO \[NOPERM\] /)]);
    expect(await imap.command('q4 SETQUOTA "User quota" (STORAGE)')).toEqual([expect.stringMatching(/^q4 BAD /)]);
    expect(await imap.command('q5 GETQUOTA')).toEqual([expect.stringMatching(/^q5 BAD /)]);
    expect(webmel.services.accounts.byId(charlotte.id)?.quotaBytes).toBeNull();
  });

  it('advertises QUOTA=RES-STORAGE after login only', async () => {
    const anonymous = await RawImap.connect(webmel.ports.imap);
    raws.push(anonymous);
    expect((await anonymous.command('c1 CAPABILITY'))[0]).not.toContain('QUOTA');
    expect((await anonymous.command('c2 GETQUOTAROOT INBOX')).at(-1)).toMatch(/^c2 BAD /);
    const imap = await raw();
    expect((await imap.command('c3 CAPABILITY'))[0]).toMatch(/ QUOTA QUOTA=RES-STORAGE /);
  });
});
