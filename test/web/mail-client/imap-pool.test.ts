import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashSecretSync } from '../../../src/accounts/password.js';
import { IMAP_IDLE_CLOSE_MS } from '../../../src/web/mail-client/imap-pool.js';
import { FLAG_SEEN } from '../../../src/store/flags.js';
import { plainMessage } from '../../helpers/mail-fixtures.js';
import type { WebServer } from '../../../src/web/server.js';
import { HX, signedInUser, startInProcessWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: Awaited<ReturnType<typeof startInProcessWebTest>>;
beforeEach(async () => {
  t = await startInProcessWebTest();
});
afterEach(async () => {
  await t.stop();
});

function pool(t: WebTest & { inProcessWeb: WebServer }) {
  return t.inProcessWeb.pool;
}

describe('the IMAP connection pool', () => {
  it('holds one connection per signed-in account, closes it when idle and reopens it on demand', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Avant', body: 'x' }));
    await client.get('/mailboxes/INBOX');
    await client.get('/mailboxes/INBOX');
    expect(pool(t).size).toBe(1);
    pool(t).closeIdle(Date.now() + IMAP_IDLE_CLOSE_MS + 1000);
    expect(pool(t).size).toBe(0);
    t.deliver(account, plainMessage({ subject: 'Après', body: 'y' }));
    const page = await client.get('/mailboxes/INBOX');
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('Après');
    expect(pool(t).size).toBe(1);
  });

  it('acts for the reader with the service identity: it never needs her password', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Toujours lisible', body: 'x' }));
    // Her password changes elsewhere (IMAP client, reset): the open session still reads her mail.
    t.webmel.services.accounts.setPasswordHash(account.id, hashSecretSync('Un-Tout-Autre-Mot-2!'), false);
    pool(t).closeIdle(Date.now() + IMAP_IDLE_CLOSE_MS + 1000);
    expect(visibleText((await client.get('/mailboxes/INBOX')).text)).toContain('Toujours lisible');
  });

  it('keeps the unread counts exact after the reader opens a message, without a recount', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Un', body: 'x' }));
    t.deliver(account, plainMessage({ subject: 'Deux', body: 'y' }));
    const list = await client.get('/mailboxes/INBOX');
    expect(list.text).toContain('aria-label="Boîte de réception, 2 non lus"');
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(list.text)![1];
    await client.get(`/mailboxes/INBOX/messages/${uid}`);
    const again = await client.get('/mailboxes/INBOX');
    expect(again.text).toContain('aria-label="Boîte de réception, 1 non lu"');
    expect(again.text.match(/class="unread"/g)?.length).toBe(1);
  });

  it('marks a message read with the FETCH that reads it, and opens one her list shows read with one FETCH', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Conseil de classe', body: 'x' }));
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec((await client.get('/mailboxes/INBOX')).text)![1];
    const exec = vi.spyOn(ImapFlow.prototype as unknown as { exec: (command: string) => Promise<unknown> }, 'exec');
    const sent = () => exec.mock.calls.map(([command]) => command).filter((command) => /FETCH|STORE/.test(command));
    try {
      await client.get(`/mailboxes/INBOX/messages/${uid}`);
      expect(sent()).toEqual(['UID FETCH']);
      const list = await client.get('/mailboxes/INBOX');
      expect(list.text).not.toContain('class="unread"');
      exec.mockClear();
      const again = await client.get(`/mailboxes/INBOX/messages/${uid}`);
      expect(again.status).toBe(200);
      expect(sent()).toEqual(['UID FETCH']);
    } finally {
      exec.mockRestore();
    }
  });

  it('marks an opened message read on the server too, and the reader never sees it unread again', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'À lire', body: 'x' }));
    const box = t.webmel.services.store.getMailbox(account.id, 'INBOX');
    const [entry] = t.webmel.services.store.messageIndex(box.id);
    // The page and the list right after it, sent together as a quick reader would.
    const [page, list] = await Promise.all([client.get(`/mailboxes/INBOX/messages/${entry!.uid}`), client.get('/mailboxes/INBOX')]);
    expect(page.status).toBe(200);
    expect(list.status).toBe(200);
    // The STORE follows the page: other clients see \Seen a moment later.
    await expect.poll(() => t.webmel.services.store.messageIndex(box.id)[0]!.flags & FLAG_SEEN).toBe(FLAG_SEEN);
    expect((await client.get('/mailboxes/INBOX')).text).not.toContain('class="unread"');
  });

  it('sees flags changed by another client of the same account', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Lu ailleurs', body: 'x' }));
    expect((await client.get('/mailboxes/INBOX')).text).toContain('class="unread"');
    // Thunderbird marks it read: a store change by another session.
    const box = t.webmel.services.store.getMailbox(account.id, 'INBOX');
    const [entry] = t.webmel.services.store.messageIndex(box.id);
    t.webmel.services.store.storeFlags(box.id, [entry!.uid], 'add', 1, []);
    expect((await client.get('/mailboxes/INBOX')).text).not.toContain('class="unread"');
    expect((await client.get('/mailboxes?current=INBOX', HX)).text).not.toContain('non lu');
  });
});
