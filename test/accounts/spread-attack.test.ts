/**
 * A guesser spread over many addresses, each staying under its own limits: past 100 failures in
 * 24 hours (NIST SP 800-63B §5.2.2) the account refuses new browsers and addresses only. Its
 * owner's browser (device cookie) and mail clients (addresses that signed in before) still get
 * in; she is told by one « Tentatives de connexion » message; admins see it and lift it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { MAX_ACCOUNT_FAILURES, MAX_FAILURES_PER_PAIR } from '../../src/accounts/failure-limiter.js';
import { hashSecretSync } from '../../src/accounts/password.js';
import { runCli } from '../../src/cli/run-cli.js';
import { INBOX } from '../../src/store/mail-store.js';
import { DEVICE_COOKIE } from '../../src/web/auth/device-cookie.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';
import { BrowserFrom, ImapFrom, imapLoginFrom, submissionAuthFrom } from '../helpers/sign-in-from.js';

const PASSWORD = 'Tableau-Noir-2024!';

let webmel: TestWebmel;
let charlotte: Account;

beforeEach(async () => {
  webmel = await startTestWebmel();
  const account = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  webmel.services.accounts.setPasswordHash(account.id, hashSecretSync(PASSWORD), false);
  charlotte = webmel.services.accounts.byId(account.id)!;
});
afterEach(() => webmel.stop());

/** Failed LOGINs for Charlotte from 127.0.1.1, 127.0.1.2…, each address under its own limit. */
async function spreadFailures(count: number, firstHost = 1): Promise<void> {
  const perAddress = MAX_FAILURES_PER_PAIR - 1;
  for (let host = firstHost, done = 0; done < count; host++) {
    const imap = await ImapFrom.open(webmel.ports.imap, `127.0.1.${host}`);
    try {
      for (let i = 0; i < perAddress && done < count; i++, done++) {
        expect(await imap.login('chabotte', `faux-${done}`)).toMatch(/ NO \[AUTHENTICATIONFAILED\] /);
      }
    } finally {
      imap.close();
    }
  }
}

function alertsInInbox(): string[] {
  const store = webmel.services.store;
  const inbox = store.getMailbox(charlotte.id, INBOX);
  const uids = store.messageIndex(inbox.id).map((m) => m.uid);
  return store
    .messagesByUids(inbox.id, uids)
    .map((row) => store.raw(row.contentId).toString('latin1'))
    .filter((raw) => /^Subject: Tentatives de connexion\r$/m.test(raw));
}

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    env: { WEBMEL_DATA_DIR: webmel.config.dataDir, WEBMEL_DOMAIN: webmel.config.domain },
    cwd: webmel.config.dataDir,
  });
  return { code, out };
}

describe('a sign-in attack spread over many addresses', () => {
  it('past 100 failures in 24 hours, refuses only the browsers and addresses the account never signed in from', async () => {
    // Before the attack: Charlotte's browser, her mail client and her phone's submission.
    const laptop = new BrowserFrom(webmel.ports.http, '127.0.0.10');
    const first = await laptop.signIn('chabotte', PASSWORD);
    expect(first.status).toBe(303);
    const deviceCookie = first.headers.getSetCookie().find((line) => line.startsWith(`${DEVICE_COOKIE}=`))!;
    expect(deviceCookie).toMatch(/; HttpOnly/);
    expect(deviceCookie).toMatch(/; SameSite=Lax/);
    expect(deviceCookie).toMatch(/; Path=\//);
    expect(deviceCookie).toMatch(/; Max-Age=\d{8}/);
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.11', 'chabotte', PASSWORD)).toMatch(/^t1 OK /);
    expect(await submissionAuthFrom(webmel.ports.submission, '127.0.0.12', 'chabotte', PASSWORD)).toMatch(/^235 /);

    // At 100 failures, nothing changes yet for a new address.
    await spreadFailures(MAX_ACCOUNT_FAILURES);
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.30', 'chabotte', PASSWORD)).toMatch(/^t1 OK /);
    expect(alertsInInbox()).toHaveLength(0);
    await spreadFailures(1, 200);

    // Her browser, even on another network, and her mail clients' addresses still sign in.
    const athome = laptop.laterOn('127.0.0.20');
    expect((await athome.signIn('chabotte', PASSWORD)).status).toBe(303);
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.11', 'chabotte', PASSWORD)).toMatch(/^t1 OK /);
    expect(await submissionAuthFrom(webmel.ports.submission, '127.0.0.12', 'chabotte', PASSWORD)).toMatch(/^235 /);
    // A new browser, even on her laptop's network, and new addresses get the temporary refusal.
    const stranger = await new BrowserFrom(webmel.ports.http, '127.0.0.10').signIn('chabotte', PASSWORD);
    expect(stranger.status).toBe(429);
    expect(stranger.text).toContain('Trop de tentatives de connexion ont échoué');
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.21', 'chabotte', PASSWORD)).toMatch(/^t1 NO \[UNAVAILABLE\] /);
    expect(await submissionAuthFrom(webmel.ports.submission, '127.0.0.22', 'chabotte', PASSWORD)).toMatch(/^454 4\.7\.0 /);
    // Another account is not concerned.
    const marc = webmel.addAccount({ prenom: 'Marc', nom: 'Durand' });
    webmel.services.accounts.setPasswordHash(marc.id, hashSecretSync(PASSWORD), false);
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.21', marc.login, PASSWORD)).toMatch(/^t1 OK /);

    // Charlotte is told once, in French, not again for the failures that follow (a known
    // address's wrong passwords are still checked, a new one's no longer are).
    const known = await ImapFrom.open(webmel.ports.imap, '127.0.0.11');
    for (let i = 0; i < 5; i++) expect(await known.login('chabotte', `faux-${i}`)).toMatch(/ NO \[AUTHENTICATIONFAILED\] /);
    known.close();
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.2.1', 'chabotte', 'faux')).toMatch(/ NO \[UNAVAILABLE\] /);
    const alerts = alertsInInbox();
    expect(alerts).toHaveLength(1);
    const body = alerts[0]!.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const text = Buffer.from(body, 'latin1').toString('utf8');
    expect(text).toContain('Bonjour Charlotte Habotté');
    expect(text).toContain('il fonctionne toujours depuis vos appareils habituels');
    expect(text).toContain(`${webmel.config.publicUrl}/account`);
    expect(text).toContain('Auto-Submitted: auto-generated');

    // Admins see the account and the addresses, and lift the suspension.
    const lockouts = JSON.parse((await cli('user', 'lockouts', '--json')).out) as {
      accounts: Array<{ login: string; failures: number; addresses: number; since: string; notifiedAt: string | null }>;
      addresses: Array<{ address: string; attempts: number; accounts: Array<{ login: string }> }>;
    };
    expect(lockouts.accounts).toEqual([
      expect.objectContaining({ login: 'chabotte', failures: MAX_ACCOUNT_FAILURES + 6, addresses: 14, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), notifiedAt: expect.any(String) }),
    ]);
    // Each address stayed under its own limits.
    expect(lockouts.addresses).toEqual([]);
    const table = await cli('user', 'lockouts');
    expect(table.out).toMatch(/chabotte\s+106\s+14\s/);

    expect(await cli('user', 'unlock', 'CHABOTTÉ')).toMatchObject({ code: 0 });
    expect(JSON.parse((await cli('user', 'lockouts', '--json')).out)).toEqual({ accounts: [], addresses: [] });
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.21', 'chabotte', PASSWORD)).toMatch(/^t1 OK /);
    expect((await new BrowserFrom(webmel.ports.http, '127.0.0.23').signIn('chabotte', PASSWORD)).status).toBe(303);
    expect(await cli('user', 'unlock', 'personne')).toMatchObject({ code: 1 });
  });

  it('shows the addresses being refused, with their counts and since when', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_PAIR + 2; i++) await imapLoginFrom(webmel.ports.imap, '127.0.0.40', 'chabotte', 'faux');
    const { addresses } = JSON.parse((await cli('user', 'lockouts', '--json')).out) as {
      addresses: Array<{ address: string; attempts: number; since: string; everywhere: boolean; accounts: Array<{ login: string; attempts: number }> }>;
    };
    expect(addresses).toEqual([
      expect.objectContaining({ address: '127.0.0.40', attempts: 12, since: expect.stringMatching(/^\d{4}-/), everywhere: false, accounts: [expect.objectContaining({ login: 'chabotte', attempts: 12 })] }),
    ]);
    expect((await cli('user', 'lockouts')).out).toMatch(/127\.0\.0\.40\s+12\s+.*chabotte \(12\)/);
  });
});
