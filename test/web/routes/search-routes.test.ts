import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageWithAttachments, plainMessage, PNG_BASE64 } from '../../helpers/mail-fixtures.js';
import { countIn, signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

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

  it('acts on a selection of results from several folders at once, and comes back to the same search', async () => {
    const { account, client } = await signedInUser(t);
    for (const subject of ['Rapport annuel', 'Rapport trimestriel', 'Rapport de visite']) t.deliver(account, plainMessage({ subject, body: 'x' }));
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)">Rapport annuel</.exec((await client.get('/mailboxes/INBOX')).text)![1]!;
    await client.post('/mailboxes/INBOX/messages/bulk', { action: 'move', target: 'Archives', uid: [uid] });
    await client.post('/mailboxes', { name: 'Classement' });

    const search = '/search?subject=rapport';
    const results = await client.get(search);
    expect(results.text).toContain('action="/search/messages/bulk"');
    // Every folder is a destination: results come from several.
    expect(results.text).toMatch(/<option value="">Choisir un dossier…<\/option><option value="INBOX">/);
    const refs = [...results.text.matchAll(/name="message" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.sort()).toEqual([`${uid}:Archives`, expect.stringMatching(/^\d+:INBOX$/), expect.stringMatching(/^\d+:INBOX$/)].sort());

    const moved = await client.post('/search/messages/bulk', { action: 'move', target: 'Classement', message: refs, back: search });
    expect(moved.location).toBe(search);
    expect(visibleText((await client.get(search)).text)).toContain('3 messages déplacés vers Classement.');
    expect(countIn(t, account.id, 'Classement')).toBe(3);
    expect(countIn(t, account.id, 'INBOX') + countIn(t, account.id, 'Archives')).toBe(0);

    const inClassement = [...(await client.get(search)).text.matchAll(/name="message" value="([^"]+)"/g)].map((m) => m[1]!);
    await client.post('/search/messages/bulk', { action: 'delete', message: inClassement.slice(0, 2), back: search });
    expect(countIn(t, account.id, 'Corbeille')).toBe(2);
    // One in the Corbeille goes for good, the other to the Corbeille: the notice says both.
    const mixed = [...(await client.get(search)).text.matchAll(/name="message" value="([^"]+)"/g)].map((m) => m[1]!);
    const pick = [mixed.find((r) => r.endsWith(':Corbeille'))!, mixed.find((r) => r.endsWith(':Classement'))!];
    await client.post('/search/messages/bulk', { action: 'delete', message: pick, back: search });
    expect(visibleText((await client.get(search)).text)).toContain('Message placé dans la corbeille. Message supprimé définitivement.');
    expect(countIn(t, account.id, 'Corbeille')).toBe(2);
    expect(countIn(t, account.id, 'Classement')).toBe(0);
  });

  it('leaves out selections that name no message of hers, and says when nothing is left', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Compte rendu', body: 'x' }));
    const uid = /href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec((await client.get('/mailboxes/INBOX')).text)![1]!;
    const refused = await client.post('/search/messages/bulk', {
      action: 'read',
      message: ['abc', `0:INBOX`, `${uid}:Nope`, `:INBOX`, `${uid}`, `0${uid}:INBOX`, `${2 ** 32}:INBOX`],
      back: '/search?q=compte',
    });
    expect(refused.location).toBe('/search?q=compte');
    expect(visibleText((await client.get('/search?q=compte')).text)).toContain('Sélectionnez d’abord un ou plusieurs messages.');
    // Back only to a page of ours.
    const elsewhere = await client.post('/search/messages/bulk', { action: 'read', message: [`${uid}:INBOX`], back: 'https://exemple.com/' });
    expect(elsewhere.location).toBe('/search');
    expect(visibleText((await client.get('/search?q=compte')).text)).toContain('Message marqué comme lu.');
    expect((await client.get('/mailboxes/INBOX')).text).not.toContain('class="unread"');
    expect((await client.post('/search/messages/bulk', { action: 'explode', message: [`${uid}:INBOX`] })).status).toBe(404);
  });
});
