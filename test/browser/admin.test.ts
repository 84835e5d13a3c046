/**
 * The admin console in a real browser, on the demo académie as `npm start` seeds it: the demo
 * teacher's mailbox made the fullest (mail delivered to her first), the demo admin finds it at
 * the top of « Comptes », raises its quota with a reason, and the teacher's quota meter, in a
 * browser of her own, shows the new limit.
 */
import { describe, expect, it } from 'vitest';
import { browserTestBed, firstSignIn } from './browser-harness.js';

const bed = browserTestBed({ demo: true });

const ADMIN = { login: 'proux', numen: '02A0867890FGH' };
const TEACHER = { login: 'chabotte', numen: '02G0512345ABC' };

describe('the admin console in Chromium', () => {
  it('the demo admin finds the fullest mailbox, raises its quota, and the teacher’s meter changes', async () => {
    const { t, browser } = bed;
    const teacherAccount = t.webmel.services.accounts.byLoginOrAddress(TEACHER.login)!;
    t.deliver(teacherAccount, `From: gros.envoi@example.org\r\nTo: ${teacherAccount.address}\r\nSubject: Photos de classe\r\n\r\n${'x'.repeat(30 * 1024 * 1024)}\r\n`);

    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const teacher = await context.newPage();
      await firstSignIn(teacher, t.base, TEACHER.login, TEACHER.numen);
      expect(await teacher.locator('#quota-label').textContent()).toContain('sur 50 Mo');

      const { page } = t;
      await firstSignIn(page, t.base, ADMIN.login, ADMIN.numen);
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Administration' }).click();
      await page.waitForURL('**/admin');
      expect(await page.getByRole('img', { name: 'Répartition des comptes selon le remplissage de leur boîte' }).count()).toBe(1);
      await page.getByRole('link', { name: 'Comptes', exact: true }).first().click();
      await page.waitForURL('**/admin/comptes');
      const firstRow = page.locator('table.accounts tbody tr').first();
      expect(await firstRow.textContent()).toContain(TEACHER.login);
      await firstRow.getByRole('link', { name: TEACHER.login }).click();
      await page.waitForURL(`**/admin/comptes/${TEACHER.login}`);
      await page.getByLabel('Quota, en Mo').fill('100');
      await page.locator('form[action$="/quota"]').getByLabel('Motif').fill('Photos de classe à conserver');
      await page.getByRole('button', { name: 'Enregistrer le quota' }).click();
      await page.waitForURL(`**/admin/comptes/${TEACHER.login}`);
      expect(await page.getByRole('status').filter({ hasText: 'Quota de' }).textContent()).toContain('Quota de chabotte : 100 Mo.');

      await teacher.reload();
      expect(await teacher.locator('#quota-label').textContent()).toContain('sur 100 Mo');
    } finally {
      await context.close();
    }
  });
});
