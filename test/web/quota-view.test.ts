import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIB } from '../../src/config.js';
import { startWebTest, visibleText, GOOD_PASSWORD, type WebTest } from '../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

/** A message of about `bytes` bytes. */
function messageOf(bytes: number, n: number): string {
  const body = 'x'.repeat(76) + '\n';
  return `From: a@ac-test.fr\nTo: b@ac-test.fr\nSubject: Remplissage ${n}\nMessage-ID: <fill-${n}-${Math.random()}@ac-test.fr>\n\n${body.repeat(Math.ceil(bytes / body.length))}`;
}

describe('quota meter', () => {
  it('shows « x,x Mo sur 50 Mo » on every page of a signed-in reader', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    t.deliver(account, messageOf(Math.round(1.2 * MIB), 1));
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    const page = await client.get('/account');
    expect(visibleText(page.text)).toMatch(/Espace utilisé : 1,2 Mo sur 50 Mo/);
    expect(page.text).toContain('class="quota quota--ok"');
    expect(page.text).toMatch(/<meter min="0" max="100" low="80" high="95" optimum="0" value="2\.\d"/);
  });

  it('turns amber at 80 %, red at 95 %, and shows the full-mailbox banner at 100 %', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    t.webmel.services.accounts.setQuota(account.id, 1 * MIB);
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    const steps: Array<[number, string, boolean]> = [
      [0.82 * MIB, 'quota--warn', false],
      [0.14 * MIB, 'quota--danger', false],
      [0.1 * MIB, 'quota--full', true],
    ];
    let n = 0;
    for (const [bytes, level, banner] of steps) {
      t.deliver(account, messageOf(bytes, ++n));
      const page = await client.get('/account');
      expect(page.text).toContain(`class="quota ${level}"`);
      expect(page.text.includes('id="quota-full"')).toBe(banner);
    }
    const full = await client.get('/account');
    expect(visibleText(full.text)).toContain('Votre boîte aux lettres est pleine');
    expect(visibleText(full.text)).toContain('Les messages qui vous sont adressés sont refusés');
  });
});
