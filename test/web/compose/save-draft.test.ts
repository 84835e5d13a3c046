/**
 * Drafts: the autosave writes one draft in Brouillons and replaces it (never duplicates it),
 * an untouched composition is not saved, a draft reopens with its fields and files and goes
 * when it is sent, a failed send keeps it, and nobody reaches another account's composition
 * or draft.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UNDO_SEND_MS } from '../../../src/web/compose/compose-deps.js';
import { composeId, formFields, HX, newComposition, postMultipart, startComposeTest, visibleText, type ComposeTest } from '../../helpers/compose.js';

let t: ComposeTest;

beforeEach(async () => {
  t = await startComposeTest();
});
afterEach(async () => {
  await t.stop();
});

describe('drafts', () => {
  it('autosaves into Brouillons with \\Draft, replacing the previous version instead of adding one', async () => {
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const first = await postMultipart(client, `/compose/${id}/draft`, { to: 'marc.lefevre@ac-test.fr', subject: 'Sortie', text: 'Première version' }, [], { csrf: 'header', headers: HX });
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/^Brouillon enregistré à \d\d:\d\d\.$/);
    let drafts = t.folder(account, 'Brouillons');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.flags).toEqual(expect.arrayContaining(['\\Draft', '\\Seen']));
    expect((await t.parsed(drafts[0]!)).text).toContain('Première version');

    // The same content again writes nothing.
    const same = await postMultipart(client, `/compose/${id}/draft`, { to: 'marc.lefevre@ac-test.fr', subject: 'Sortie', text: 'Première version' }, [], { csrf: 'header', headers: HX });
    expect(same.text).toBe('');
    expect(t.folder(account, 'Brouillons')[0]!.uid).toBe(drafts[0]!.uid);

    // What the page sends when it is left: a beacon, token in the URL, no htmx header.
    const beacon = await postMultipart(client, `/compose/${id}/draft`, { to: 'marc.lefevre@ac-test.fr', subject: 'Sortie', text: 'Deuxième version' });
    expect(beacon.status).toBe(204);
    drafts = t.folder(account, 'Brouillons');
    expect(drafts).toHaveLength(1);
    expect((await t.parsed(drafts[0]!)).text).toContain('Deuxième version');
  });

  it('does not save a composition nobody has touched, but saves it when asked to', async () => {
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const fields = formFields((await client.get(`/compose/${id}`)).text);
    const autosave = await postMultipart(client, `/compose/${id}/draft`, fields, [], { csrf: 'header', headers: HX });
    expect(autosave.text).toBe('');
    expect(t.folder(account, 'Brouillons')).toHaveLength(0);
    const save = await postMultipart(client, `/compose/${id}`, { ...fields, action: 'save' });
    expect(save.status).toBe(303);
    expect(t.folder(account, 'Brouillons')).toHaveLength(1);
  });

  it('reopens a draft with its fields and attachment, and removes it once sent', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    t.user({ prenom: 'Nadia', nom: 'Benali' });
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'liste élèves.csv', type: 'text/csv', content: Buffer.from('nom;prénom\nDupont;Léa\n') }], { csrf: 'header', headers: HX });
    await postMultipart(client, `/compose/${id}`, { to: `Marc Lefèvre <${marc.address}>, jean@`, bcc: 'nadia.benali@ac-test.fr', subject: 'Liste', text: 'Voici la liste.', action: 'save' });
    const [draft] = t.folder(claire, 'Brouillons');
    expect(draft).toBeDefined();

    // The browser closed: a new session opens the draft from Brouillons.
    const other = t.client();
    await other.signIn(claire.login, 'Tableau-Noir-2024!');
    const message = await other.get(`/mailboxes/Brouillons/messages/${draft!.uid}`);
    expect(message.text).toContain('Reprendre le brouillon');
    const reopen = await other.get(`/mailboxes/Brouillons/messages/${draft!.uid}/edit`);
    expect(reopen.status).toBe(303);
    const reopenedId = composeId(reopen.location);
    const page = (await other.get(`/compose/${reopenedId}`)).text;
    const fields = formFields(page);
    // The unfinished address comes back as typed.
    expect(fields.to).toBe(`Marc Lefèvre <${marc.address}>, jean@`);
    expect(fields.bcc).toBe('nadia.benali@ac-test.fr');
    expect(fields.subject).toBe('Liste');
    expect(fields.text).toBe('Voici la liste.');
    expect(page).toContain('liste élèves.csv');

    const sent = await postMultipart(other, `/compose/${reopenedId}`, { ...fields, to: marc.address, action: 'send' });
    expect(sent.status).toBe(303);
    expect(t.folder(claire, 'Brouillons')).toHaveLength(0);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const mail = await t.parsed(t.folder(marc, 'INBOX')[0]!);
    expect(mail.attachments[0]!.content.toString()).toBe('nom;prénom\nDupont;Léa\n');
    expect(mail.headers.has('x-webmel-draft-info')).toBe(false);
  });

  it('keeps the draft when sending fails, and reports the faulty address with its field', async () => {
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const failed = await postMultipart(client, `/compose/${id}`, { to: 'personne@ac-test.fr', subject: 'Perdu ?', text: 'Texte précieux', action: 'send' });
    expect(failed.status).toBe(422);
    expect(visibleText(failed.text)).toContain('Aucun compte de l’académie ne porte l’adresse « personne@ac-test.fr » (champ « À »)');
    expect(failed.text).toContain('aria-invalid="true"');
    const drafts = t.folder(account, 'Brouillons');
    expect(drafts).toHaveLength(1);
    expect((await t.parsed(drafts[0]!)).text).toContain('Texte précieux');
  });

  it('keeps the draft and says so when the submission server refuses (hourly limit)', async () => {
    await t.stop();
    t = await startComposeTest({ submissionMaxPerHour: 0 });
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    const failed = await postMultipart(client, `/compose/${id}`, { to: 'marc.lefevre@ac-test.fr', subject: 'Limite', text: 'À garder', action: 'send' });
    expect(failed.status).toBe(503);
    expect(visibleText(failed.text)).toContain('limite de messages envoyés par heure');
    expect(t.folder(account, 'Brouillons')).toHaveLength(1);
    expect(t.folder(account, 'Envoyés')).toHaveLength(0);
  });

  it('says that the server lacks disk space when it refuses a draft and a message under its reserve', async () => {
    await t.stop();
    t = await startComposeTest({ minFreeBytes: 2 ** 50 });
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    const draft = await postMultipart(client, `/compose/${id}/draft`, { to: 'marc.lefevre@ac-test.fr', subject: 'Plein', text: 'x' }, [], { csrf: 'header', headers: HX });
    expect(visibleText(draft.text)).toContain('le serveur manque d’espace disque');
    const failed = await postMultipart(client, `/compose/${id}`, { to: 'marc.lefevre@ac-test.fr', subject: 'Plein', text: 'x', action: 'send' });
    expect(visibleText(failed.text)).toContain('Le serveur de messagerie manque d’espace disque : l’envoi est refusé pour le moment.');
  });

  it('discards a composition and its draft', async () => {
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}`, { subject: 'À jeter', text: 'x', action: 'save' });
    expect(t.folder(account, 'Brouillons')).toHaveLength(1);
    const discarded = await postMultipart(client, `/compose/${id}`, { subject: 'À jeter', text: 'x', action: 'discard' });
    expect(discarded.status).toBe(303);
    expect(t.folder(account, 'Brouillons')).toHaveLength(0);
    expect((await client.get(`/compose/${id}`)).status).toBe(404);
  });
});

describe('another account (IDOR)', () => {
  it('cannot open, save, upload to, send, undo or read the draft of someone else’s composition', async () => {
    const { account: claire, client: claireClient } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { client: intruder } = await t.signedIn({ prenom: 'Ivan', nom: 'Intrus' });
    const id = await newComposition(claireClient);
    await postMultipart(claireClient, `/compose/${id}`, { to: 'x@example.org', subject: 'Confidentiel', text: 'secret', action: 'save' });
    const [draft] = t.folder(claire, 'Brouillons');

    expect((await intruder.get(`/compose/${id}`)).status).toBe(404);
    expect((await postMultipart(intruder, `/compose/${id}`, { to: 'ivan.intrus@ac-test.fr', action: 'send' })).status).toBe(404);
    expect((await postMultipart(intruder, `/compose/${id}/draft`, { text: 'écrasé' }, [], { csrf: 'header', headers: HX })).status).toBe(404);
    expect((await postMultipart(intruder, `/compose/${id}/attachments`, {}, [{ name: 'a.txt', content: Buffer.from('a') }], { csrf: 'header', headers: HX })).status).toBe(404);
    expect((await intruder.post(`/compose/${id}/undo`)).status).toBe(404);
    expect((await intruder.get(`/compose/${id}/sent`)).status).toBe(404);
    // The intruder's own Brouillons has no such message: 404, never Claire's draft.
    expect((await intruder.get(`/mailboxes/Brouillons/messages/${draft!.uid}/edit`)).status).toBe(404);
    expect(t.folder(claire, 'Brouillons')).toHaveLength(1);
    expect((await t.parsed(t.folder(claire, 'Brouillons')[0]!)).text).toContain('secret');
  });

  it('does not reopen as a draft a message that is not one (it would be deleted on sending)', async () => {
    const { account, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.deliver(account, 'From: a@example.org\nTo: claire.fontaine@ac-test.fr\nSubject: Reçu\n\nBonjour\n');
    expect((await client.get('/mailboxes/INBOX/messages/1/edit')).status).toBe(404);
  });
});
