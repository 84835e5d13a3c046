import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainMessage } from '../../helpers/mail-fixtures.js';
import { countIn, HX, signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

function uidsOf(markup: string, folder = 'INBOX'): number[] {
  return [...markup.matchAll(new RegExp(`href="/mailboxes/${encodeURIComponent(folder)}/messages/(\\d+)"`, 'g'))].map((m) => Number(m[1]));
}

describe('organising mail', () => {
  it('flags a message from its star: htmx gets the new row, a plain form gets a redirect', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'À suivre', body: 'x' }));
    const [uid] = uidsOf((await client.get('/mailboxes/INBOX')).text);
    const row = await client.post(`/mailboxes/INBOX/messages/${uid}/flag`, { flagged: '1' }, { headers: HX });
    expect(row.status).toBe(200);
    expect(row.text).toMatch(/^<tr id="row-/);
    expect(row.text).toContain('aria-pressed="true"');
    const plain = await client.post(`/mailboxes/INBOX/messages/${uid}/flag`, { flagged: '0', back: '/mailboxes/INBOX' });
    expect(plain.status).toBe(303);
    expect((await client.get('/mailboxes/INBOX')).text).toContain('aria-pressed="false"');
  });

  it('applies bulk actions to the selected messages: read, unread, move, delete to the Corbeille', async () => {
    const { account, client } = await signedInUser(t);
    for (let i = 1; i <= 4; i++) t.deliver(account, plainMessage({ subject: `Lot ${i}`, body: 'x' }));
    const uids = uidsOf((await client.get('/mailboxes/INBOX')).text);
    expect(uids.length).toBe(4);

    const read = await client.post('/mailboxes/INBOX/messages/bulk', { action: 'read', uid: uids.slice(0, 2).map(String), back: '/mailboxes/INBOX' });
    expect(read.location).toBe('/mailboxes/INBOX');
    const after = await client.get('/mailboxes/INBOX');
    expect(visibleText(after.text)).toContain('2 messages marqués comme lus.');
    expect(after.text.match(/class="unread"/g)?.length).toBe(2);

    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'move', target: 'Archives', uid: [String(uids[0])] });
    expect(countIn(t, account.id, 'Archives')).toBe(1);
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'delete', uid: [String(uids[1]), String(uids[2])] });
    expect(countIn(t, account.id, 'Corbeille')).toBe(2);
    expect(countIn(t, account.id, 'INBOX')).toBe(1);
    expect(visibleText((await client.get('/mailboxes/INBOX')).text)).toContain('2 messages placés dans la corbeille.');
  });

  it('says so when nothing was selected', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Seul', body: 'x' }));
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'read' });
    expect(visibleText((await client.get('/mailboxes/INBOX')).text)).toContain('Sélectionnez d’abord un ou plusieurs messages.');
  });

  it('deletes for good from the Corbeille, and empties it in one click', async () => {
    const { account, client } = await signedInUser(t);
    for (let i = 1; i <= 3; i++) t.deliver(account, plainMessage({ subject: `Jetable ${i}`, body: 'x'.repeat(5000) }));
    const uids = uidsOf((await client.get('/mailboxes/INBOX')).text);
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'delete', uid: uids.map(String) });
    const trash = await client.get('/mailboxes/Corbeille');
    const inTrash = uidsOf(trash.text, 'Corbeille');
    expect(inTrash.length).toBe(3);
    expect(trash.text).toContain('Vider Corbeille');
    const usedBefore = t.webmel.services.store.usage(account.id).usedBytes;
    await client.post(`/mailboxes/Corbeille/messages/${inTrash[0]}/actions`, { action: 'delete' });
    expect(countIn(t, account.id, 'Corbeille')).toBe(2);
    expect(t.webmel.services.store.usage(account.id).usedBytes).toBeLessThan(usedBefore);
    await client.post('/mailboxes/Corbeille/empty');
    expect(countIn(t, account.id, 'Corbeille')).toBe(0);
    expect(t.webmel.services.store.usage(account.id).usedBytes).toBe(0);
  });

  it('moves, flags and marks unread from the message page', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Page', body: 'x' }));
    const [uid] = uidsOf((await client.get('/mailboxes/INBOX')).text);
    await client.get(`/mailboxes/INBOX/messages/${uid}`);
    const flagged = await client.post(`/mailboxes/INBOX/messages/${uid}/actions`, { action: 'flag' });
    expect(flagged.location).toBe(`/mailboxes/INBOX/messages/${uid}`);
    expect((await client.get(flagged.location!)).text).toContain('Ne plus suivre');
    const unread = await client.post(`/mailboxes/INBOX/messages/${uid}/actions`, { action: 'unread' });
    expect(unread.location).toBe('/mailboxes/INBOX');
    expect((await client.get('/mailboxes/INBOX')).text).toContain('class="unread"');
    await client.post(`/mailboxes/INBOX/messages/${uid}/actions`, { action: 'move', target: 'Archives' });
    expect(countIn(t, account.id, 'Archives')).toBe(1);
  });

  it('starts the move list on no folder, and moves nothing until one is chosen', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Où ranger ?', body: 'x' }));
    const list = await client.get('/mailboxes/INBOX');
    const [uid] = uidsOf(list.text);
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    for (const markup of [list.text, page.text]) {
      expect(markup).toMatch(/<select id="move-target" name="target"><option value="">Choisir un dossier…<\/option><option value="Envoy/);
    }
    // What the browser sends when « Déplacer » is clicked before choosing.
    const fromPage = await client.post(`/mailboxes/INBOX/messages/${uid}/actions`, { action: 'move', target: '' });
    expect(visibleText((await client.get(fromPage.location!)).text)).toContain('Choisissez un dossier de destination.');
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'move', target: '', uid: [String(uid)] });
    expect(visibleText((await client.get('/mailboxes/INBOX')).text)).toContain('Choisissez un dossier de destination.');
    expect(countIn(t, account.id, 'INBOX')).toBe(1);
    expect(countIn(t, account.id, 'Envoyés')).toBe(0);
  });

  it('deletes to the Corbeille even when the mailbox is over its quota', async () => {
    const { account, client } = await signedInUser(t);
    t.webmel.services.accounts.setQuota(account.id, 1000);
    t.deliver(account, plainMessage({ subject: 'Trop gros', body: 'x'.repeat(5000) }));
    const [uid] = uidsOf((await client.get('/mailboxes/INBOX')).text);
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'delete', uid: [String(uid)] });
    expect(countIn(t, account.id, 'Corbeille')).toBe(1);
    expect(visibleText((await client.get('/mailboxes/INBOX')).text)).toContain('Message placé dans la corbeille.');
  });

  it('marks a whole folder read', async () => {
    const { account, client } = await signedInUser(t);
    for (let i = 1; i <= 3; i++) t.deliver(account, plainMessage({ subject: `Non lu ${i}`, body: 'x' }));
    await client.post('/mailboxes/INBOX/read-all');
    expect((await client.get('/mailboxes/INBOX')).text).not.toContain('class="unread"');
  });

  it('creates, renames and deletes folders, and protects the system folders', async () => {
    const { account, client } = await signedInUser(t);
    await client.get('/mailboxes');
    await client.post('/mailboxes', { name: 'Projets/Sortie scolaire' });
    expect(t.webmel.services.store.findMailbox(account.id, 'Projets/Sortie scolaire')).not.toBeNull();
    const page = await client.get('/mailboxes');
    expect(visibleText(page.text)).toContain('Le dossier « Projets/Sortie scolaire » a été créé.');
    expect((await client.get(`/mailboxes/${encodeURIComponent('Projets/Sortie scolaire')}`)).status).toBe(200);

    await client.post(`/mailboxes/${encodeURIComponent('Projets/Sortie scolaire')}/rename`, { name: 'Projets/Classe verte' });
    expect(t.webmel.services.store.findMailbox(account.id, 'Projets/Classe verte')).not.toBeNull();
    expect(t.webmel.services.store.findMailbox(account.id, 'Projets/Sortie scolaire')).toBeNull();

    await client.post(`/mailboxes/${encodeURIComponent('Projets/Classe verte')}/delete`);
    expect(t.webmel.services.store.findMailbox(account.id, 'Projets/Classe verte')).toBeNull();

    await client.post('/mailboxes/Corbeille/delete');
    expect(t.webmel.services.store.findMailbox(account.id, 'Corbeille')).not.toBeNull();
    expect(visibleText((await client.get('/mailboxes')).text)).toContain('Ce dossier du système ne peut pas être supprimé.');
    await client.post('/mailboxes', { name: 'INBOX' });
    expect(visibleText((await client.get('/mailboxes')).text)).toContain('Un dossier porte déjà ce nom.');
    await client.post('/mailboxes', { name: 'Mauvais*nom' });
    expect(visibleText((await client.get('/mailboxes')).text)).toContain('Nom de dossier invalide');
  });
});
