/**
 * Chromium (Debian's /usr/bin/chromium) driven by playwright-core, against a Webmel with its
 * webmail on 127.0.0.1. Network is limited to our own server: any other request is aborted,
 * so a test can never reach the outside world (and a blocked remote image stays blocked).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { GOOD_PASSWORD, startWebTest, type WebTest } from '../helpers/web.js';
import type { Config } from '../../src/config.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface BrowserTest extends WebTest {
  context: BrowserContext;
  page: Page;
  /** Requests that were aborted because they left 127.0.0.1. */
  blockedRequests: string[];
  /** CSP violations and page errors seen on our own pages. */
  consoleErrors: string[];
}

export async function startBrowserTest(browser: Browser, overrides: Partial<Config> = {}): Promise<BrowserTest> {
  // The browser drives the webmail as `npm start` runs it: in its own thread.
  const web = await startWebTest({ webThread: true, ...overrides });
  const context = await browser.newContext({ acceptDownloads: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(web.base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return {
    ...web,
    context,
    page,
    blockedRequests,
    consoleErrors,
    async stop() {
      await context.close();
      await web.stop();
    },
  };
}

/** Signs in through the form like a person would. */
export async function signIn(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Compte utilisateur').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** A demo user's first sign-in: with the NUMEN, then the password of their own they must choose, landing on the inbox. */
export async function firstSignIn(page: Page, base: string, login: string, numen: string): Promise<void> {
  await signIn(page, base, login, numen);
  await page.waitForURL('**/account/password');
  await page.getByLabel(/^Nouveau mot de passe/).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirmez le nouveau mot de passe').fill(GOOD_PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await page.waitForURL('**/mailboxes/INBOX');
}

/**
 * For a suite: one Chromium for the file, and before each test a fresh Webmel and tab, stopped
 * after it.
 */
export function browserTestBed(overrides: Partial<Config> = {}): { readonly browser: Browser; readonly t: BrowserTest } {
  const bed = {} as { browser: Browser; t: BrowserTest };
  beforeAll(async () => {
    bed.browser = await launchBrowser();
  });
  afterAll(async () => {
    await bed.browser?.close();
  });
  beforeEach(async () => {
    bed.t = await startBrowserTest(bed.browser, overrides);
  });
  afterEach(async () => {
    await bed.t.stop();
  });
  return bed;
}
