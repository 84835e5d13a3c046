/**
 * The sign-in limits of issue 15 over real sockets, from several loopback addresses: failures
 * count per account and address pair and per address, whatever the protocol, reserved before any
 * password is checked, refusals included; a guesser elsewhere never locks the owner out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { SERVICE_LOGIN } from '../../src/accounts/authenticate.js';
import { MAX_FAILURES_PER_IP, MAX_FAILURES_PER_PAIR } from '../../src/accounts/failure-limiter.js';
import { hashSecretSync, observeVerificationsForTests } from '../../src/accounts/password.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';
import { BrowserFrom, ImapFrom, imapAuthenticateFrom, imapLoginFrom, submissionAuthFrom } from '../helpers/sign-in-from.js';

const PASSWORD = 'Tableau-Noir-2024!';

let webmel: TestWebmel;

/** An account whose password is PASSWORD (not the NUMEN any more: the web sends it to its INBOX). */
function person(prenom: string, nom: string): Account {
  const account = webmel.addAccount({ prenom, nom });
  webmel.services.accounts.setPasswordHash(account.id, hashSecretSync(PASSWORD), false);
  return account;
}

/** One attempt through each of the four sign-in paths, in turn. */
type Path = 'web' | 'imap-login' | 'imap-authenticate' | 'submission';
const PATHS: readonly Path[] = ['web', 'imap-login', 'imap-authenticate', 'submission'];

async function attempt(path: Path, from: string, login: string, password: string): Promise<string> {
  switch (path) {
    case 'web': {
      const answer = await new BrowserFrom(webmel.ports.http, from).signIn(login, password);
      return String(answer.status);
    }
    case 'imap-login':
      return imapLoginFrom(webmel.ports.imap, from, login, password);
    case 'imap-authenticate':
      return imapAuthenticateFrom(webmel.ports.imap, from, login, password);
    case 'submission':
      return submissionAuthFrom(webmel.ports.submission, from, login, password);
  }
}

/** What each path answers: accepted, a checked wrong password, or the limits' temporary refusal. */
const ACCEPTED: Record<Path, RegExp> = { web: /^303$/, 'imap-login': /^t\d+ OK /, 'imap-authenticate': /^t\d+ OK /, submission: /^235 / };
const WRONG: Record<Path, RegExp> = {
  web: /^401$/,
  'imap-login': /^t\d+ NO \[AUTHENTICATIONFAILED\] /,
  'imap-authenticate': /^t\d+ NO \[AUTHENTICATIONFAILED\] /,
  submission: /^535 5\.7\.8 /,
};
const LIMITED: Record<Path, RegExp> = {
  web: /^429$/,
  'imap-login': /^t\d+ NO \[UNAVAILABLE\] /,
  'imap-authenticate': /^t\d+ NO \[UNAVAILABLE\] /,
  submission: /^454 4\.7\.0 /,
};

beforeEach(async () => {
  // Sixty connections from one address: above any per-address connection cap.
  webmel = await startTestWebmel({ imapMaxPerIp: 1000 });
  person('Charlotte', 'Habotté'); // chabotte
});
afterEach(async () => {
  observeVerificationsForTests(null);
  await webmel.stop();
});

describe('sign-in limits', () => {
  it('never locks the owner out: after 30 failures from one address, her password from another works on the web, IMAP and submission', async () => {
    for (let i = 0; i < 30; i++) await attempt(PATHS[i % PATHS.length]!, '127.0.0.2', 'chabotte', `faux-${i}`);
    // The guesser's own address is refused, even with the right password…
    expect(await attempt('imap-login', '127.0.0.2', 'chabotte', PASSWORD)).toMatch(LIMITED['imap-login']);
    // …but Charlotte, elsewhere, is not.
    const browser = new BrowserFrom(webmel.ports.http, '127.0.0.3');
    const signIn = await browser.signIn('chabotte', PASSWORD);
    expect(signIn.status).toBe(303);
    expect(signIn.location).toBe('/mailboxes/INBOX');
    expect(await attempt('imap-login', '127.0.0.3', 'chabotte', PASSWORD)).toMatch(ACCEPTED['imap-login']);
    expect(await attempt('submission', '127.0.0.3', 'chabotte', PASSWORD)).toMatch(ACCEPTED.submission);
  });

  it('counts a burst of 60 parallel IMAP LOGINs before checking any: at most 10 passwords are verified, the others get NO [UNAVAILABLE]', async () => {
    const connections = await Promise.all(Array.from({ length: 60 }, () => ImapFrom.open(webmel.ports.imap, '127.0.0.4')));
    let verifications = 0;
    observeVerificationsForTests(() => verifications++);
    try {
      const replies = await Promise.all(connections.map((imap, i) => imap.login('chabotte', `faux-${i}`)));
      expect(verifications).toBeLessThanOrEqual(MAX_FAILURES_PER_PAIR);
      expect(replies.filter((reply) => / NO \[AUTHENTICATIONFAILED\] /.test(reply))).toHaveLength(verifications);
      expect(replies.filter((reply) => / NO \[UNAVAILABLE\] /.test(reply))).toHaveLength(60 - verifications);
    } finally {
      for (const imap of connections) imap.close();
    }
  });

  it('limits one address over all four paths together: 10 guesses per account, 50 in all, the refused attempts counted', async () => {
    const guesser = '127.0.0.5';
    // Ten wrong passwords for Charlotte, spread over the four paths, are each checked…
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      const path = PATHS[i % PATHS.length]!;
      expect(await attempt(path, guesser, 'chabotte', `faux-${i}`), path).toMatch(WRONG[path]);
    }
    // …then every path refuses this address for her account, even her right password: 4 more attempts, counted.
    for (const path of PATHS) expect(await attempt(path, guesser, 'chabotte', PASSWORD), path).toMatch(LIMITED[path]);

    // Other logins from the same address are still checked, up to 50 attempts in all.
    const marc = person('Marc', 'Lefèvre');
    const counted = MAX_FAILURES_PER_PAIR + PATHS.length;
    for (let i = 0; i < MAX_FAILURES_PER_IP - counted - 1; i++) {
      const path = PATHS[i % PATHS.length]!;
      expect(await attempt(path, guesser, `zinconnu${i % 4}`, 'faux'), path).toMatch(WRONG[path]);
    }
    // At 49, a right password from this address still goes through (and a success is not counted).
    expect(await attempt('imap-login', guesser, marc.login, PASSWORD)).toMatch(ACCEPTED['imap-login']);
    // The 50th attempt: had the four refusals not been counted, the address would have 46 and go on.
    expect(await attempt('submission', guesser, 'zinconnu9', 'faux')).toMatch(WRONG.submission);
    for (const path of PATHS) expect(await attempt(path, guesser, marc.login, PASSWORD), path).toMatch(LIMITED[path]);
    // Another address is not concerned.
    expect(await attempt('imap-authenticate', '127.0.0.6', marc.login, PASSWORD)).toMatch(ACCEPTED['imap-authenticate']);
  });

  it('keeps the webmail working when its loopback address is limited: the right service secret is always accepted', async () => {
    const charlotte = person('Charlotte', 'Habotté');
    // Any local process failing from 127.0.0.1, the address the webmail connects from.
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) await imapLoginFrom(webmel.ports.imap, '127.0.0.1', `zinconnu${i}`, 'faux');
    expect(await imapLoginFrom(webmel.ports.imap, '127.0.0.1', charlotte.login, PASSWORD)).toMatch(LIMITED['imap-login']);
    const imap = await ImapFrom.open(webmel.ports.imap, '127.0.0.1');
    try {
      expect(await imap.authenticatePlain(SERVICE_LOGIN, webmel.config.serviceSecret, charlotte.login)).toMatch(/^t1 OK /);
    } finally {
      imap.close();
    }
    // A wrong secret is still refused, as a limited address is.
    expect(await submissionAuthFrom(webmel.ports.submission, '127.0.0.1', SERVICE_LOGIN, 'pas-le-secret')).toMatch(LIMITED.submission);
    // And the webmail itself, which reads her mail through that IMAP: she signs in and sees her INBOX.
    const browser = new BrowserFrom(webmel.ports.http, '127.0.0.7');
    expect((await browser.signIn(charlotte.login, PASSWORD)).status).toBe(303);
    expect((await browser.get('/mailboxes/INBOX')).status).toBe(200);
  });
});
