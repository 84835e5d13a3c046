import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageWithAttachments, messageWithEncodedFilename, PNG_BASE64 } from '../../helpers/mail-fixtures.js';
import { signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

async function openNewest(client: Awaited<ReturnType<typeof signedInUser>>['client']) {
  const list = await client.get('/mailboxes/INBOX');
  const uid = Number(/href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(list.text)![1]);
  return { uid, page: await client.get(`/mailboxes/INBOX/messages/${uid}`) };
}

describe('attachments', () => {
  it('lists attachments with name and size and downloads them with an encoded file name', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithEncodedFilename('Compte rendu'));
    const { uid, page } = await openNewest(client);
    expect(visibleText(page.text)).toContain('Pièces jointes (1)');
    expect(visibleText(page.text)).toContain('compte-rendu été.pdf');
    const href = /href="(\/mailboxes\/INBOX\/messages\/\d+\/parts\/[0-9.]+)" hx-boost="false" download/.exec(page.text)![1]!;
    expect(href).toBe(`/mailboxes/INBOX/messages/${uid}/parts/2`);
    const file = await client.get(href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="compte-rendu ete.pdf"; filename*=UTF-8''compte-rendu%20%C3%A9t%C3%A9.pdf`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.text).toBe('%PDF-1.4 fichier de test');
  });

  it('serves a dangerous type as application/octet-stream, always as an attachment', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({
      subject: 'Piégé',
      attachments: [{ filename: '../../page.html', contentType: 'text/html', base64: Buffer.from('<script>alert(1)</script>').toString('base64') }],
    }));
    const { uid } = await openNewest(client);
    const file = await client.get(`/mailboxes/INBOX/messages/${uid}/parts/2?inline=1`);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="page\.html"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('previews images inline and downloads them otherwise', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({ subject: 'Photo', attachments: [{ filename: 'classe.png', contentType: 'image/png', base64: PNG_BASE64 }] }));
    const { uid, page } = await openNewest(client);
    expect(page.text).toContain(`<img src="/mailboxes/INBOX/messages/${uid}/parts/2?inline=1" alt="Aperçu de classe.png"`);
    const preview = await fetch(`${t.base}/mailboxes/INBOX/messages/${uid}/parts/2?inline=1`, { headers: { cookie: `webmel_session=${client.cookies.get('webmel_session')}` } });
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(preview.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(Buffer.from(await preview.arrayBuffer()).equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);
  });

  it('refuses part numbers the structure does not list (headers, other sections)', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({ subject: 'Photo', attachments: [{ filename: 'classe.png', contentType: 'image/png', base64: PNG_BASE64 }] }));
    const { uid } = await openNewest(client);
    for (const part of ['1', '3', '0', 'HEADER', '2.MIME', '1.1', '2%20HEADER']) {
      expect((await client.get(`/mailboxes/INBOX/messages/${uid}/parts/${part}`)).status, part).toBe(404);
    }
  });

  it('downloads the whole message as .eml', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({ subject: 'Source', attachments: [{ filename: 'a.png', contentType: 'image/png', base64: PNG_BASE64 }] }));
    const { uid } = await openNewest(client);
    const file = await client.get(`/mailboxes/INBOX/messages/${uid}/source`);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="Source\.eml"/);
    expect(file.text).toContain('Subject: Source');
    expect(file.text).toContain(PNG_BASE64);
  });
});
