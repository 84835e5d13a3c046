/**
 * Sign-in must not tell which accounts exist (issue 15, finding 4): an unknown login, a wrong
 * password and an account still on its NUMEN each cost exactly one scrypt verification and get
 * the same answer. Counted through password.ts's observer rather than timed: a count does not
 * depend on the machine's load.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashSecretSync, observeVerificationsForTests } from '../../src/accounts/password.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';
import { BrowserFrom, imapLoginFrom } from '../helpers/sign-in-from.js';

const PASSWORD = 'Tableau-Noir-2024!';

let webmel: TestWebmel;
let numen: string;
let verifications = 0;

beforeEach(async () => {
  webmel = await startTestWebmel();
  numen = testNumen();
  webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen }); // chabotte, still on her NUMEN
  const marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' }); // mlefevre, with a password of his own
  webmel.services.accounts.setPasswordHash(marc.id, hashSecretSync(PASSWORD), false);
  observeVerificationsForTests(() => verifications++);
});
afterEach(async () => {
  observeVerificationsForTests(null);
  await webmel.stop();
});

/** Runs `attempt` and returns its answer with the number of verifications it cost. */
async function costOf<T>(attempt: () => Promise<T>): Promise<{ answer: T; verifications: number }> {
  verifications = 0;
  const answer = await attempt();
  return { answer, verifications };
}

const CASES = [
  { name: 'an unknown login', login: 'zinconnu' },
  { name: 'a wrong password', login: 'mlefevre' },
  { name: 'an account on its NUMEN', login: 'chabotte' },
];

describe('the cost of a failed sign-in', () => {
  it('is one verification and the same IMAP answer for an unknown login, a wrong password and an account on its NUMEN', async () => {
    for (const { name, login } of CASES) {
      const { answer, verifications } = await costOf(() => imapLoginFrom(webmel.ports.imap, '127.0.0.2', login, 'Pas-le-bon-1!'));
      expect(verifications, name).toBe(1);
      expect(answer, name).toBe('t1 NO [AUTHENTICATIONFAILED] Identifiant ou mot de passe incorrect');
    }
  });

  it('is one verification and the same page on the web, and for « Mot de passe oublié »', async () => {
    const pages = new Set<string>();
    for (const { name, login } of CASES) {
      const browser = new BrowserFrom(webmel.ports.http, '127.0.0.3');
      const { answer, verifications } = await costOf(() => browser.signIn(login, 'Pas-le-bon-1!'));
      expect(verifications, name).toBe(1);
      expect(answer.status, name).toBe(401);
      pages.add(/role="alert"><p>([^<]*)</.exec(answer.text)?.[1] ?? '');
    }
    expect([...pages]).toEqual(['Identifiant ou mot de passe incorrect.']);

    for (const { name, login } of CASES) {
      const browser = new BrowserFrom(webmel.ports.http, '127.0.0.4');
      await browser.get('/password/forgot');
      const fields = { login, birthDate: '12/04/1985', numen: '02G2099999ZZZ', password: 'Cahier-de-Texte-42?', confirmation: 'Cahier-de-Texte-42?' };
      const { answer, verifications } = await costOf(() => browser.post('/password/forgot', fields));
      expect(verifications, name).toBe(1);
      expect(answer.status, name).toBe(401);
    }
  });

  it('still accepts the NUMEN typed with spaces in lower case, with one verification', async () => {
    const typed = numen.toLowerCase().replace(/(.{3})/g, '$1 ');
    const { answer, verifications } = await costOf(() => imapLoginFrom(webmel.ports.imap, '127.0.0.5', 'Chabotté', typed));
    expect(answer).toMatch(/^t1 OK /);
    expect(verifications).toBe(1);
  });
});
