import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../src/web/mail-client/message-list.js';
import { plainMessage, messageWithAttachments, PNG_BASE64 } from '../../helpers/mail-fixtures.js';
import { HX, signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

describe('folders and message list', () => {
  it('lists the folders in French with unread counts, INBOX first then the special folders', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Premier', body: 'a' }));
    t.deliver(account, plainMessage({ subject: 'Second', body: 'b' }));
    const page = await client.get('/mailboxes/INBOX');
    expect(page.status).toBe(200);
    const nav = /<nav id="live-folders"[\s\S]*?<\/nav>/.exec(page.text)![0];
    const labels = [...nav.matchAll(/<span>([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Boîte de réception', 'Envoyés', 'Brouillons', 'Corbeille', 'Indésirables', 'Archives']);
    expect(nav).toContain('aria-label="Boîte de réception, 2 non lus"');
    expect(nav).toContain('aria-current="page"');
    expect(nav).toContain('hx-trigger="every 30s"');
  });

  it('shows the newest 50 messages first, unread in bold, with a « plus » row that loads the next rows as a fragment', async () => {
    const { account, client } = await signedInUser(t);
    for (let i = 1; i <= PAGE_SIZE + 7; i++) t.deliver(account, plainMessage({ subject: `Message numéro ${i}`, body: `corps ${i}` }));
    const page = await client.get('/mailboxes/INBOX');
    const rows = page.text.match(/<tr id="row-/g) ?? [];
    expect(rows.length).toBe(PAGE_SIZE);
    const subjects = [...page.text.matchAll(/<td class="subject"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(subjects[0]).toBe(`Message numéro ${PAGE_SIZE + 7}`);
    expect(subjects.at(-1)).toBe('Message numéro 8');
    expect(page.text).toContain('class="unread"');
    expect(page.text).toContain('Afficher plus de messages');
    expect(visibleText(page.text)).toContain('Page 1 sur 2');

    const more = await client.get('/mailboxes/INBOX?page=2', HX);
    expect(more.status).toBe(200);
    expect(more.text).not.toContain('<html');
    expect(more.text.match(/<tr id="row-/g)?.length).toBe(7);
    expect(more.text).toContain('Message numéro 1<');
    expect(more.text).not.toContain('Afficher plus');
    // Without htmx the same URL is a whole page.
    expect((await client.get('/mailboxes/INBOX?page=2')).text).toContain('<html lang="fr">');
  });

  it('sorts by size, sender and subject', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Moyen', body: 'x'.repeat(2000), from: 'Zoé <zoe@ac-test.fr>' }));
    t.deliver(account, plainMessage({ subject: 'Re: Abricot', body: 'x', from: 'Bernard <bernard@ac-test.fr>' }));
    t.deliver(account, plainMessage({ subject: 'Grand', body: 'x'.repeat(9000), from: 'Anne <anne@ac-test.fr>' }));
    const subjects = async (query: string) =>
      [...(await client.get(`/mailboxes/INBOX${query}`)).text.matchAll(/<td class="subject"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(await subjects('?sort=size&order=desc')).toEqual(['Grand', 'Moyen', 'Re: Abricot']);
    expect(await subjects('?sort=from')).toEqual(['Grand', 'Re: Abricot', 'Moyen']);
    expect(await subjects('?sort=subject')).toEqual(['Re: Abricot', 'Grand', 'Moyen']);
    const page = await client.get('/mailboxes/INBOX?sort=size&order=desc');
    expect(page.text).toContain('aria-sort="descending"');
  });

  it('marks messages with attachments and shows sizes', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({ subject: 'Avec photo', attachments: [{ filename: 'photo.png', contentType: 'image/png', base64: PNG_BASE64 }] }));
    const page = await client.get('/mailboxes/INBOX');
    expect(page.text).toMatch(/<td class="icons col-icons" aria-hidden="true"><svg /);
    expect(visibleText(page.text)).toContain('(non lu, pièce jointe)');
    expect(page.text).toMatch(/<td class="num col-size">\d+(,\d)? k?o<\/td>/);
  });

  it('serves the folder list fragment with the quota meter out of band for the poller', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Nouveau', body: 'x' }));
    const fragment = await client.get('/mailboxes?current=INBOX', { ...HX, 'HX-Trigger': 'live-folders' });
    expect(fragment.text).toMatch(/^<nav id="live-folders"/);
    expect(fragment.text).toContain('id="quota-meter" class="quota quota--ok" hx-swap-oob="true"');
    expect(fragment.text).toContain('1 non lu');
  });

  it('gives the poller the new messages as rows to prepend, and announces them', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Ancien', body: 'x' }));
    const page = await client.get('/mailboxes/INBOX');
    const poll = /<div id="live-new" hx-get="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    expect((await client.get(poll, { ...HX, 'HX-Trigger': 'live-new' })).text).not.toContain('<tr');
    t.deliver(account, plainMessage({ subject: 'Tout frais', body: 'y' }));
    const answer = await client.get(poll, { ...HX, 'HX-Trigger': 'live-new' });
    expect(answer.text).toContain('hx-swap-oob="afterbegin:#message-rows"');
    expect(answer.text).toContain('Tout frais');
    expect(answer.text).not.toContain('Ancien');
    expect(answer.text).toContain('1 nouveau message');
    const next = /<div id="live-new" hx-get="([^"]+)"/.exec(answer.text)![1]!.replace(/&amp;/g, '&');
    expect((await client.get(next, { ...HX, 'HX-Trigger': 'live-new' })).text).not.toContain('<tr');
  });

  it('answers 404 for a folder that does not exist', async () => {
    const { client } = await signedInUser(t);
    expect((await client.get('/mailboxes/Inexistant')).status).toBe(404);
    expect((await client.get('/mailboxes/INBOX/messages/999')).status).toBe(404);
    expect((await client.get('/mailboxes/INBOX/messages/abc')).status).toBe(404);
  });
});
