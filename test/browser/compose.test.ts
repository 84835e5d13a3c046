/**
 * Writing mail in a real browser: the demo teacher opens a new message with the « c » shortcut,
 * picks a colleague from the directory's suggestions with the keyboard, attaches a file and
 * watches the upload progress, sends it; the colleague reads it, opens the attachment's name,
 * and replies; the teacher gets the reply in the same thread. No CSP violation, no script error.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UNDO_SEND_MS } from '../../src/web/compose/compose-deps.js';
import { GOOD_PASSWORD, startComposeTest, type ComposeTest } from '../helpers/compose.js';
import { CHROMIUM_PATH, firstSignIn as firstSignInAs, signIn } from './browser-harness.js';

let browser: Browser;
let t: ComposeTest;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

const TEACHER = { login: 'chabotte', numen: '02G0512345ABC', address: 'charlotte.habotte@ac-test.fr' };
const COLLEAGUE = { login: 'mlefevre', numen: '02G0034567CDE', address: 'marc.lefevre@ac-test.fr' };

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  t = await startComposeTest({ demo: true });
  consoleErrors.length = 0;
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  await t.stop();
});

/** A browser tab that can reach only our own server. */
async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...options });
  contexts.push(context);
  await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return page;
}

/** Signs a demo user in with the NUMEN, chooses a password, lands on the inbox. */
async function firstSignIn(page: Page, user: { login: string; numen: string }): Promise<void> {
  await firstSignInAs(page, t.base, user.login, user.numen);
}

describe('compose in Chromium', () => {
  it('the demo teacher writes to a colleague with an attachment, and the colleague reads it and replies', async () => {
    const teacher = await newPage();
    await firstSignIn(teacher, TEACHER);

    // « c » opens a new message (not while typing in a field).
    await teacher.locator('#contenu').focus();
    await teacher.keyboard.press('c');
    await teacher.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
    expect(await teacher.getByRole('heading', { level: 1 }).textContent()).toBe('Nouveau message');

    // The directory suggests the colleague as she types, accents ignored; the keyboard picks him.
    const to = teacher.getByRole('combobox', { name: 'À' });
    await to.pressSequentially('lefev', { delay: 40 });
    const option = teacher.getByRole('option', { name: /Marc Lefèvre/ });
    await option.waitFor();
    expect(await to.getAttribute('aria-expanded')).toBe('true');
    expect(await option.textContent()).toContain("directeur d'école");
    await to.press('ArrowDown');
    expect(await to.getAttribute('aria-activedescendant')).toBe('compose-to-opt-0');
    await to.press('Enter');
    expect(await to.inputValue()).toBe(`Marc Lefèvre <${COLLEAGUE.address}>, `);
    expect(await to.getAttribute('aria-expanded')).toBe('false');

    await teacher.getByLabel('Objet').fill('Sortie scolaire du 12 juin');
    await teacher.getByRole('textbox', { name: 'Message', exact: true }).fill('Bonjour Marc,\n\nVoici l’autorisation parentale à diffuser.\n\nCharlotte');

    // The upload starts as soon as the file is chosen; the progress bar follows htmx's events.
    await teacher.evaluate(() => {
      const w = window as unknown as { progressSeen: Array<{ loaded: number; total: number; shown: boolean }> };
      w.progressSeen = [];
      document.addEventListener('htmx:xhr:progress', (event) => {
        const detail = (event as CustomEvent<{ loaded: number; total: number }>).detail;
        const box = document.getElementById('upload-progress');
        w.progressSeen.push({ loaded: detail.loaded, total: detail.total, shown: box ? !box.hidden : false });
      });
    });
    const pdf = randomBytes(2 * 1024 * 1024);
    await teacher.locator('#compose-files').setInputFiles({ name: 'autorisation sortie.pdf', mimeType: 'application/pdf', buffer: pdf });
    await teacher.locator('.attachment-list').getByText('autorisation sortie.pdf').waitFor();
    const progress = await teacher.evaluate(() => (window as unknown as { progressSeen: Array<{ loaded: number; total: number; shown: boolean }> }).progressSeen);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.shown && p.total >= pdf.length && p.loaded === p.total)).toBe(true);
    expect(await teacher.locator('.attachment-list').textContent()).toContain('2 Mo');

    await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await teacher.waitForURL(/\/sent$/);
    expect(await teacher.locator('#undo-banner').textContent()).toContain('Message envoyé');
    expect(await teacher.getByRole('button', { name: 'Annuler' }).count()).toBe(1);

    // The undo window passes; the queue delivers.
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);

    const colleague = await newPage();
    await firstSignIn(colleague, COLLEAGUE);
    await colleague.getByRole('link', { name: /Sortie scolaire du 12 juin/ }).click();
    await colleague.waitForURL(/\/messages\/\d+$/);
    expect(await colleague.getByRole('heading', { level: 1 }).textContent()).toBe('Sortie scolaire du 12 juin');
    expect(await colleague.locator('.plain-text').textContent()).toContain('Voici l’autorisation parentale à diffuser.');
    expect(await colleague.getByRole('link', { name: 'autorisation sortie.pdf' }).count()).toBe(1);

    await colleague.getByRole('link', { name: 'Répondre', exact: true }).click();
    await colleague.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
    expect(await colleague.getByRole('combobox', { name: 'À' }).inputValue()).toBe(`Charlotte Habotté <${TEACHER.address}>`);
    expect(await colleague.getByLabel('Objet').inputValue()).toBe('Re: Sortie scolaire du 12 juin');
    const body = colleague.getByRole('textbox', { name: 'Message', exact: true });
    expect(await body.inputValue()).toContain('> Voici l’autorisation parentale à diffuser.');
    await body.press('Control+Home');
    await body.pressSequentially('Bien reçu, merci !');
    await colleague.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await colleague.waitForURL(/\/sent$/);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);

    await teacher.goto(`${t.base}/mailboxes/INBOX`);
    await teacher.getByRole('link', { name: /Re: Sortie scolaire du 12 juin/ }).click();
    expect(await teacher.locator('.plain-text').textContent()).toContain('Bien reçu, merci !');
    const teacherAccount = t.webmel.services.accounts.byAddress(TEACHER.address)!;
    const reply = t.folder(teacherAccount, 'INBOX').find((m) => m.raw.toString('latin1').includes('Re: Sortie scolaire'));
    const sentOriginal = (await t.parsed(t.folder(teacherAccount, 'Envoyés')[0]!)).messageId;
    expect((await t.parsed(reply!)).inReplyTo).toBe(sentOriginal);

    expect(consoleErrors).toEqual([]);
  });

  it('writes in rich text: the toolbar formats, the HTML is sent with a plain-text twin', async () => {
    const teacher = await newPage();
    await firstSignIn(teacher, TEACHER);
    await teacher.getByRole('link', { name: 'Écrire un message' }).click();
    await teacher.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
    await teacher.getByRole('combobox', { name: 'À' }).fill(COLLEAGUE.address);
    await teacher.getByLabel('Objet').fill('Ordre du jour');
    await teacher.getByLabel('Mise en forme (gras, italique, listes, liens)').check();
    const editor = teacher.getByRole('textbox', { name: 'Message', exact: true });
    expect(await editor.getAttribute('contenteditable')).toBe('true');
    await editor.click();
    await editor.pressSequentially('Point important');
    await teacher.keyboard.press('Shift+Home');
    await teacher.getByRole('toolbar', { name: 'Mise en forme' }).getByRole('button', { name: 'Gras' }).click();
    await teacher.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await teacher.waitForURL(/\/sent$/);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const colleague = t.webmel.services.accounts.byAddress(COLLEAGUE.address)!;
    const mail = await t.parsed(t.folder(colleague, 'INBOX').at(-1)!);
    expect(mail.subject).toBe('Ordre du jour');
    expect(String(mail.html)).toMatch(/<(b|strong)>Point important<\/(b|strong)>/);
    expect(mail.text?.trim()).toBe('Point important');
    expect(consoleErrors).toEqual([]);
  });

  it('works without JavaScript: plain address fields, « Joindre », « Envoyer »', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, t.base, account.login, GOOD_PASSWORD);
    await page.getByRole('link', { name: 'Écrire un message' }).click();
    await page.waitForURL(/\/compose\/[A-Za-z0-9_-]{22}$/);
    // No JavaScript, no combobox: a plain text field.
    expect(await page.getByRole('combobox').count()).toBe(0);
    await page.getByLabel('À', { exact: true }).fill(`${COLLEAGUE.address}, ${TEACHER.address}`);
    await page.getByLabel('Objet').fill('Sans JavaScript');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Ça marche aussi.');
    await page.locator('#compose-files').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') });
    await page.getByRole('button', { name: 'Joindre' }).click();
    await page.locator('.attachment-list').getByText('notes.txt').waitFor();
    expect(await page.getByLabel('Objet').inputValue()).toBe('Sans JavaScript');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.waitForURL(/\/sent$/);
    expect(await page.locator('#undo-banner').textContent()).toContain('Message envoyé');
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const colleague = t.webmel.services.accounts.byAddress(COLLEAGUE.address)!;
    const mail = await t.parsed(t.folder(colleague, 'INBOX').at(-1)!);
    expect(mail.subject).toBe('Sans JavaScript');
    expect(mail.attachments[0]!.content.toString()).toBe('notes');
  });

  it('shows the keyboard shortcuts with « ? » and never fires them while typing', async () => {
    const teacher = await newPage();
    await firstSignIn(teacher, TEACHER);
    await teacher.locator('#contenu').focus();
    await teacher.keyboard.press('?');
    const help = teacher.getByRole('dialog', { name: 'Raccourcis clavier' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Écrire un message');
    await teacher.keyboard.press('Escape');
    // j / k move through the list, newest first: the demo's union message and bulletin (delivered
    // by the server once started), then I-Prof's notice of the demo courrier, the IEN's message
    // and the welcome.
    const focused = () => teacher.evaluate(() => document.activeElement?.textContent ?? '');
    await teacher.keyboard.press('j');
    expect(await focused()).toContain('[Syndicat Démo-Éducation]');
    await teacher.keyboard.press('j');
    expect(await focused()).toContain('Lettre de démonstration du rectorat');
    await teacher.keyboard.press('j');
    expect(await focused()).toContain('I-Prof : un courrier de votre gestionnaire vous attend');
    await teacher.keyboard.press('j');
    expect(await focused()).toContain('Animation pédagogique');
    await teacher.keyboard.press('k');
    expect(await focused()).toContain('I-Prof : un courrier de votre gestionnaire vous attend');
    await teacher.getByLabel('Rechercher dans Boîte de réception').fill('c');
    await teacher.waitForTimeout(300);
    expect(teacher.url()).toMatch(/\/mailboxes\/INBOX$/);
    expect(consoleErrors).toEqual([]);
  });
});
