/**
 * The annuaire in a real browser: the demo teacher opens « Annuaire » from the main
 * navigation, finds her school by typing its UAI (htmx's active search, the address bar
 * following), opens its page, finds her colleague among its staff, and writes to her with
 * « Écrire »: « À » holds the colleague's address. A quick recipient's button adds the IEN
 * in place. No CSP violation, no script error. The annuaire is the demo académie's, imported
 * from data/annuaire-demo on first start as `npm start` does.
 */
import { describe, expect, it } from 'vitest';
import { PEOPLE, UAI } from '../helpers/directory-fixtures.js';
import { browserTestBed, firstSignIn } from './browser-harness.js';

const bed = browserTestBed({ demo: true });

const TEACHER = { login: 'chabotte', numen: '02G0512345ABC' };

describe('annuaire in Chromium', () => {
  it('the demo teacher finds her school’s page, then a colleague, and writes to her with « Écrire »', async () => {
    const { t } = bed;
    const { page } = t;
    await firstSignIn(page, t.base, TEACHER.login, TEACHER.numen);

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Annuaire' }).click();
    await page.waitForURL('**/annuaire');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Annuaire');
    expect(await page.getByRole('link', { name: 'Annuaire', exact: true }).getAttribute('aria-current')).toBe('page');

    // Results as she types, the UAI in lower case; the address bar follows the search.
    await page.getByLabel("Rechercher dans l'annuaire").pressSequentially(UAI.ecole.toLowerCase(), { delay: 30 });
    const school = page.locator('#annuaire-results').getByRole('link', { name: 'École élémentaire Jean Jaurès', exact: true });
    await school.waitFor();
    await expect.poll(() => page.url()).toContain(`/annuaire?q=${UAI.ecole.toLowerCase()}`);
    await school.click();
    await page.waitForURL(`**/annuaire/structures/${UAI.ecole}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('École élémentaire Jean Jaurès');
    expect(await page.locator('.structure-facts').textContent()).toContain('ce.0131234w@ac-test.fr');

    // Her colleague among the school's staff.
    const staff = page.getByRole('list', { name: 'Personnels' });
    expect(await staff.getByRole('heading', { name: 'Émilie Girard' }).count()).toBe(1);
    await staff.getByRole('link', { name: 'Écrire à Émilie Girard' }).click();
    await page.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
    const to = page.getByRole('combobox', { name: 'À' });
    expect(await to.inputValue()).toBe(`Émilie Girard <${PEOPLE.colleague.address}>`);

    // « Mon IEN » goes into « À » in place, without leaving the page.
    const url = page.url();
    await page.getByRole('button', { name: /^Mon IEN/ }).click();
    expect(await to.inputValue()).toBe(`Émilie Girard <${PEOPLE.colleague.address}>, Sophie Martin-Durand <${PEOPLE.ien.address}>, `);
    expect(page.url()).toBe(url);

    expect(t.consoleErrors).toEqual([]);
    expect(t.blockedRequests).toEqual([]);
  });

  it('works without JavaScript: the GET form finds the colleague, « Écrire » fills « À »', async () => {
    const { t, browser } = bed;
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const page = await context.newPage();
      await firstSignIn(page, t.base, TEACHER.login, TEACHER.numen);
      await page.goto(`${t.base}/annuaire`);
      await page.getByLabel("Rechercher dans l'annuaire").fill('girard emilie');
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await page.waitForURL('**/annuaire?q=girard+emilie**');
      await page.getByRole('link', { name: 'Écrire à Émilie Girard' }).click();
      await page.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
      expect(await page.getByLabel('À', { exact: true }).inputValue()).toBe(`Émilie Girard <${PEOPLE.colleague.address}>`);
    } finally {
      await context.close();
    }
  });
});
