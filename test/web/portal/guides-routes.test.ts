/**
 * « Les guides » (issue 22): the administration's Markdown pages listed by theme, each shown
 * with its date and through the allowlist, so that a hostile guide (or a stolen admin
 * account's) cannot run anything in I-Prof's own page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

let t: WebTest;
let teacher: WebClient;

beforeAll(async () => {
  t = await startWebTest();
  const user = t.user({ prenom: 'Charlotte', nom: 'Habotté' });
  teacher = t.client();
  expect((await teacher.signIn(user.account.login, user.password)).status).toBe(303);
});
afterAll(() => t.stop());

const HOSTILE = `# Procédure

Texte **important**.

<script>alert('guide')</script>
<img src=x onerror="alert(1)">
<a href="javascript:alert(2)" onclick="alert(3)">cliquer</a>
<p onmouseover="alert(4)" style="color:red">survol</p>
<iframe src="https://piege.invalid"></iframe>

[Le BO](https://www.education.gouv.fr/bo)
`;

describe('Les guides', () => {
  it('says so when no guide is published', async () => {
    const page = await teacher.get('/iprof/guides');
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('Aucun guide n’est publié pour le moment');
    expect(page.text).toMatch(/<a href="\/iprof\/guides" aria-current="page">Les Guides<\/a>/);
  });

  it('lists the guides under a heading per theme', async () => {
    const { guides } = t.webmel.services.portal;
    guides.set({ theme: 'Mutations', title: 'Demander une mutation', markdown: 'Le calendrier du mouvement.' }, 'test');
    guides.set({ theme: 'Mutations', title: 'Barème des mutations', markdown: 'Les points.' }, 'test');
    guides.set({ theme: 'Promotions', title: 'Le rendez-vous de carrière', markdown: 'Trois rendez-vous.' }, 'test');
    const page = await teacher.get('/iprof/guides');
    expect(page.text).toMatch(/<h2>Mutations<\/h2>\s*<ul><li><a href="\/iprof\/guides\/bareme-des-mutations">Barème des mutations<\/a><\/li><li><a href="\/iprof\/guides\/demander-une-mutation">Demander une mutation<\/a><\/li><\/ul>/);
    expect(page.text).toMatch(/<h2>Promotions<\/h2>\s*<ul><li><a href="\/iprof\/guides\/le-rendez-vous-de-carriere">Le rendez-vous de carrière<\/a>/);
  });

  it('shows a guide with its title, theme and date', async () => {
    t.webmel.services.portal.guides.set({ theme: 'Mutations', title: 'Demander une mutation', markdown: '# Calendrier\n\nDu **1er** au 15 mars.' }, 'test', Date.parse('2026-03-02T09:30:00Z'));
    const page = await teacher.get('/iprof/guides/demander-une-mutation');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Demander une mutation</h1>');
    // The guide's own headings come one level down, under the page's title.
    expect(page.text).toContain('<h2>Calendrier</h2>');
    expect(page.text).toContain('<strong>1er</strong>');
    expect(visibleText(page.text)).toContain('Thème : Mutations. Mis à jour le lundi 2 mars 2026 à 10:30');
    expect(page.text).toContain('<time datetime="2026-03-02T09:30:00.000Z">');
  });

  it('shows a hostile guide without its scripts, handlers, frames or javascript: links', async () => {
    t.webmel.services.portal.guides.set({ theme: 'Divers', title: 'Guide piégé', markdown: HOSTILE }, 'test');
    const page = await teacher.get('/iprof/guides/guide-piege');
    expect(page.status).toBe(200);
    const guide = /<div class="iprof-guide">([\s\S]*?)<\/div>/.exec(page.text)![1]!;
    expect(guide).toContain('<strong>important</strong>');
    expect(guide).toContain('<a href="https://www.education.gouv.fr/bo" rel="noopener noreferrer">Le BO</a>');
    expect(guide).not.toMatch(/<script|<img|<iframe|javascript:|\son\w+=|style=/i);
    expect(guide).not.toContain('alert(');
    expect(page.text).not.toContain("alert('guide')");
  });

  it('answers an unknown guide with a page in French', async () => {
    const page = await teacher.get('/iprof/guides/nulle-part');
    expect(page.status).toBe(404);
    expect(visibleText(page.text)).toContain('Guide introuvable');
    expect(page.text).toContain('href="/iprof/guides"');
  });

  it('keeps the guides away from private-sector teachers', async () => {
    const user = t.user({ prenom: 'Hélène', nom: 'N’Diaye', sector: 'prive' });
    const prive = t.client();
    await prive.signIn(user.account.login, user.password);
    for (const path of ['/iprof/guides', '/iprof/guides/demander-une-mutation']) {
      const page = await prive.get(path);
      expect(page.status, path).toBe(403);
      expect(visibleText(page.text), path).toContain('I-Professionnel');
    }
  });
});
