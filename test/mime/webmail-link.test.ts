import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { MIB } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { webmailLink } from '../../src/mime/webmail-link.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

const PUBLIC_URL = 'https://webmel.ac-test.fr';

let webmel: TestWebmel | undefined;
afterEach(async () => {
  await webmel?.stop();
  webmel = undefined;
});

/** The decoded text of the INBOX messages whose subject starts with `subject`. */
async function textsOf(account: Account, subject: string): Promise<string[]> {
  const { store } = webmel!.services;
  const inbox = store.getMailbox(account.id, INBOX);
  const rows = store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).filter((m) => m.subject.startsWith(subject));
  return Promise.all(rows.map(async (row) => (await simpleParser(store.raw(row.contentId))).text ?? ''));
}

describe('links in the mail Webmel writes', () => {
  it('point the quota warning to « Libérer de l’espace » at WEBMEL_PUBLIC_URL', async () => {
    webmel = await startTestWebmel({ quotaBytes: MIB, publicUrl: PUBLIC_URL });
    const charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const raw = Buffer.from(`Subject: gros\r\n\r\n${'x'.repeat(900 * 1024)}`);
    webmel.services.store.deliver(prepareMessage(raw), [{ accountId: charlotte.id, limitBytes: 0, bypassQuota: true }]);
    const [warning] = await textsOf(charlotte, 'Votre messagerie est remplie');
    expect(warning).toContain(`${PUBLIC_URL}/space`);
    expect(warning).not.toMatch(/https?:\/\/(localhost|127\.0\.0\.1)/);
  });

  it('point the demo welcome to the webmail’s sign-in page at WEBMEL_PUBLIC_URL', async () => {
    webmel = await startTestWebmel({ demo: true, publicUrl: PUBLIC_URL });
    const charlotte = webmel.services.accounts.byLoginOrAddress('chabotte')!;
    const [welcome] = await textsOf(charlotte, 'Bienvenue');
    expect(welcome).toContain(`${PUBLIC_URL}/login`);
  });

  it('are built by one function that encodes the query and refuses paths of another site', () => {
    expect(webmailLink(PUBLIC_URL, '/space')).toBe(`${PUBLIC_URL}/space`);
    expect(webmailLink('https://mail.example/webmel', '/unsubscribe', { list: 'a&b', t: 'é' })).toBe('https://mail.example/webmel/unsubscribe?list=a%26b&t=%C3%A9');
    expect(() => webmailLink(PUBLIC_URL, '//evil.example/x')).toThrow();
    expect(() => webmailLink(PUBLIC_URL, 'space')).toThrow();
  });
});
