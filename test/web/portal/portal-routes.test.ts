/**
 * I-Prof's home and identity (issue 22): the same session as the webmail, the header's switch
 * between « Messagerie » and « I-Prof » with the name and function, « Quitter » and « Aide »;
 * the six sections in the seed's words; the personal address; private-sector teachers sent to
 * I-Professionnel on every I-Prof URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

let t: WebTest;
let teacher: WebClient;
let teacherId: number;

beforeAll(async () => {
  t = await startWebTest();
  const user = t.user({ prenom: 'Charlotte', nom: 'Habotté', fonction: 'professeur des écoles' });
  teacherId = user.account.id;
  teacher = t.client();
  expect((await teacher.signIn(user.account.login, user.password)).status).toBe(303);
});
afterAll(() => t.stop());

describe('I-Prof', () => {
  it('opens on the same sign-in, with the six sections and I-Prof’s header', async () => {
    const page = await teacher.get('/iprof');
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Bienvenue dans I-Prof');
    expect(text).toContain('Académie : TEST');
    for (const label of ['Votre Courrier', 'Votre Dossier', 'Vos Perspectives', 'Votre CV', 'Les Services', 'Les Guides']) expect(text).toContain(label);
    expect(text).toContain('Contactez votre correspondant de gestion');
    // The header: I-Prof, the name and the function, « Quitter » and « Aide », the switch.
    expect(text).toContain('I-Prof Votre assistant Carrière');
    expect(text).toMatch(/Charlotte Habotté professeur des écoles/);
    expect(page.text).toMatch(/<button type="submit" class="btn--link">Quitter<\/button>/);
    expect(page.text).toContain('<a href="/iprof/aide">Aide</a>');
    expect(page.text).toMatch(/<nav class="app-switch" aria-label="Applications">.*href="\/mailboxes\/INBOX">Messagerie<\/a>.*href="\/iprof" aria-current="true">I-Prof<\/a>/s);
    expect(page.text).toContain('<title>Accueil I-Prof – I-Prof</title>');
  });

  it('offers the switch back on the webmail’s pages too, with the name and function', async () => {
    const page = await teacher.get('/mailboxes/INBOX');
    expect(page.text).toMatch(/href="\/mailboxes\/INBOX" aria-current="true">Messagerie<\/a>.*href="\/iprof">I-Prof<\/a>/s);
    expect(visibleText(page.text)).toContain('Charlotte Habotté professeur des écoles');
  });

  it('keeps the personal address, refuses a wrong or academic one, and clears an empty one', async () => {
    await teacher.get('/iprof');
    const saved = await teacher.post('/iprof/mel-personnel', { address: ' Charlotte.H@Exemple.fr ' });
    expect(saved.status).toBe(303);
    expect(t.webmel.services.portal.personalAddresses.of(teacherId)).toBe('charlotte.h@exemple.fr');
    expect((await teacher.get('/iprof')).text).toContain('value="charlotte.h@exemple.fr"');

    const wrong = await teacher.post('/iprof/mel-personnel', { address: 'pas une adresse' });
    expect(wrong.status).toBe(400);
    expect(visibleText(wrong.text)).toContain('Adresse invalide');
    expect(wrong.text).toContain('aria-invalid="true"');
    const academic = await teacher.post('/iprof/mel-personnel', { address: 'charlotte.habotte@ac-test.fr' });
    expect(academic.status).toBe(400);
    expect(t.webmel.services.portal.personalAddresses.of(teacherId)).toBe('charlotte.h@exemple.fr');

    await teacher.get('/iprof');
    expect((await teacher.post('/iprof/mel-personnel', { address: '' })).status).toBe(303);
    expect(t.webmel.services.portal.personalAddresses.of(teacherId)).toBeNull();
  });

  it('refuses the personal address form without its CSRF token', async () => {
    await teacher.get('/iprof');
    expect((await teacher.post('/iprof/mel-personnel', { address: 'x@exemple.fr' }, { csrf: false })).status).toBe(403);
    expect(t.webmel.services.portal.personalAddresses.of(teacherId)).toBeNull();
  });

  it('sends a private-sector teacher to I-Professionnel on every I-Prof URL', async () => {
    const user = t.user({ prenom: 'Hélène', nom: 'N’Diaye', sector: 'prive' });
    const prive = t.client();
    await prive.signIn(user.account.login, user.password);
    const home = await prive.get('/iprof');
    expect(home.status).toBe(200);
    expect(visibleText(home.text)).toContain('vous devez utiliser l’application I-Professionnel (I-Prof étant destiné aux enseignants du public)');
    expect(home.text).toContain('href="https://i-professionnel.invalid"');
    for (const path of ['/iprof/courrier', '/iprof/dossier', '/iprof/cv', '/iprof/aide']) {
      const page = await prive.get(path);
      expect(page.status, path).toBe(403);
      expect(visibleText(page.text), path).toContain('I-Professionnel');
    }
    await prive.get('/iprof');
    expect((await prive.post('/iprof/mel-personnel', { address: 'h@exemple.fr' })).status).toBe(403);
    expect(t.webmel.services.portal.personalAddresses.of(user.account.id)).toBeNull();
  });

  it('sends a visitor to the sign-in page', async () => {
    const page = await t.client().get('/iprof');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);
  });
});
