/**
 * The webmail as `npm start` runs it: in a worker thread of its own, with its own database
 * connection, reading mail through the main thread's IMAP server. (The other web tests run it
 * in the test's thread, which starts faster.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_ACCOUNT } from '../../src/accounts/authenticate.js';
import type { RunningWebThread } from '../../src/web/web-thread.js';
import { imapClient } from '../helpers/imap.js';
import { plainMessage } from './mail-fixtures.js';
import { GOOD_PASSWORD, signedInUser, startWebTest, visibleText, type WebTest } from './web-harness.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest({ webThread: true });
});
afterEach(async () => {
  await t.stop();
});

describe('the webmail in its own thread', () => {
  it('shows mail the main thread stored, and the counts change as the reader and other clients act', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Réunion de rentrée', body: 'x' }));
    t.deliver(account, plainMessage({ subject: 'Sortie au musée', body: 'y' }));
    const list = await client.get('/mailboxes/INBOX');
    expect(visibleText(list.text)).toContain('Réunion de rentrée');
    expect(list.text).toContain('aria-label="Boîte de réception, 2 non lus"');

    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(list.text)![1];
    expect((await client.get(`/mailboxes/INBOX/messages/${uid}`)).status).toBe(200);
    expect((await client.get('/mailboxes/INBOX')).text).toContain('aria-label="Boîte de réception, 1 non lu"');

    // Another client deletes a message: the next page no longer shows it.
    const imap = await imapClient(t.webmel.ports.imap, account.login, GOOD_PASSWORD);
    try {
      await imap.mailboxOpen('INBOX');
      await imap.messageDelete({ subject: 'Sortie au musée' });
    } finally {
      await imap.logout();
    }
    const after = visibleText((await client.get('/mailboxes/INBOX')).text);
    expect(after).toContain('Réunion de rentrée');
    expect(after).not.toContain('Sortie au musée');
  });

  it('shares the sign-in failure count with IMAP on the main thread', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await t.client().signIn(account.login, `faux-${i}`);
    expect(await t.webmel.services.auth.authenticate(account.login, GOOD_PASSWORD, '203.0.113.9')).toEqual({ ok: false, reason: 'limited' });
  });

  it('comes back on the same port after the thread dies, and the session still holds', async () => {
    const { client } = await signedInUser(t);
    await (t.web as RunningWebThread).kill();
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await client.get('/mailboxes/INBOX').then((page) => page.status, () => 0);
    }
    expect(status).toBe(200);
  });
});
