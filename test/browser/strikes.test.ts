/**
 * The strike declaration in a real browser, on the demo académie as `npm start` seeds it (its
 * example holidays and its demo préavis): the demo teacher opens « Grève » from the main
 * navigation, ticks the first day offered, declares, reads the confirmation and finds the
 * « Accusé de réception » in her INBOX; then the demo IEN, in another browser, sees one
 * declarant at the teacher's école for that day. No CSP violation, no script error.
 */
import { describe, expect, it } from 'vitest';
import { browserTestBed, firstSignIn } from './browser-harness.js';

const bed = browserTestBed({ demo: true });

const TEACHER = { login: 'chabotte', numen: '02G0512345ABC' };
const IEN = { login: 'smartin-durand', numen: '02A0145678DEF' };

describe('strike declaration in Chromium', () => {
  it('the demo teacher declares and gets the receipt, and the demo IEN sees the count', async () => {
    const { t, browser } = bed;
    const { page } = t;
    await firstSignIn(page, t.base, TEACHER.login, TEACHER.numen);

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Grève' }).click();
    await page.waitForURL('**/greve');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Déclaration préalable de grève');
    const days = page.getByRole('group', { name: 'Jours de classe couverts par un préavis de grève' });
    const first = days.getByRole('checkbox').first();
    const day = (await first.getAttribute('value'))!;
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Each day says its deadline.
    expect(await days.textContent()).toMatch(/à déclarer au plus tard le \S+ \d+(er)? \S+ \d{4} à 23 h 59/);
    await first.check();
    await page.getByRole('button', { name: 'Déclarer mon intention de grève' }).click();
    await page.waitForURL('**/greve');
    expect(await page.locator('.banner').first().textContent()).toContain('L’accusé de réception est dans votre boîte de réception.');
    const mine = page.getByRole('region', { name: 'Mes déclarations' });
    expect(await mine.getByRole('button', { name: /^Retirer/ }).count()).toBe(1);

    await page.goto(`${t.base}/mailboxes/INBOX`);
    await page.getByRole('link', { name: /Accusé de réception : déclaration d’intention de grève/ }).click();
    await page.waitForURL(/\/mailboxes\/INBOX\/messages\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Accusé de réception');
    expect(t.consoleErrors).toEqual([]);
    expect(t.blockedRequests).toEqual([]);

    // The IEN of the circonscription, in a browser of her own.
    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const ien = await context.newPage();
      await firstSignIn(ien, t.base, IEN.login, IEN.numen);
      await ien.goto(`${t.base}/greve`);
      await ien.locator('main a[href^="/greve/circonscription"]').first().click();
      await ien.waitForURL('**/greve/circonscription**');
      await ien.getByLabel('Journée de grève').selectOption(day);
      await ien.getByRole('button', { name: 'Afficher' }).click();
      await ien.waitForURL(`**date=${day}**`);
      const row = ien.getByRole('row').filter({ hasText: '0131234W' });
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells.some((c) => c.trim() === '1')).toBe(true);
      expect(await row.textContent()).toContain('Habotté');
    } finally {
      await context.close();
    }
  });
});
