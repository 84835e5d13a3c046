/**
 * « Les services » (issue 22): the configured applications with their « Ouvrir » link, which
 * sends the agent on with a one-time ticket when the application accepts our session; the
 * application validates it once, for itself only, on the public validation endpoint, without
 * any cookie. The applications' URLs are never fetched: the tests read the redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTest, visibleText, type WebClient, type WebTest } from '../../helpers/web.js';

let t: WebTest;
let teacher: WebClient;
let login: string;
let address: string;

beforeAll(async () => {
  t = await startWebTest();
  const user = t.user({ prenom: 'Charlotte', nom: 'Habotté', fonction: 'professeure des écoles' });
  login = user.account.login;
  address = user.account.address;
  teacher = t.client();
  expect((await teacher.signIn(user.account.login, user.password)).status).toBe(303);
});
afterAll(() => t.stop());

/** What an application does with a ticket: asks us, with no cookie of ours. */
async function validate(service: string, ticket: string) {
  const response = await fetch(`${t.base}/iprof/services/validation?${new URLSearchParams({ service, ticket })}`, { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

async function ticketFrom(code: string): Promise<{ url: URL; ticket: string }> {
  const opened = await teacher.get(`/iprof/services/${code}/ouvrir`);
  expect(opened.status).toBe(303);
  const url = new URL(opened.location!);
  return { url, ticket: url.searchParams.get('ticket')! };
}

describe('Les services', () => {
  it('says so when no application is configured', async () => {
    const page = await teacher.get('/iprof/services');
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('Aucun service n’est proposé pour le moment');
    expect(page.text).toMatch(/<a href="\/iprof\/services" aria-current="page">Les Services<\/a>/);
  });

  it('lists the applications, each with an « Ouvrir » link htmx leaves alone', async () => {
    const { apps } = t.webmel.services.portal;
    apps.set({ code: 'SIAM', name: 'SIAM – mutations', description: 'Vos demandes de mutation.', url: 'https://siam.invalid/accueil?lang=fr', sso: true });
    apps.set({ code: 'SIAP', name: 'SIAP – promotions', description: 'Vos demandes de promotion.', url: 'https://siap.invalid/', sso: true });
    apps.set({ code: 'SIAC', name: 'SIAC – concours', description: '', url: 'https://siac.invalid/inscription', sso: false });
    const page = await teacher.get('/iprof/services');
    const text = visibleText(page.text);
    expect(text).toContain('SIAM – mutations Vos demandes de mutation.');
    expect(text).toContain('SIAP – promotions');
    expect(text).toContain('SIAC – concours');
    expect(page.text).toContain('<a class="btn" href="/iprof/services/SIAM/ouvrir" hx-boost="false">Ouvrir<span class="sr-only"> SIAM – mutations</span></a>');
    expect(page.text.match(/href="\/iprof\/services\/[A-Z]+\/ouvrir" hx-boost="false"/g)).toHaveLength(3);
    // The order the administration added them in.
    expect(text.indexOf('SIAM')).toBeLessThan(text.indexOf('SIAP – promotions'));
  });

  it('opens an application with a ticket that vouches for the agent once, and for that application only', async () => {
    const { url, ticket } = await ticketFrom('SIAM');
    expect(url.origin + url.pathname).toBe('https://siam.invalid/accueil');
    expect(url.searchParams.get('lang')).toBe('fr');
    expect(ticket).toMatch(/^ST-[A-Za-z0-9_-]{32}$/);

    const first = await validate('SIAM', ticket);
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^application\/json/);
    expect(first.body).toEqual({ login, address, nom: 'Habotté', prenom: 'Charlotte' });
    const again = await validate('SIAM', ticket);
    expect(again.status).toBe(404);
    expect(again.body.error).toMatch(/déjà utilisé/);

    // Another application's ticket is refused, and spent by the attempt.
    const other = await ticketFrom('SIAP');
    expect((await validate('SIAM', other.ticket)).status).toBe(404);
    expect((await validate('SIAP', other.ticket)).status).toBe(404);
    expect((await validate('SIAM', 'ST-invente')).status).toBe(404);
  });

  it('opens an application without single sign-on at its plain address', async () => {
    const opened = await teacher.get('/iprof/services/SIAC/ouvrir');
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('https://siac.invalid/inscription');
  });

  it('answers 400 to a validation without its parameters', async () => {
    const response = await fetch(`${t.base}/iprof/services/validation?service=SIAM`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining('ticket') });
  });

  it('answers an unknown application with a page in French', async () => {
    const page = await teacher.get('/iprof/services/INCONNU/ouvrir');
    expect(page.status).toBe(404);
    expect(visibleText(page.text)).toContain('Service introuvable');
    expect(page.text).toContain('href="/iprof/services"');
  });

  it('keeps the pages behind the sign-in and away from private-sector teachers', async () => {
    const visitor = await t.client().get('/iprof/services/SIAM/ouvrir');
    expect(visitor.status).toBe(303);
    expect(visitor.location).toMatch(/^\/login/);

    const user = t.user({ prenom: 'Hélène', nom: 'N’Diaye', sector: 'prive' });
    const prive = t.client();
    await prive.signIn(user.account.login, user.password);
    for (const path of ['/iprof/services', '/iprof/services/SIAM/ouvrir']) {
      const page = await prive.get(path);
      expect(page.status, path).toBe(403);
      expect(visibleText(page.text), path).toContain('I-Professionnel');
    }
  });

  it('vouches for nobody once the account is closed', async () => {
    const user = t.user({ prenom: 'Émilie', nom: 'Girard' });
    const client = t.client();
    await client.signIn(user.account.login, user.password);
    const opened = await client.get('/iprof/services/SIAM/ouvrir');
    const ticket = new URL(opened.location!).searchParams.get('ticket')!;
    t.webmel.services.accounts.disable(user.account.id);
    expect((await validate('SIAM', ticket)).status).toBe(404);
  });
});
