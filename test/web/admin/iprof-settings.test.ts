/**
 * « Réglages d’I-Prof » (`/admin/iprof`) over HTTP: an admin sets the themes of « Votre
 * courrier », the applications of « Les services » and the guides, and an agent sees each change
 * on her I-Prof pages at once; a refusal is the form again with its status and what was typed;
 * every change is in the journal under the admin's login, with the CLI's action names; an
 * enseignant and an IEN are refused every page and every form, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, seedDirectory } from '../../helpers/directory-fixtures.js';
import { startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

let t: WebTest;
let teacher: WebClient;
let admin: WebClient;
let adminLogin: string;
let ien: WebClient;

async function signedIn(input: { prenom: string; nom: string }): Promise<{ client: WebClient; id: number; login: string }> {
  const user = t.user(input);
  const client = t.client();
  expect((await client.signIn(user.account.login, user.password)).status).toBe(303);
  await client.get('/account'); // the session's CSRF token
  return { client, id: user.account.id, login: user.account.login };
}

/** The I-Prof entries of the journal, oldest first. */
const journal = () => t.webmel.services.audit.list({ action: 'iprof' }).reverse().map(({ actor, action, target, details }) => ({ actor, action, target, details }));

beforeAll(async () => {
  t = await startWebTest();
  seedDirectory(t.webmel.services.directory);
  ({ client: teacher } = await signedIn(PEOPLE.teacher));
  // The teacher's form to her gestionnaire needs the gestionnaire's account.
  await signedIn(PEOPLE.gestionnaire);
  const roux = await signedIn({ prenom: 'Paul', nom: 'Roux' });
  t.webmel.services.accounts.updateProfile(roux.id, { role: 'admin', degree: null, uai: null, circonscription: null });
  admin = roux.client;
  adminLogin = roux.login;
  const martin = await signedIn(PEOPLE.ien);
  t.webmel.services.accounts.updateProfile(martin.id, { role: 'ien', degree: '1d', uai: null, circonscription: null });
  ien = martin.client;
});

afterAll(async () => {
  await t?.stop();
});

describe('the console’s « Réglages d’I-Prof »', () => {
  it('is linked from the dashboard, and labels every field of its three sections', async () => {
    expect((await admin.get('/admin')).text).toContain('<a href="/admin/iprof">I-Prof</a>');
    const page = await admin.get('/admin/iprof');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Réglages d’I-Prof</h1>');
    for (const heading of ['Thèmes de Votre courrier', 'Les services', 'Les guides']) expect(page.text).toMatch(new RegExp(`<h2 id="[^"]+">${heading}</h2>`));
    for (const [id, label] of [['f-theme', 'Thème'], ['f-code', 'Code'], ['f-name', 'Nom'], ['f-url', 'Adresse'], ['f-description', 'Description'], ['f-sso', 'Sans nouvelle authentification']]) {
      expect(page.text, id).toMatch(new RegExp(`<label for="${id}">${label}`));
    }
    const text = visibleText(page.text);
    expect(text).toContain('le formulaire affiche « pas de thème autorisé »');
    expect(text).toContain('Aucun service n’est proposé.');
    expect(text).toContain('Aucun guide n’est publié.');
    expect(page.text).toContain('<a class="btn btn--primary" href="/admin/iprof/guides/nouveau">Écrire un guide</a>');
  });

  it('adds a theme that the teacher then chooses in her form, and removes it', async () => {
    const added = await admin.post('/admin/iprof/themes', { theme: '  Mutation  ' });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/admin/iprof');
    const page = await admin.get('/admin/iprof');
    expect(visibleText(page.text)).toContain('Thème « Mutation » autorisé.');
    expect(page.text).toContain('<input type="hidden" name="theme" value="Mutation"><button type="submit" class="btn--danger">Retirer<span class="sr-only"> le thème « Mutation »</span></button>');
    expect((await teacher.get('/iprof/courrier/nouveau')).text).toContain('<option>Mutation</option>');

    // Already there: said so, and nothing written to the journal.
    await admin.post('/admin/iprof/themes', { theme: 'Mutation' });
    expect(visibleText((await admin.get('/admin/iprof')).text)).toContain('Le thème « Mutation » était déjà autorisé.');

    const refused = await admin.post('/admin/iprof/themes', { theme: 'x'.repeat(81) });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/role="alert"><p>Un thème a de 1 à 80 caractères\.<\/p>/);
    expect(refused.text).toContain(`value="${'x'.repeat(81)}"`);

    const removed = await admin.post('/admin/iprof/themes/retirer', { theme: 'Mutation' });
    expect(removed.status).toBe(303);
    expect((await teacher.get('/iprof/courrier/nouveau')).text).not.toContain('<option>Mutation</option>');
    const again = await admin.post('/admin/iprof/themes/retirer', { theme: 'Mutation' });
    expect(again.status).toBe(404);
    expect(visibleText(again.text)).toContain('Thème inconnu : Mutation.');

    expect(journal()).toEqual([
      { actor: adminLogin, action: 'iprof.theme.add', target: 'Mutation', details: {} },
      { actor: adminLogin, action: 'iprof.theme.remove', target: 'Mutation', details: {} },
    ]);
  });

  it('adds a service without new authentication that the teacher finds on « Les services », refuses a bad address keeping what was typed, and changes and removes it', async () => {
    const form = { code: 'siam', name: 'SIAM : mutations', url: 'https://siam.ac-test.invalid/', description: 'Vos demandes de mutation', sso: '1' };
    const added = await admin.post('/admin/iprof/services', form);
    expect(added.status).toBe(303);
    expect(added.location).toBe('/admin/iprof');
    const page = await admin.get('/admin/iprof');
    expect(visibleText(page.text)).toContain('Service SIAM ajouté : SIAM : mutations, sans nouvelle authentification.');
    expect(visibleText(page.text)).toContain('SIAM SIAM : mutations https://siam.ac-test.invalid/ oui');
    expect(page.text).toContain('<th scope="row"><code>SIAM</code></th>');
    const services = visibleText((await teacher.get('/iprof/services')).text);
    expect(services).toContain('SIAM : mutations Vos demandes de mutation Ouverture sans nouvelle authentification.');

    const bad = await admin.post('/admin/iprof/services', { code: 'SIAP', name: 'SIAP : promotions', url: 'ftp://siap.example', description: 'Promotions' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/role="alert"><p>Adresse invalide « ftp:\/\/siap\.example » : une adresse http ou https est attendue\.<\/p>/);
    for (const value of ['SIAP', 'SIAP : promotions', 'ftp://siap.example', 'Promotions']) expect(bad.text).toContain(`value="${value}"`);
    expect(bad.text).not.toMatch(/id="f-sso"[^>]* checked/);
    expect(t.webmel.services.portal.apps.get('SIAP')).toBeNull();

    // « Modifier » fills the form with the application; its code changes it.
    const edit = await admin.get('/admin/iprof?service=SIAM');
    expect(edit.text).toContain('value="https://siam.ac-test.invalid/"');
    expect(edit.text).toMatch(/id="f-sso"[^>]* checked/);
    // An unticked box is not sent at all.
    await admin.post('/admin/iprof/services', Object.fromEntries(Object.entries(form).filter(([name]) => name !== 'sso')));
    expect(visibleText((await admin.get('/admin/iprof')).text)).toContain('Service SIAM modifié : SIAM : mutations.');
    expect(t.webmel.services.portal.apps.get('SIAM')?.sso).toBe(false);

    expect((await admin.post('/admin/iprof/services/retirer', { code: 'siam' })).status).toBe(303);
    expect(visibleText((await teacher.get('/iprof/services')).text)).toContain('Aucun service n’est proposé pour le moment.');
    expect((await admin.post('/admin/iprof/services/retirer', { code: 'SIAM' })).status).toBe(404);

    expect(journal().filter((e) => e.action.startsWith('iprof.service'))).toEqual([
      { actor: adminLogin, action: 'iprof.service.set', target: 'SIAM', details: { created: true, sso: true } },
      { actor: adminLogin, action: 'iprof.service.set', target: 'SIAM', details: { created: false, sso: false } },
      { actor: adminLogin, action: 'iprof.service.remove', target: 'SIAM', details: {} },
    ]);
  });

  it('writes a guide the teacher reads, changes it, refuses a new one on its slug, and removes it', async () => {
    const form = await admin.get('/admin/iprof/guides/nouveau');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<label for="f-markdown">Texte \(Markdown\)/);
    for (const id of ['f-theme', 'f-title', 'f-slug']) expect(form.text, id).toMatch(new RegExp(`<label for="${id}">`));

    const markdown = '# Calendrier\n\nSaisie des vœux du **18 novembre** au 9 décembre.';
    const written = await admin.post('/admin/iprof/guides', { theme: 'Mutations', title: 'Mouvement inter-académique', slug: '', markdown });
    expect(written.status).toBe(303);
    expect(written.location).toBe('/admin/iprof');
    const page = await admin.get('/admin/iprof');
    expect(visibleText(page.text)).toContain('Guide « Mouvement inter-académique » publié : /iprof/guides/mouvement-inter-academique.');
    expect(page.text).toContain('<h3>Mutations</h3>');
    expect(page.text).toContain('<a href="/iprof/guides/mouvement-inter-academique">Mouvement inter-académique</a>');
    expect(page.text).toContain('href="/admin/iprof/guides/mouvement-inter-academique">Modifier');
    const read = await teacher.get('/iprof/guides/mouvement-inter-academique');
    expect(read.status).toBe(200);
    expect(read.text).toContain('<h2>Calendrier</h2>');
    expect(read.text).toContain('<strong>18 novembre</strong>');

    const edit = await admin.get('/admin/iprof/guides/mouvement-inter-academique');
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('<h1>Modifier le guide « Mouvement inter-académique »</h1>');
    expect(edit.text).toContain('Saisie des vœux du **18 novembre** au 9 décembre.</textarea>');
    const changed = await admin.post('/admin/iprof/guides', { editing: 'mouvement-inter-academique', theme: 'Mutations', title: 'Mouvement inter-académique 2027', markdown: 'Saisie des vœux **reportée** au 25 novembre.' });
    expect(changed.status).toBe(303);
    expect(visibleText((await admin.get('/admin/iprof')).text)).toContain('Guide « Mouvement inter-académique 2027 » mis à jour : /iprof/guides/mouvement-inter-academique.');
    const reread = await teacher.get('/iprof/guides/mouvement-inter-academique');
    expect(reread.text).toContain('<h1>Mouvement inter-académique 2027</h1>');
    expect(reread.text).toContain('<strong>reportée</strong>');
    expect(t.webmel.services.portal.guides.list()).toHaveLength(1);

    // A new guide does not replace one silently; what was typed comes back.
    const taken = await admin.post('/admin/iprof/guides', { theme: 'Mutations', title: 'Autre', slug: 'mouvement-inter-academique', markdown: 'Autre texte' });
    expect(taken.status).toBe(409);
    expect(visibleText(taken.text)).toContain('Un guide porte déjà l’identifiant « mouvement-inter-academique »');
    expect(taken.text).toContain('value="Autre"');
    expect(taken.text).toContain('Autre texte</textarea>');
    const empty = await admin.post('/admin/iprof/guides', { theme: 'Mutations', title: 'Sans texte', slug: '', markdown: '  ' });
    expect(empty.status).toBe(400);
    expect(visibleText(empty.text)).toContain('Le guide est vide.');
    expect((await admin.get('/admin/iprof/guides/personne')).status).toBe(404);

    expect((await admin.post('/admin/iprof/guides/retirer', { slug: 'mouvement-inter-academique' })).status).toBe(303);
    expect((await teacher.get('/iprof/guides/mouvement-inter-academique')).status).toBe(404);
    const gone = await admin.post('/admin/iprof/guides/retirer', { slug: 'mouvement-inter-academique' });
    expect(gone.status).toBe(404);
    expect(visibleText(gone.text)).toContain('Guide inconnu : mouvement-inter-academique.');

    expect(journal().filter((e) => e.action.startsWith('iprof.guide'))).toEqual([
      { actor: adminLogin, action: 'iprof.guide.set', target: 'mouvement-inter-academique', details: { created: true } },
      { actor: adminLogin, action: 'iprof.guide.set', target: 'mouvement-inter-academique', details: { created: false } },
      { actor: adminLogin, action: 'iprof.guide.remove', target: 'mouvement-inter-academique', details: {} },
    ]);
  });

  it('refuses its pages and forms to an enseignant and to an IEN (403), who change nothing', async () => {
    const before = journal().length;
    for (const [who, client] of [['enseignant', teacher], ['IEN', ien]] as const) {
      for (const path of ['/admin/iprof', '/admin/iprof/guides/nouveau', '/admin/iprof?service=SIAM']) {
        const page = await client.get(path);
        expect(page.status, `${who} GET ${path}`).toBe(403);
        expect(visibleText(page.text)).toContain('Cette page est réservée aux administrateurs de la messagerie.');
      }
      const posts: Array<[string, Record<string, string>]> = [
        ['/admin/iprof/themes', { theme: 'Piratage' }],
        ['/admin/iprof/services', { code: 'EVIL', name: 'Evil', url: 'https://evil.invalid/' }],
        ['/admin/iprof/guides', { theme: 'X', title: 'Piratage', markdown: 'x' }],
        ['/admin/iprof/themes/retirer', { theme: 'Mutation' }],
      ];
      for (const [path, body] of posts) expect((await client.post(path, body)).status, `${who} POST ${path}`).toBe(403);
    }
    const { portal } = t.webmel.services;
    expect({ themes: portal.courrierThemes.list(), apps: portal.apps.list(), guides: portal.guides.list(), journal: journal().length }).toEqual({ themes: [], apps: [], guides: [], journal: before });
  });
});
