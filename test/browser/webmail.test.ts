/**
 * The webmail in a real browser: a teacher signs in with her NUMEN and chooses a password,
 * reads mail delivered over SMTP, opens a hostile HTML message (no script may run), downloads
 * an attachment, moves and deletes, searches, watches the quota meter move, and reads on a phone.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from '../helpers/web.js';
import { firstSignIn, launchBrowser, signIn, startBrowserTest, type BrowserTest } from './browser-harness.js';

let browser: Browser;
let t: BrowserTest;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  t = await startBrowserTest(browser, { demo: true });
});
afterEach(async () => {
  await t.stop();
});

const TEACHER = { login: 'chabotte', numen: '02G0512345ABC', address: 'charlotte.habotte@ac-test.fr' };

async function send(mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.webmel.ports.smtp, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: 'Sophie Martin-Durand <sophie.martin-durand@ac-test.fr>', to: TEACHER.address, ...mail });
  transport.close();
}

/** The demo teacher, signed in, past the first-sign-in password choice, on her INBOX. */
async function teacherInbox(): Promise<void> {
  await firstSignIn(t.page, t.base, TEACHER.login, TEACHER.numen);
}

describe('webmail in Chromium', () => {
  it('signs the demo teacher in with her NUMEN, makes her choose a password, and shows her inbox', async () => {
    await teacherInbox();
    const { page } = t;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Boîte de réception');
    expect(await page.getByText('Bienvenue dans votre messagerie académique').count()).toBeGreaterThan(0);
    expect(await page.locator('#quota-meter').textContent()).toMatch(/Mo sur 50 Mo/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    // Keyboard: on a freshly loaded page, the first Tab reaches the skip link.
    await page.reload();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    expect(t.consoleErrors).toEqual([]);
  });

  it('opens a message delivered over SMTP', async () => {
    await teacherInbox();
    await send({ subject: 'Conseil des maîtres', text: 'Bonjour,\nLe conseil aura lieu jeudi à 17 h.\nhttps://www.education.gouv.fr/' });
    await t.page.reload();
    await t.page.getByRole('link', { name: /Conseil des maîtres/ }).click();
    await t.page.waitForURL(/\/messages\/\d+$/);
    expect(await t.page.getByRole('heading', { level: 1 }).textContent()).toBe('Conseil des maîtres');
    expect(await t.page.locator('.plain-text').textContent()).toContain('Le conseil aura lieu jeudi à 17 h.');
    const link = t.page.locator('.plain-text a');
    expect(await link.getAttribute('href')).toBe('https://www.education.gouv.fr/');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(t.consoleErrors).toEqual([]);
  });

  it('steps from a message to the older and newer ones, by link and with j / k', async () => {
    await teacherInbox();
    await send({ subject: 'Voisin ancien', text: 'a' });
    await send({ subject: 'Voisin du milieu', text: 'b' });
    await send({ subject: 'Voisin récent', text: 'c' });
    await t.page.reload();
    const { page } = t;
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();
    await page.getByRole('link', { name: /Voisin du milieu/ }).click();
    await expect.poll(heading).toBe('Voisin du milieu');
    await page.getByRole('link', { name: 'Plus ancien', exact: true }).click();
    await expect.poll(heading).toBe('Voisin ancien');
    await page.keyboard.press('k');
    await expect.poll(heading).toBe('Voisin du milieu');
    await page.keyboard.press('k');
    await expect.poll(heading).toBe('Voisin récent');
    expect(page.url()).toMatch(/\/mailboxes\/INBOX\/messages\/\d+$/);
    await page.keyboard.press('j');
    await expect.poll(heading).toBe('Voisin du milieu');
    expect(t.consoleErrors).toEqual([]);
  });

  it('shows a hostile HTML message without running any of its scripts', async () => {
    const fired: string[] = [];
    // Available in every frame: a script that ran anywhere would call it.
    await t.page.exposeFunction('xssMarker', (where: string) => fired.push(where));
    await teacherInbox();
    await send({
      subject: 'Piège',
      text: 'version texte',
      html: [
        '<p id="visible">Texte visible</p>',
        '<script>window.xssMarker("script"); parent.xssMarker("parent")</script>',
        '<img src="x" onerror="window.xssMarker(\'onerror\')">',
        '<svg onload="window.xssMarker(\'svg\')"><circle r="5"/></svg>',
        '<a href="javascript:window.xssMarker(\'href\')" id="js">clic</a>',
        '<iframe srcdoc="<script>parent.xssMarker(\'srcdoc\')</script>"></iframe>',
        '<math><mtext><table><mglyph><style><img src=x onerror="xssMarker(\'mxss\')"></style></mglyph></table></mtext></math>',
        '<div hx-get="/account" hx-trigger="load" hx-target="body">htmx</div>',
        '<meta http-equiv="refresh" content="0;url=javascript:xssMarker(\'meta\')">',
        '<base href="https://evil.example/">',
        '<form action="/logout" method="post"><button id="form-btn">Envoyer</button></form>',
        '<img src="https://tracker.example/pixel.gif">',
      ].join('\n'),
    });
    await t.page.reload();
    await t.page.getByRole('link', { name: /Piège/ }).click();
    const frame = t.page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('#visible').count()).toBe(0); // ids are stripped…
    await expect.poll(() => frame.getByText('Texte visible').count()).toBe(1); // …the text stays
    await frame.getByText('clic').click().catch(() => {});
    await t.page.waitForTimeout(500);
    expect(fired).toEqual([]);
    // The frame is sandboxed: scripts are off and its origin is opaque.
    const sandbox = await t.page.locator('iframe.mail-frame').getAttribute('sandbox');
    expect(sandbox).toBe('allow-popups allow-popups-to-escape-sandbox');
    // Still signed in (no request to /logout or htmx swap happened), no remote request left 127.0.0.1.
    await t.page.goto(`${t.base}/account`);
    expect(t.page.url()).toContain('/account');
    expect(t.blockedRequests.filter((url) => url.includes('tracker.example') || url.includes('evil.example'))).toEqual([]);
  });

  it('downloads an attachment with its name and content', async () => {
    await teacherInbox();
    await send({
      subject: 'Emploi du temps',
      text: 'Ci-joint.',
      attachments: [{ filename: 'emploi du temps été.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
    });
    await t.page.reload();
    await t.page.getByRole('link', { name: /Emploi du temps/ }).click();
    const [download] = await Promise.all([t.page.waitForEvent('download'), t.page.getByRole('link', { name: 'emploi du temps été.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('emploi du temps été.pdf');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1.4 test');
  });

  it('moves a message to Archives, then deletes it to the Corbeille', async () => {
    await teacherInbox();
    await send({ subject: 'À ranger', text: 'x' });
    await t.page.reload();
    const { page } = t;
    await page.getByLabel('Sélectionner « À ranger »').check();
    await page.getByLabel('Déplacer vers').selectOption({ label: 'Archives' });
    await page.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await expect.poll(() => page.getByText('Message déplacé vers Archives.').count()).toBe(1);
    expect(await page.getByRole('link', { name: /À ranger/ }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Dossiers' }).getByRole('link', { name: /^Archives/ }).click();
    await page.waitForURL('**/mailboxes/Archives');
    await page.getByLabel('Sélectionner « À ranger »').check();
    await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
    await expect.poll(() => page.getByText('Message placé dans la corbeille.').count()).toBe(1);
    await page.getByRole('navigation', { name: 'Dossiers' }).getByRole('link', { name: /^Corbeille/ }).click();
    await page.waitForURL('**/mailboxes/Corbeille');
    expect(await page.getByRole('link', { name: /À ranger/ }).count()).toBe(1);
  });

  it('searches, comes back to the results by URL, and files them', async () => {
    await teacherInbox();
    await send({ subject: 'Sortie au musée', text: 'Autorisation parentale à rendre.' });
    await send({ subject: 'Cantine', text: 'Menu de la semaine.' });
    await t.page.reload();
    await t.page.getByLabel('Rechercher dans Boîte de réception').fill('autorisation');
    await t.page.getByRole('button', { name: 'Rechercher' }).first().click();
    await t.page.waitForURL(/\/search\?/);
    expect(await t.page.getByRole('link', { name: /Sortie au musée/ }).count()).toBe(1);
    expect(await t.page.getByRole('link', { name: /Cantine/ }).count()).toBe(0);
    const url = t.page.url();
    await t.page.goto(`${t.base}/mailboxes/INBOX`);
    await t.page.goto(url);
    expect(await t.page.getByRole('link', { name: /Sortie au musée/ }).count()).toBe(1);

    // The results are a selection like a folder's list: « Tout sélectionner », then file them.
    await t.page.getByLabel('Tout sélectionner').check();
    expect(await t.page.getByLabel('Sélectionner « Sortie au musée »').isChecked()).toBe(true);
    await t.page.getByLabel('Déplacer vers').selectOption({ label: 'Archives' });
    await t.page.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await expect.poll(() => t.page.getByText('Message déplacé vers Archives.').count()).toBe(1);
    // Back on the same search, in Boîte de réception: the message has left it for Archives.
    expect(t.page.url()).toBe(url);
    expect(await t.page.getByRole('link', { name: /Sortie au musée/ }).count()).toBe(0);
    await t.page.goto(`${t.base}/mailboxes/Archives`);
    expect(await t.page.getByRole('link', { name: /Sortie au musée/ }).count()).toBe(1);
  });

  it('shows the quota meter change as mail arrives, amber then red', async () => {
    await teacherInbox();
    const account = t.webmel.services.accounts.byLoginOrAddress(TEACHER.login)!;
    t.webmel.services.accounts.setQuota(account.id, 1024 * 1024);
    await t.page.reload();
    const meter = t.page.locator('#quota-meter');
    expect(await meter.getAttribute('class')).toBe('quota quota--ok');
    await send({ subject: 'Gros fichier', text: 'x', attachments: [{ filename: 'scan.png', content: Buffer.alloc(620 * 1024, 1), contentType: 'image/png' }] });
    await t.page.reload();
    expect(await meter.getAttribute('class')).toBe('quota quota--warn');
    await send({ subject: 'Encore', text: 'x', attachments: [{ filename: 'scan2.png', content: Buffer.alloc(100 * 1024, 2), contentType: 'image/png' }] });
    await t.page.reload();
    expect(await meter.getAttribute('class')).toBe('quota quota--danger');
    expect(await meter.textContent()).toMatch(/Espace utilisé : 1(,0)? Mo sur 1(,0)? Mo \(presque pleine\)/);
  });

  it('shows new mail without reloading: the poller prepends the row and updates the unread count', async () => {
    await t.page.clock.install();
    await teacherInbox();
    await t.page.reload();
    const rowsBefore = await t.page.locator('#message-rows tr').count();
    await send({ subject: 'Arrivé pendant la lecture', text: 'x' });
    await t.page.clock.fastForward(31_000);
    await expect.poll(() => t.page.locator('#message-rows tr').count()).toBe(rowsBefore + 1);
    expect(await t.page.locator('#message-rows tr').first().textContent()).toContain('Arrivé pendant la lecture');
    await expect.poll(() => t.page.locator('#live-status').textContent()).toBe('1 nouveau message');
    await expect.poll(() => t.page.getByRole('navigation', { name: 'Dossiers' }).getByRole('link', { name: /Boîte de réception, \d+ non lus?/ }).count()).toBe(1);
    expect(t.consoleErrors).toEqual([]);
  });

  it('stars a message in place: only its row is replaced', async () => {
    await teacherInbox();
    await send({ subject: 'À suivre de près', text: 'x' });
    await t.page.reload();
    const row = t.page.locator('#message-rows tr', { hasText: 'À suivre de près' });
    await row.getByRole('button', { name: /Suivi/ }).click();
    await expect.poll(() => row.getByRole('button', { name: /Suivi/ }).getAttribute('aria-pressed')).toBe('true');
    // 2 welcome messages, the demo's bulletin and union message, I-Prof's notice, and this one.
    expect(await t.page.locator('#message-rows tr[id^="row-"]').count()).toBe(6);
    expect(t.page.url()).toMatch(/\/mailboxes\/INBOX$/);
    await row.getByRole('button', { name: /Suivi/ }).click();
    await expect.poll(() => row.getByRole('button', { name: /Suivi/ }).getAttribute('aria-pressed')).toBe('false');
  });

  it('loads the next 50 messages in place with « Afficher plus »', async () => {
    await teacherInbox();
    const account = t.webmel.services.accounts.byLoginOrAddress(TEACHER.login)!;
    for (let i = 1; i <= 55; i++) {
      t.deliver(account, `From: a@ac-test.fr\nTo: ${TEACHER.address}\nSubject: Série ${i}\nMessage-ID: <serie-${i}@ac-test.fr>\n\ncorps ${i}\n`);
    }
    await t.page.reload();
    const url = t.page.url();
    expect(await t.page.locator('#message-rows tr[id^="row-"]').count()).toBe(50);
    await t.page.getByRole('link', { name: 'Afficher plus de messages' }).click();
    await expect.poll(() => t.page.locator('#message-rows tr[id^="row-"]').count()).toBe(60); // 55 + 2 welcome messages + the demo's bulletin and union message + I-Prof's notice
    expect(await t.page.getByRole('link', { name: 'Afficher plus de messages' }).count()).toBe(0);
    expect(t.page.url()).toBe(url);
  });

  it('works without JavaScript: sign in, read, move', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const page = await context.newPage();
      await teacherInboxIn(page);
      await send({ subject: 'Sans JS', text: 'Lisible sans script.' });
      await page.reload();
      await page.getByRole('link', { name: /Sans JS/ }).click();
      expect(await page.locator('.plain-text').textContent()).toContain('Lisible sans script.');
      await page.getByLabel('Déplacer vers').selectOption({ label: 'Archives' });
      await page.getByRole('button', { name: 'Déplacer', exact: true }).click();
      await page.waitForURL('**/mailboxes/INBOX');
      expect(await page.getByText('Message déplacé vers Archives.').count()).toBe(1);
      // On a phone too, without the script that reveals them on selection, the actions are there.
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await page.getByRole('button', { name: 'Supprimer', exact: true }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('keeps every link-button readable under the mouse (contrast at least 4.5:1)', async () => {
    await teacherInbox();
    const { page } = t;
    const buttons = page.locator('a.btn:visible');
    expect(await buttons.count()).toBeGreaterThan(0);
    for (const button of await buttons.all()) {
      await button.hover();
      const colours = await button.evaluate((el) => {
        const style = getComputedStyle(el);
        return { text: style.color, background: style.backgroundColor, label: el.textContent?.trim() };
      });
      expect({ label: colours.label, contrastAtLeast45: contrastRatio(colours.text, colours.background) >= 4.5 }).toEqual({ label: colours.label, contrastAtLeast45: true });
    }
  });

  it('fits a phone: no page wider than the screen, each subject on a line of its own, actions once a message is selected', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      await context.route('**/*', (route) => (route.request().url().startsWith(t.base) ? route.continue() : route.abort()));
      const page = await context.newPage();
      await teacherInboxIn(page);
      // A second session, so that « Mon compte » lists sessions with their actions.
      await signIn(t.page, t.base, TEACHER.login, GOOD_PASSWORD);
      await send({ subject: 'Conseil de classe de 3e B : calendrier, convocations et documents à préparer', text: 'Ordre du jour.' });
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      for (const path of ['/mailboxes/INBOX', '/mailboxes', '/space', '/account', '/search?q=conseil', '/mailboxes/INBOX/messages/1']) {
        await page.goto(t.base + path);
        expect({ path, overflow: await overflow() }).toEqual({ path, overflow: 0 });
      }
      await page.goto(`${t.base}/mailboxes/INBOX`);
      const subject = page.locator('td.subject', { hasText: 'Conseil de classe' });
      const sender = page.locator('tr', { has: subject }).locator('td.from');
      const [subjectBox, senderBox] = [await subject.boundingBox(), await sender.boundingBox()];
      // Below the sender, across most of the width: words are not cut letter by letter.
      expect(subjectBox!.y).toBeGreaterThanOrEqual(senderBox!.y + senderBox!.height - 1);
      expect(subjectBox!.width).toBeGreaterThan(360 * 0.6);
      // The selection's actions wait until a message is selected, above the list.
      const remove = page.getByRole('button', { name: 'Supprimer', exact: true });
      expect(await remove.isVisible()).toBe(false);
      expect(await page.getByLabel('Tout sélectionner').isVisible()).toBe(true);
      await page.locator('tr', { has: subject }).getByRole('checkbox').check();
      expect(await remove.isVisible()).toBe(true);
      await page.locator('tr', { has: subject }).getByRole('checkbox').uncheck();
      expect(await remove.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});

async function teacherInboxIn(page: import('playwright-core').Page): Promise<void> {
  await signIn(page, t.base, TEACHER.login, TEACHER.numen);
  await page.getByLabel(/^Nouveau mot de passe/).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.waitForURL('**/mailboxes/INBOX');
}

/** WCAG 2 contrast ratio of two opaque `rgb(r, g, b)` colours. */
function contrastRatio(a: string, b: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
