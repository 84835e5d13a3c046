/**
 * The webmail as `npm start` runs it: in a worker thread of its own, with its own database
 * connection, reading mail through the main thread's IMAP server. (The other web tests run it
 * in the test's thread, which starts faster.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ACCOUNT_FAILURES, MAX_FAILURES_PER_PAIR } from '../../src/accounts/failure-limiter.js';
import type { RunningWebThread } from '../../src/web/web-thread.js';
import { imapClient } from '../helpers/imap.js';
import { BrowserFrom } from '../helpers/sign-in-from.js';
import { plainMessage } from '../helpers/mail-fixtures.js';
import { GOOD_PASSWORD, signedInUser, startWebTest, visibleText, type WebTest } from '../helpers/web.js';

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
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) await t.client().signIn(account.login, `faux-${i}`);
    // The webmail thread's failures, counted in its own connection, limit the same address here.
    expect(await t.webmel.services.auth.authenticate(account.login, GOOD_PASSWORD, { ip: '127.0.0.1' })).toEqual({ ok: false, reason: 'limited' });
  });

  it('tells the owner from the main thread when web sign-ins take her account past 100 failures in 24 hours', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    // Her mail client has INBOX open: it hears of the message only from the main thread's store.
    const imap = await imapClient(t.webmel.ports.imap, account.login, GOOD_PASSWORD);
    await imap.mailboxOpen('INBOX');
    for (let failures = 0, host = 1; failures <= MAX_ACCOUNT_FAILURES; host++) {
      for (let i = 0; i < MAX_FAILURES_PER_PAIR - 1 && failures <= MAX_ACCOUNT_FAILURES; i++, failures++) {
        expect((await new BrowserFrom(t.webmel.ports.http, `127.0.1.${host}`).signIn(account.login, `faux-${failures}`)).status).toBe(401);
      }
    }
    try {
      let exists = 0;
      for (let wait = 0; wait < 50 && exists === 0; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await imap.noop();
        exists = imap.mailbox ? imap.mailbox.exists : 0;
      }
      expect(exists).toBe(1);
    } finally {
      await imap.logout();
    }
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
