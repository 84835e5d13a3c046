/**
 * The demo académie's « Les services » and « Les guides » (issue 22): SIAM, SIAP and SIAC and
 * two guides, all labelled as demonstrations; SIAM opens on our own validation endpoint with
 * its ticket, so a newcomer sees the single sign-on work; seeding again changes nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { seedDemo } from '../../src/demo/index.js';
import { seedPortal } from '../../src/demo/seed-portal.js';
import { guideHtml } from '../../src/portal/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import '../helpers/webmel.js'; // cheap scrypt for tests

let temp: ReturnType<typeof makeTempDir>;
let services: Services;

beforeEach(async () => {
  temp = makeTempDir();
  services = createServices(testConfig(temp.dir, { domain: 'ac-test.fr' }), silentLogger);
  await seedDemo(services);
});
afterEach(() => {
  services.db.close();
  temp.cleanup();
});

it('offers SIAM, SIAP and SIAC and two guides, each labelled as a demonstration', () => {
  const apps = services.portal.apps.list();
  expect(apps.map((a) => a.code)).toEqual(['SIAM', 'SIAP', 'SIAC']);
  for (const app of apps) expect(app.name).toMatch(/\(démonstration\)$/);
  for (const app of apps.filter((a) => a.code !== 'SIAM')) expect(new URL(app.url).hostname).toMatch(/\.invalid$/);
  const guides = services.portal.guides.list();
  expect(guides.map((g) => [g.theme, g.title])).toEqual([
    ['Carrière et promotions', 'Le rendez-vous de carrière (démonstration)'],
    ['Mutations', 'Demander une mutation (démonstration)'],
  ]);
  const mutation = services.portal.guides.get('demander-une-mutation-demo')!;
  expect(mutation.markdown).toContain('**Guide de démonstration**');
  expect(guideHtml(mutation.markdown)).toContain('<table>');
});

it('opens the demo SIAM on the validation endpoint, with a ticket that validates once', () => {
  const charlotte = services.accounts.byLoginOrAddress('chabotte')!;
  const url = new URL(services.portal.apps.openingUrl('SIAM', charlotte.id)!);
  expect(`${url.origin}${url.pathname}`).toBe(`${services.config.publicUrl}/iprof/services/validation`);
  expect(url.searchParams.get('service')).toBe('SIAM');
  const ticket = url.searchParams.get('ticket')!;
  expect(services.portal.apps.redeem('SIAM', ticket)).toBe(charlotte.id);
  expect(services.portal.apps.redeem('SIAM', ticket)).toBeNull();
});

it('changes nothing when seeded again', () => {
  const before = [services.portal.apps.list(), services.portal.guides.list().map((g) => [g.slug, g.title])];
  expect(seedPortal(services)).toEqual({ apps: ['SIAM', 'SIAP', 'SIAC'], guides: ['demander-une-mutation-demo', 'rendez-vous-de-carriere-demo'] });
  expect([services.portal.apps.list(), services.portal.guides.list().map((g) => [g.slug, g.title])]).toEqual(before);
});
