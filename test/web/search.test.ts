import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageWithAttachments, plainMessage, PNG_BASE64 } from './mail-fixtures.js';
import { signedInUser, startWebTest, visibleText, type WebTest } from './web-harness.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

function subjects(markup: string): string[] {
  return [...markup.matchAll(/<td class="subject"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe('search', () => {
  it('finds by text, sender, subject, unread and attachment, with results at a URL', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Conseil d’école', body: 'Ordre du jour : cantine.', from: 'Directeur <marc.lefevre@ac-test.fr>' }));
    t.deliver(account, plainMessage({ subject: 'Sortie au musée', body: 'Autorisation parentale.', from: 'Émilie <emilie.girard@ac-test.fr>' }));
    t.deliver(account, messageWithAttachments({ subject: 'Photos de classe', attachments: [{ filename: 'p.png', contentType: 'image/png', base64: PNG_BASE64 }] }));

    expect(subjects((await client.get('/search?q=cantine')).text)).toEqual(['Conseil d’école']);
    expect(subjects((await client.get('/search?from=girard')).text)).toEqual(['Sortie au musée']);
    expect(subjects((await client.get('/search?subject=photos')).text)).toEqual(['Photos de classe']);
    expect(subjects((await client.get('/search?attachment=1')).text)).toEqual(['Photos de classe']);
    const page = await client.get('/search?q=autorisation&folder=INBOX');
    expect(visibleText(page.text)).toContain('1 message trouvé');
    expect(page.text).toContain('name="q" type="search" value="autorisation"');
  });

  it('searches every folder and says where each result is', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Rapport annuel', body: 'x' }));
    t.deliver(account, plainMessage({ subject: 'Rapport trimestriel', body: 'y' }));
    const list = await client.get('/mailboxes/INBOX');
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(list.text)![1]!;
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'move', target: 'Archives', uid: [uid] });
    const page = await client.get('/search?subject=rapport');
    expect(subjects(page.text).sort()).toEqual(['Rapport annuel', 'Rapport trimestriel']);
    expect(page.text).toContain('href="/mailboxes/Archives/messages/');
    expect(visibleText(page.text)).toContain('Archives');
  });

  it('finds unread messages and messages received in a date range', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Lu', body: 'x' }));
    t.deliver(account, plainMessage({ subject: 'Pas lu', body: 'x' }));
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)">Lu</.exec((await client.get('/mailboxes/INBOX')).text)![1]!;
    await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(subjects((await client.get('/search?unread=1')).text)).toEqual(['Pas lu']);
    const today = new Date().toISOString().slice(0, 10);
    expect(subjects((await client.get(`/search?since=${today}`)).text).length).toBe(2);
    expect(subjects((await client.get(`/search?before=2000-01-01`)).text)).toEqual([]);
  });
});
