/**
 * I-Prof's « Votre courrier » in a real browser, on the demo académie as `npm start` seeds it:
 * the demo teacher goes from the webmail to I-Prof by the header's switch, writes to her
 * gestionnaire with a theme and an attachment (a file over 5.24 MB refused as soon as chosen); the demo gestionnaire, in a browser of her own,
 * finds it in « Courrier de vos agents » and answers; the teacher reads the answer and finds
 * the notice in her académie INBOX. No CSP violation, no script error, nothing off 127.0.0.1.
 * And the demo admin allows a theme from the console's « Réglages d’I-Prof ».
 */
import { describe, expect, it } from 'vitest';
import { browserTestBed, firstSignIn } from './browser-harness.js';

const bed = browserTestBed({ demo: true });

const TEACHER = { login: 'chabotte', numen: '02G0512345ABC' };
const GESTIONNAIRE = { login: 'nbenali', numen: '02A1156789EFG' };
const ADMIN = { login: 'proux', numen: '02A0867890FGH' };
const SUBJECT = 'Date de mon passage au 7e échelon';

describe('I-Prof « Votre courrier » in Chromium', () => {
  it('the demo teacher writes to her gestionnaire, who answers; she reads the answer and the notice in her mailbox', async () => {
    const { t, browser } = bed;
    const { page } = t;
    await firstSignIn(page, t.base, TEACHER.login, TEACHER.numen);

    await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'I-Prof' }).click();
    await page.waitForURL('**/iprof');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue dans I-Prof');
    await page.getByRole('navigation', { name: 'Rubriques d’I-Prof' }).getByRole('link', { name: 'Votre Courrier' }).click();
    await page.waitForURL('**/iprof/courrier');
    await page.getByRole('link', { name: 'Écrire à votre gestionnaire' }).click();
    await page.waitForURL('**/iprof/courrier/nouveau');
    expect(await page.locator('main').textContent()).toContain('Le seul destinataire possible est votre gestionnaire : Nadia Benali');
    await page.getByLabel('Thème').selectOption('Promotion et avancement');
    await page.getByLabel('Objet').fill(SUBJECT);
    await page.getByLabel('Message').fill('Bonjour Madame,\nà quelle date passerai-je au 7e échelon ?\nCordialement,\nCharlotte Habotté');
    // Too large: refused as soon as chosen, before any upload, with the limit, the text kept.
    const files = page.getByLabel('Pièces jointes');
    await files.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(6 * 1024 * 1024, 1) });
    expect(await files.evaluate((input: HTMLInputElement) => input.validationMessage)).toContain('taille maximale de 5,24 Mo');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    expect(new URL(page.url()).pathname).toBe('/iprof/courrier/nouveau');
    expect(await page.getByLabel('Objet').inputValue()).toBe(SUBJECT);
    await files.setInputFiles({ name: 'arrêté-6e-échelon.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 arrêté') });
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL('**/iprof/courrier/envoyes');
    expect(await page.locator('.banner').first().textContent()).toContain(`Votre courrier « ${SUBJECT} » est envoyé à votre gestionnaire.`);
    expect(await page.getByRole('row').filter({ hasText: SUBJECT }).textContent()).toContain('Nadia Benali');

    // The gestionnaire, in a browser of her own.
    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const gestionnaire = await context.newPage();
      const errors: string[] = [];
      gestionnaire.on('pageerror', (error) => errors.push(String(error)));
      await firstSignIn(gestionnaire, t.base, GESTIONNAIRE.login, GESTIONNAIRE.numen);
      await gestionnaire.goto(`${t.base}/iprof/courrier`);
      await gestionnaire.getByRole('link', { name: 'Courrier de vos agents' }).click();
      await gestionnaire.waitForURL('**/iprof/gestion/courrier');
      await gestionnaire.getByLabel('Thème').selectOption('Promotion et avancement');
      await gestionnaire.getByRole('button', { name: 'Filtrer' }).click();
      await gestionnaire.waitForURL('**theme=Promotion**');
      const row = gestionnaire.getByRole('row').filter({ hasText: SUBJECT });
      expect(await row.textContent()).toContain('Charlotte Habotté');
      expect(await gestionnaire.getByRole('row').filter({ hasText: 'Changement de situation familiale' }).count()).toBe(0);
      await row.getByRole('link', { name: SUBJECT }).click();
      await gestionnaire.waitForURL(/\/iprof\/courrier\/\d+$/);
      expect(await gestionnaire.locator('main').textContent()).toContain('à quelle date passerai-je au 7e échelon ?');
      expect(await gestionnaire.getByRole('link', { name: 'arrêté-6e-échelon.pdf' }).count()).toBe(1);
      await gestionnaire.getByLabel('Message').fill('Bonjour Madame Habotté,\nvous passerez au 7e échelon le 1er septembre 2027.\nNadia Benali');
      await gestionnaire.getByRole('button', { name: 'Envoyer' }).click();
      await gestionnaire.waitForURL(/\/iprof\/courrier\/\d+$/);
      expect(await gestionnaire.locator('.banner').first().textContent()).toContain('Votre réponse est envoyée à Charlotte Habotté');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // The teacher reads the answer, then finds the notice in her mailbox.
    await page.goto(`${t.base}/iprof/courrier`);
    const answer = page.getByRole('row').filter({ hasText: `Re : ${SUBJECT}` });
    expect(await answer.textContent()).toContain('(non lu)');
    await answer.getByRole('link').click();
    await page.waitForURL(/\/iprof\/courrier\/\d+$/);
    expect(await page.locator('main').textContent()).toContain('vous passerez au 7e échelon le 1er septembre 2027');

    await page.getByRole('navigation', { name: 'Applications' }).getByRole('link', { name: 'Messagerie' }).click();
    await page.waitForURL('**/mailboxes/INBOX');
    const notices = page.getByRole('link', { name: /I-Prof : un courrier de votre gestionnaire vous attend/ });
    // The demo's own answered exchange left one; this answer another.
    await expect.poll(async () => {
      await page.reload();
      return notices.count();
    }, { timeout: 10_000 }).toBe(2);
    await notices.first().click();
    await page.waitForURL(/\/mailboxes\/INBOX\/messages\/\d+$/);
    const notice = await page.locator('main').textContent();
    expect(notice).toContain('Votre gestionnaire vous a adressé un courrier dans I-Prof');
    expect(notice).not.toContain('1er septembre 2027');
    expect(t.consoleErrors).toEqual([]);
    expect(t.blockedRequests).toEqual([]);
  });

  it('the demo admin allows a theme in the console, which the teacher’s form then offers', async () => {
    const { t, browser } = bed;
    const { page } = t;
    await firstSignIn(page, t.base, ADMIN.login, ADMIN.numen);
    await page.goto(`${t.base}/admin`);
    await page.getByRole('navigation', { name: 'Console d’administration' }).getByRole('link', { name: 'I-Prof' }).click();
    await page.waitForURL('**/admin/iprof');
    await page.getByRole('group', { name: 'Autoriser un thème' }).getByLabel('Thème').fill('Formation continue');
    await page.getByRole('button', { name: 'Ajouter le thème' }).click();
    await page.waitForURL('**/admin/iprof');
    expect(await page.locator('.banner').first().textContent()).toContain('Formation continue');

    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const teacher = await context.newPage();
      await firstSignIn(teacher, t.base, TEACHER.login, TEACHER.numen);
      await teacher.goto(`${t.base}/iprof/courrier/nouveau`);
      expect(await teacher.getByLabel('Thème').locator('option').allTextContents()).toContain('Formation continue');
    } finally {
      await context.close();
    }
    expect(t.consoleErrors).toEqual([]);
  });
});
