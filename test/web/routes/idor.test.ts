import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageWithAttachments, PNG_BASE64 } from '../../helpers/mail-fixtures.js';
import { signedInUser, startWebTest, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

describe('no route reaches another account’s mail', () => {
  it('answers 404 for every view of another account’s message, attachment, body and source, and changes nothing', async () => {
    const alice = await signedInUser(t, { prenom: 'Alice', nom: 'Secret' });
    const bob = await signedInUser(t, { prenom: 'Bob', nom: 'Curieux' });
    t.deliver(alice.account, messageWithAttachments({ subject: 'Confidentiel', attachments: [{ filename: 'bulletin.png', contentType: 'image/png', base64: PNG_BASE64 }] }));
    const list = await alice.client.get('/mailboxes/INBOX');
    const uid = Number(/href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(list.text)![1]);

    for (const path of [
      `/mailboxes/INBOX/messages/${uid}`,
      `/mailboxes/INBOX/messages/${uid}/body`,
      `/mailboxes/INBOX/messages/${uid}/parts/2`,
      `/mailboxes/INBOX/messages/${uid}/parts/2?inline=1`,
      `/mailboxes/INBOX/messages/${uid}/source`,
    ]) {
      const page = await bob.client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.text).not.toContain('Confidentiel');
      expect(page.text).not.toContain(PNG_BASE64);
    }
    await bob.client.post(`/mailboxes/INBOX/messages/${uid}/actions`, { action: 'delete' });
    await bob.client.post('/mailboxes/INBOX/messages/bulk', { action: 'move', target: 'Archives', uid: [String(uid)] });
    await bob.client.post(`/mailboxes/INBOX/messages/${uid}/expunge`, {});
    await bob.client.post('/search/messages/bulk', { action: 'delete', message: [`${uid}:INBOX`] });
    // Her UID names nothing in his folder: his list, not her message's neighbour.
    expect((await bob.client.get(`/mailboxes/INBOX/messages/${uid}/older`)).location).toBe('/mailboxes/INBOX');
    const box = t.webmel.services.store.getMailbox(alice.account.id, 'INBOX');
    expect(t.webmel.services.store.counts(box.id).messages).toBe(1);
    expect(t.webmel.services.store.usage(alice.account.id).usedBytes).toBeGreaterThan(0);
  });

  it('sees only its own folders: another account’s folder name is a 404', async () => {
    const alice = await signedInUser(t, { prenom: 'Alice', nom: 'Secret' });
    const bob = await signedInUser(t, { prenom: 'Bob', nom: 'Curieux' });
    await alice.client.get('/mailboxes');
    await alice.client.post('/mailboxes', { name: 'Dossier médical' });
    expect((await alice.client.get(`/mailboxes/${encodeURIComponent('Dossier médical')}`)).status).toBe(200);
    expect((await bob.client.get(`/mailboxes/${encodeURIComponent('Dossier médical')}`)).status).toBe(404);
    expect((await bob.client.get(`/mailboxes/${encodeURIComponent('Dossier médical')}/mbox`)).status).toBe(404);
    await bob.client.post(`/mailboxes/${encodeURIComponent('Dossier médical')}/delete`);
    expect(t.webmel.services.store.findMailbox(alice.account.id, 'Dossier médical')).not.toBeNull();
  });
});
