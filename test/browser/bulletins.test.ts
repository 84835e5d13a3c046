/**
 * Institutional mail in a real browser, on the demo académie as `npm start` seeds it:
 * (a) the demo admin publishes a bulletin from /admin/bulletins, the server delivers it, and
 *     the demo teacher, in a browser of her own, reads it in her INBOX and on « Bulletins »
 *     (its HTML in the sandboxed frame);
 * (b) the teacher opens the demo union message, follows its unsubscribe link, confirms, and
 *     finds the union on « Mon compte », from where « Recevoir à nouveau » takes it back.
 * No CSP violation, no script error, no request outside 127.0.0.1.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestBed, firstSignIn } from './browser-harness.js';

const bed = browserTestBed({ demo: true });

const ADMIN = { login: 'proux', numen: '02A0867890FGH' };
const TEACHER = { login: 'chabotte', numen: '02G0512345ABC' };
const UNION = 'Syndicat Démo-Éducation';
const UNION_SUBJECT = `[${UNION}] Réunion d’information syndicale (démonstration)`;

/** Waits for the server's runner to deliver everything recorded. */
async function allDelivered(): Promise<void> {
  const { bulletins } = bed.t.webmel.services;
  const deadline = Date.now() + 20_000;
  while (bulletins.waiting() > 0) {
    if (Date.now() > deadline) throw new Error('publications still waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });

describe('institutional mail in Chromium', () => {
  it('(a) the demo admin publishes a bulletin and the demo teacher reads it in her INBOX and on « Bulletins »', async () => {
    const { t, browser } = bed;
    const { page } = t;
    await firstSignIn(page, t.base, ADMIN.login, ADMIN.numen);
    await nav(page).getByRole('link', { name: 'Bulletins' }).click();
    await page.waitForURL('**/bulletins');
    await page.getByRole('link', { name: 'Publier un bulletin' }).click();
    await page.waitForURL('**/admin/bulletins');
    expect(await page.getByLabel('Expéditeur').inputValue()).toMatch(/^Rectorat de l’académie <communication@/);
    await page.getByRole('textbox', { name: 'Objet', exact: true }).fill('Calendrier de la rentrée (test)');
    await page.getByRole('textbox', { name: 'Public', exact: true }).fill('1d');
    await page.getByLabel('Format du texte').selectOption('markdown');
    await page.getByRole('textbox', { name: 'Texte', exact: true }).fill('# Rentrée\n\nLes élèves reprennent le **jeudi 2 septembre**.');
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.waitForURL('**/admin/bulletins');
    expect(await page.getByRole('status').filter({ hasText: 'Bulletin n°' }).textContent()).toMatch(/Bulletin n° \d+ enregistré : distribution à \d+ boîtes en cours\./);
    await allDelivered();
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'Calendrier de la rentrée (test)' });
    expect(await row.textContent()).toContain('terminé');
    expect(await row.textContent()).toContain('le 1er degré');

    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const teacher = await context.newPage();
      const errors: string[] = [];
      teacher.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      teacher.on('pageerror', (e) => errors.push(String(e)));
      await firstSignIn(teacher, t.base, TEACHER.login, TEACHER.numen);
      await teacher.getByRole('link', { name: 'Calendrier de la rentrée (test)' }).first().click();
      await teacher.waitForURL(/\/mailboxes\/INBOX\/messages\/\d+$/);
      await expect.poll(() => teacher.frameLocator('iframe.mail-frame').getByText('jeudi 2 septembre').count()).toBe(1);

      await nav(teacher).getByRole('link', { name: 'Bulletins' }).click();
      await teacher.waitForURL('**/bulletins');
      const listed = teacher.getByRole('row').filter({ hasText: 'Calendrier de la rentrée (test)' });
      expect(await listed.textContent()).toContain('Message institutionnel');
      expect(await teacher.getByText('on ne peut pas s’en désabonner', { exact: false }).count()).toBe(1);
      await listed.getByRole('link').click();
      await teacher.waitForURL(/\/bulletins\/\d+$/);
      expect(await teacher.getByRole('heading', { level: 1 }).textContent()).toBe('Calendrier de la rentrée (test)');
      await expect.poll(() => teacher.frameLocator('iframe.mail-frame').getByRole('heading', { name: 'Rentrée' }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(t.consoleErrors).toEqual([]);
    expect(t.blockedRequests).toEqual([]);
  });

  it('(b) the demo teacher unsubscribes from the union’s footer link, and finds it on « Mon compte »', async () => {
    const { t } = bed;
    const { page } = t;
    await allDelivered();
    await firstSignIn(page, t.base, TEACHER.login, TEACHER.numen);
    await page.getByRole('link', { name: UNION_SUBJECT }).click();
    await page.waitForURL(/\/mailboxes\/INBOX\/messages\/\d+$/);
    expect(await page.getByText('vous désabonne en un clic', { exact: false }).count()).toBeGreaterThan(0);
    // The footer's link opens a new tab (target=_blank) at WEBMEL_PUBLIC_URL, which in the
    // tests is not the port the webmail listens on: its path is followed here instead.
    const link = page.locator('a[href*="/desabonnement/"]').first();
    expect(await link.getAttribute('target')).toBe('_blank');
    const href = new URL((await link.getAttribute('href'))!);
    expect(href.pathname).toMatch(/^\/desabonnement\/[A-Za-z0-9_-]{20,}$/);
    await page.goto(`${t.base}${href.pathname}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Ne plus recevoir les messages de ${UNION}`);
    expect(await page.getByText('jusqu’aux prochaines élections professionnelles', { exact: false }).textContent()).toMatch(/jusqu’au \S+ \d+(er)? \S+ \d{4}/);
    const { bulletins, accounts } = t.webmel.services;
    const charlotte = accounts.byLoginOrAddress(TEACHER.login)!;
    expect(bulletins.unsubscriptions(charlotte.id)).toEqual([]);

    await page.getByRole('button', { name: `Ne plus recevoir les messages de ${UNION}` }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Désabonnement enregistré');
    expect(await page.getByRole('status').filter({ hasText: UNION }).textContent()).toContain(`Vous ne recevrez plus les messages de ${UNION} jusqu’au`);
    expect(bulletins.unsubscriptions(charlotte.id).map((u) => u.unionName)).toEqual([UNION]);

    await page.getByRole('link', { name: 'Mon compte' }).click();
    await page.waitForURL('**/account');
    const section = page.getByRole('region', { name: 'Messages syndicaux refusés' });
    expect(await section.textContent()).toContain(UNION);
    await section.getByRole('button', { name: `Recevoir à nouveau les messages de ${UNION}` }).click();
    await page.waitForURL('**/account');
    expect(await page.getByRole('status').filter({ hasText: 'Vous recevrez à nouveau' }).textContent()).toContain(UNION);
    expect(await page.getByRole('region', { name: 'Messages syndicaux refusés' }).textContent()).toContain('Vous recevez les messages de toutes les organisations syndicales.');
    expect(bulletins.unsubscriptions(charlotte.id)).toEqual([]);
    expect(t.consoleErrors).toEqual([]);
    expect(t.blockedRequests).toEqual([]);
  });
});
