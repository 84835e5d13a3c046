/**
 * `/admin/bulletins`: an admin publishes through the form, the server's runner delivers, the
 * teacher finds it in her INBOX and on « Bulletins », still there once deleted from her
 * mailbox; anyone else is refused the page and its forms, and records nothing.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LIST_ID } from '../../../src/web/admin/bulletins-admin-page.js';
import { adminClient, delivered, unionClient } from '../../helpers/bulletin-fixtures.js';
import { annuaireTestBed, PEOPLE, UAI } from '../../helpers/directory-fixtures.js';
import { mailsIn, signInAs } from '../../helpers/strike-fixtures.js';
import { HX, visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

const FORM = {
  from: 'Rectorat de l’académie <communication@ac-test.fr>',
  subject: 'Rentrée 2027 : calendrier',
  audience: `circo:${UAI.circonscription}`,
  kind: 'bulletin',
  format: 'markdown',
  source: '# Rentrée\n\nLa rentrée des élèves aura lieu le **jeudi 2 septembre**.',
};

describe('publishing a bulletin from /admin/bulletins', () => {
  it('records it, the runner delivers it, and the teacher reads it in her INBOX and on « Bulletins », even once deleted', async () => {
    const admin = await adminClient(bed.t);
    const page = await admin.get('/admin/bulletins');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="Rectorat de l’académie &lt;communication@ac-test.fr&gt;"');
    for (const id of ['f-from', 'f-subject', 'f-audience', 'f-kind-bulletin', 'f-kind-election', 'f-format', 'f-source']) {
      expect(page.text, id).toMatch(new RegExp(`<label for="${id}">`));
    }
    expect(page.text).toContain('aria-describedby="f-audience-hint"');
    expect(visibleText(page.text)).toContain('Aucune publication n’a encore été faite.');

    const posted = await admin.post('/admin/bulletins', FORM);
    expect(posted.status).toBe(303);
    expect(posted.location).toBe('/admin/bulletins');
    const [recorded] = bed.t.webmel.services.bulletins.list();
    expect(recorded).toMatchObject({ kind: 'bulletin', subject: FORM.subject, audience: `circo:${UAI.circonscription}`, recipients: 4 });
    expect(visibleText((await admin.get('/admin/bulletins')).text)).toContain(`Bulletin n° ${recorded!.id} enregistré : distribution à 4 boîtes en cours.`);

    const done = await delivered(bed.t, recorded!.id);
    expect(done).toMatchObject({ delivered: 4, skippedFull: 0 });
    const list = visibleText((await admin.get('/admin/bulletins')).text);
    expect(list).toContain(`${recorded!.id} bulletin ${FORM.subject} Rectorat de l’académie <communication@ac-test.fr> circo:${UAI.circonscription} la circonscription ${UAI.circonscription} terminé 4 0 – –`);
    expect(list).toMatch(/distribué en (moins de )?\d+,\d s/);

    const [mail] = (await mailsIn(bed.t, PEOPLE.teacher.address)).filter((m) => m.subject === FORM.subject);
    expect(mail?.from?.value).toEqual([{ name: 'Rectorat de l’académie', address: 'communication@ac-test.fr' }]);
    expect(mail?.html).toContain('<strong>jeudi 2 septembre</strong>');

    const bulletins = await bed.client.get('/bulletins');
    expect(bulletins.status).toBe(200);
    expect(visibleText(bulletins.text)).toContain(`Rectorat de l’académie <communication@ac-test.fr> ${FORM.subject} Message institutionnel`);
    expect(bulletins.text).toContain(`href="/bulletins/${recorded!.id}"`);

    // Deleted from her mailbox, it stays readable here.
    const { store, accounts } = bed.t.webmel.services;
    const inbox = store.getMailbox(accounts.byAddress(PEOPLE.teacher.address)!.id, 'INBOX');
    const uids = store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).filter((m) => m.subject === FORM.subject).map((m) => m.uid);
    expect(uids).toHaveLength(1);
    store.expunge(inbox, uids, false);
    expect((await mailsIn(bed.t, PEOPLE.teacher.address)).some((m) => m.subject === FORM.subject)).toBe(false);
    expect(visibleText((await bed.client.get('/bulletins')).text)).toContain(FORM.subject);
    const one = await bed.client.get(`/bulletins/${recorded!.id}`);
    expect(one.status).toBe(200);
    expect(visibleText(one.text)).toContain(`Message institutionnel ${FORM.subject} De Rectorat de l’académie <communication@ac-test.fr>`);
    expect(one.text).toContain(`src="/bulletins/${recorded!.id}/contenu"`);
    const frame = await bed.client.get(`/bulletins/${recorded!.id}/contenu`);
    expect(frame.text).toContain('<strong>jeudi 2 septembre</strong>');

    // Someone it was not sent to: the same 404 as a number that exists nowhere.
    const outside = await signInAs(bed.t, PEOPLE.professeur.address);
    for (const path of [`/bulletins/${recorded!.id}`, `/bulletins/${recorded!.id}/contenu`, '/bulletins/999999']) {
      const refused = await outside.get(path);
      expect(refused.status, path).toBe(404);
      expect(refused.text, path).not.toContain('septembre');
    }
    expect(visibleText((await outside.get('/bulletins')).text)).toContain('Vous n’avez reçu aucun message institutionnel.');
  });

  it('says what is wrong at the top of a refused form, keeps what was typed, and records nothing', async () => {
    const admin = await adminClient(bed.t);
    await admin.get('/admin/bulletins');
    for (const [fields, status, message] of [
      [{ audience: 'partout' }, 400, 'Public inconnu : « partout »'],
      [{ source: '   ' }, 400, 'Le texte est vide.'],
      [{ subject: '' }, 400, 'L’objet est vide.'],
      [{ from: 'le rectorat' }, 400, 'Expéditeur invalide'],
      [{ audience: 'uai:0139999Z' }, 400, ''],
      [{ kind: 'union' }, 400, 'Type inconnu'],
    ] as const) {
      const refused = await admin.post('/admin/bulletins', { ...FORM, ...fields });
      expect(refused.status, JSON.stringify(fields)).toBe(status);
      const alert = /<div class="banner banner--danger" role="alert"><p>([^<]*)<\/p>/.exec(refused.text)?.[1] ?? '';
      expect(alert, JSON.stringify(fields)).toContain(message);
      expect(alert).not.toBe('');
      const kept = { ...FORM, ...fields };
      expect(refused.text).toContain(`value="${kept.subject}"`);
      expect(refused.text).toContain(`value="${kept.audience}"`);
      expect(refused.text).toContain('<option value="markdown" selected>');
      if (kept.source.trim()) expect(refused.text).toContain('La rentrée des élèves aura lieu le **jeudi 2 septembre**.');
    }
    expect(bed.t.webmel.services.bulletins.list()).toEqual([]);
  });

  it('publishes an election notice that reaches a full mailbox', async () => {
    const { accounts, store } = bed.t.webmel.services;
    const teacher = accounts.byAddress(PEOPLE.teacher.address)!;
    store.db.prepare('UPDATE quota_usage SET used_bytes = ? WHERE account_id = ?').run(80 * 1024 * 1024, teacher.id);
    const admin = await adminClient(bed.t);
    await admin.get('/admin/bulletins');
    expect((await admin.post('/admin/bulletins', { ...FORM, subject: 'Bulletin ordinaire' })).status).toBe(303);
    await delivered(bed.t);
    expect((await admin.post('/admin/bulletins', { ...FORM, kind: 'election', subject: 'Élections : votre identifiant', format: 'text', source: 'Votre identifiant de vote.' })).status).toBe(303);
    const election = await delivered(bed.t);
    expect(election).toMatchObject({ kind: 'election', delivered: 4, skippedFull: 0 });
    const subjects = (await mailsIn(bed.t, PEOPLE.teacher.address)).map((m) => m.subject);
    expect(subjects).toContain('Élections : votre identifiant');
    expect(subjects).not.toContain('Bulletin ordinaire');
    const page = visibleText((await bed.client.get('/bulletins')).text);
    expect(page).toContain('Élections : votre identifiant Message institutionnel Élections professionnelles');
    expect(page).toContain('Bulletin ordinaire Message institutionnel non remis dans votre boîte (boîte pleine)');
    expect(visibleText((await admin.get('/admin/bulletins')).text)).toMatch(/Bulletin ordinaire .* terminé 3 1 – –/);
  });

  it('answers the list alone to its htmx poll, which stops once all are delivered', async () => {
    const admin = await adminClient(bed.t);
    await admin.get('/admin/bulletins');
    await admin.post('/admin/bulletins', FORM);
    await delivered(bed.t);
    const fragment = await admin.get('/admin/bulletins', { ...HX, 'HX-Trigger': ADMIN_LIST_ID });
    expect(fragment.status).toBe(200);
    // Everything delivered: no hx-trigger any more (publication-view.test.ts: one while in progress).
    expect(fragment.text.startsWith(`<div id="${ADMIN_LIST_ID}">`)).toBe(true);
    expect(fragment.text).not.toContain('<html');
    expect(visibleText(fragment.text)).toContain('terminé');
  });

  it('sets the date union unsubscriptions last until, and back to the next elections', async () => {
    const admin = await adminClient(bed.t);
    const { bulletins } = bed.t.webmel.services;
    const page = await admin.get('/admin/bulletins');
    expect(page.text).toContain('<label for="f-until">Désabonnements syndicaux valables jusqu’au');
    const year = new Date().getFullYear() + 2;
    const set = await admin.post('/admin/bulletins/desabonnements', { until: `${year}-06-30` });
    expect(set.status).toBe(303);
    expect(new Date(bulletins.unsubscribeUntil() - 1).toISOString().slice(0, 10)).toBe(`${year}-06-30`);
    const after = visibleText((await admin.get('/admin/bulletins')).text);
    expect(after).toMatch(new RegExp(`Les désabonnements syndicaux valent désormais jusqu’au \\S+ 30 juin ${year}\\.`));
    expect(after).toMatch(new RegExp(`ne les reçoit plus jusqu’au \\S+ 30 juin ${year} \\.`));

    const past = await admin.post('/admin/bulletins/desabonnements', { until: '2001-01-01' });
    expect(past.status).toBe(400);
    expect(visibleText(past.text)).toContain('La date doit être à venir.');
    expect((await admin.post('/admin/bulletins/desabonnements', { until: 'demain' })).status).toBe(400);

    expect((await admin.post('/admin/bulletins/desabonnements', { until: '', action: 'reset' })).status).toBe(303);
    expect(new Date(bulletins.unsubscribeUntil() - 1).toISOString().slice(0, 10)).not.toBe(`${year}-06-30`);
    expect(visibleText((await admin.get('/admin/bulletins')).text)).toContain('valent de nouveau jusqu’aux prochaines élections professionnelles');
  });

  it('is refused (403) to anyone but an admin, the union included, whose forms record nothing', async () => {
    const union = await unionClient(bed.t);
    const ien = await signInAs(bed.t, PEOPLE.ien.address);
    for (const client of [bed.client, ien, union]) {
      const page = await client.get('/admin/bulletins');
      expect(page.status).toBe(403);
      expect(visibleText(page.text)).toContain('Cette page est réservée aux administrateurs de la messagerie.');
      expect((await client.get('/admin/bulletins', HX)).status).toBe(403);
      await client.get('/bulletins');
      expect((await client.post('/admin/bulletins', FORM)).status).toBe(403);
      expect((await client.post('/admin/bulletins/desabonnements', { until: '2099-01-01' })).status).toBe(403);
    }
    expect(bed.t.webmel.services.bulletins.list()).toEqual([]);
    expect(bed.t.webmel.services.bulletins.unsubscribeUntil()).toBeLessThan(Date.parse('2099-01-01'));
    expect((await bed.t.client().get('/admin/bulletins')).location).toBe('/login?next=%2Fadmin%2Fbulletins');
    // No link to it on their « Bulletins » page.
    expect((await bed.client.get('/bulletins')).text).not.toContain('href="/admin/bulletins"');
  });
});
