/**
 * « Message envoyé — Annuler » and « Envoyer plus tard »: within the window nothing has left
 * and « Annuler » takes the message back (no delivery, no copy in Envoyés, no \Answered, the
 * draft again); after it, « Annuler » says it is too late; a scheduled message waits for its
 * time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UNDO_SEND_MS } from '../../../src/web/compose/compose-deps.js';
import { parisInputValue } from '../../../src/web/compose/schedule-time.js';
import { composeId, formFields, newComposition, postMultipart, startComposeTest, visibleText, type ComposeTest } from '../../helpers/compose.js';

let t: ComposeTest;

beforeEach(async () => {
  t = await startComposeTest();
});
afterEach(async () => {
  await t.stop();
});

describe('undo send', () => {
  it('takes a reply back within the window: nothing delivered, copy and \\Answered removed, the draft back', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    t.deliver(claire, `From: Marc Lefèvre <${marc.address}>\nTo: ${claire.address}\nSubject: Question\nMessage-ID: <q@ac-test.fr>\n\nUne question.\n`);
    const start = await client.get('/mailboxes/INBOX/messages/1/reply');
    const id = composeId(start.location);
    const fields = formFields((await client.get(`/compose/${id}`)).text);
    const sent = await postMultipart(client, `/compose/${id}`, { ...fields, text: `Oups, pas fini\n${fields.text}`, action: 'send' });
    expect(sent.status).toBe(303);
    expect(t.folder(claire, 'Envoyés')).toHaveLength(1);
    expect(t.folder(claire, 'INBOX')[0]!.flags).toContain('\\Answered');

    const banner = await client.get(`/compose/${id}/sent`);
    expect(banner.text).toContain(`action="/compose/${id}/undo"`);
    expect(banner.text).toMatch(/data-undo-until="\d+"/);
    const undone = await client.post(`/compose/${id}/undo`);
    expect(undone.status).toBe(303);
    expect(undone.location).toBe(`/compose/${id}`);
    const page = await client.get(`/compose/${id}`);
    expect(visibleText(page.text)).toContain('Envoi annulé');
    expect(formFields(page.text).text).toContain('Oups, pas fini');

    // Long after the window, still nothing for Marc.
    await t.deliverDue(DEFAULT_UNDO_SEND_MS * 10);
    expect(t.folder(marc, 'INBOX')).toHaveLength(0);
    expect(t.folder(claire, 'Envoyés')).toHaveLength(0);
    expect(t.folder(claire, 'INBOX')[0]!.flags).not.toContain('\\Answered');
    const drafts = t.folder(claire, 'Brouillons');
    expect(drafts).toHaveLength(1);
    expect((await t.parsed(drafts[0]!)).text).toContain('Oups, pas fini');

    // Sent again for real, it arrives once.
    await postMultipart(client, `/compose/${id}`, { ...fields, text: 'Voici la réponse.', action: 'send' });
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    expect(t.folder(marc, 'INBOX')).toHaveLength(1);
    expect(t.folder(claire, 'Brouillons')).toHaveLength(0);
  });

  it('says it is too late once the message has left', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}`, { to: marc.address, subject: 'Parti', text: 'x', action: 'send' });
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const late = await client.post(`/compose/${id}/undo`);
    expect(late.status).toBe(303);
    const page = await client.get(late.location!);
    expect(visibleText(page.text)).toContain('Trop tard : le message est déjà parti.');
    expect(page.text).not.toContain(`action="/compose/${id}/undo"`);
    expect(t.folder(marc, 'INBOX')).toHaveLength(1);
  });

  it('sends at once when the undo window is 0', async () => {
    await t.stop();
    t = await startComposeTest({}, { undoSendMs: 0 });
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}`, { to: marc.address, subject: 'Direct', text: 'x', action: 'send' });
    expect(t.folder(marc, 'INBOX')).toHaveLength(1);
    expect((await client.get(`/compose/${id}/sent`)).text).not.toContain('/undo');
  });
});

describe('send later', () => {
  it('holds the message until the chosen Paris time, and it can still be cancelled before', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const twoHours = 2 * 3600 * 1000;
    const when = parisInputValue(Date.now() + twoHours);
    const id = await newComposition(client);
    const scheduled = await postMultipart(client, `/compose/${id}`, { to: marc.address, subject: 'Rappel', text: 'Réunion demain.', sendAt: when, action: 'later' });
    expect(scheduled.status).toBe(303);
    expect(visibleText((await client.get(`/compose/${id}/sent`)).text)).toContain('Envoi programmé le');

    const cancelled = await newComposition(client);
    await postMultipart(client, `/compose/${cancelled}`, { to: marc.address, subject: 'Annulé', text: 'x', sendAt: when, action: 'later' });

    await t.deliverDue(twoHours - 5 * 60 * 1000);
    expect(t.folder(marc, 'INBOX')).toHaveLength(0);
    expect((await client.post(`/compose/${cancelled}/undo`)).location).toBe(`/compose/${cancelled}`);
    await t.deliverDue(5 * 60 * 1000 + 1000);
    const [mail] = t.folder(marc, 'INBOX');
    expect(mail).toBeDefined();
    // Dated when it leaves, not when it was written.
    const date = (await t.parsed(mail!)).date!.getTime();
    expect(Math.abs(date - (Date.now() + twoHours))).toBeLessThan(2 * 60 * 1000);
  });

  it('refuses a time in the past, in French, keeping what was typed', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    const refused = await postMultipart(client, `/compose/${id}`, { to: 'marc.lefevre@ac-test.fr', subject: 'Hier', text: 'x', sendAt: '2020-01-01T08:00', action: 'later' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused.text)).toContain('L’heure d’envoi programmée doit être dans le futur.');
    expect(formFields(refused.text).subject).toBe('Hier');
  });
});
