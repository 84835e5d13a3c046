/**
 * A running Webmel with its webmail, and a small cookie-keeping HTTP client that behaves like
 * a browser submitting forms (CSRF token read from the page, Origin and Sec-Fetch-Site set).
 */
import type { Account } from '../../src/accounts/account-store.js';
import { hashSecretSync } from '../../src/accounts/password.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import type { WebThread } from '../../src/web/web-thread.js';
import { startTestWebmel, testNumen, type TestWebmel } from './webmel.js';
import type { Config } from '../../src/config.js';

export interface WebTest {
  webmel: TestWebmel;
  base: string;
  /** The webmail thread startWebmel started. */
  web: WebThread;
  /** With `startInProcessWebTest`: the webmail the tests talk to, in the test's own thread. */
  inProcessWeb: WebServer | null;
  client(): WebClient;
  /** An account with a chosen password (not the NUMEN any more). */
  user(input: { prenom: string; nom: string; sector?: 'public' | 'prive'; birthDate?: string; fonction?: string; uai?: string }): { account: Account; numen: string; password: string };
  /** Puts a raw message in the account's INBOX through the store's delivery (as SMTP would). */
  deliver(account: Account, raw: string | Buffer): void;
  stop(): Promise<void>;
}

export const GOOD_PASSWORD = 'Tableau-Noir-2024!';

export async function startWebTest(overrides: Partial<Config> = {}, dataDir?: string): Promise<WebTest> {
  const webmel = await startTestWebmel(overrides, dataDir);
  const web = webmel.web;
  const base = `http://127.0.0.1:${webmel.ports.http}`;
  return {
    webmel,
    base,
    web,
    inProcessWeb: null,
    client: () => new WebClient(base),
    user(input) {
      const numen = testNumen();
      const account = webmel.services.accounts.create({ numen, birthDate: input.birthDate ?? '1980-05-17', ...input });
      // The user has already chosen a password of their own.
      webmel.services.accounts.setPasswordHash(account.id, hashSecretSync(GOOD_PASSWORD), false);
      return { account: webmel.services.accounts.byId(account.id)!, numen, password: GOOD_PASSWORD };
    },
    deliver(account, raw) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8') : raw;
      webmel.services.store.deliver(prepareMessage(bytes), [{ accountId: account.id, limitBytes: 0, bypassQuota: true }]);
    },
    async stop() {
      await webmel.stop();
    },
  };
}

/**
 * A Webmel whose webmail the tests talk to runs in the test's own thread (a second one, on
 * the same IMAP server), so tests can look inside its IMAP pool.
 */
export async function startInProcessWebTest(overrides: Partial<Config> = {}): Promise<WebTest & { inProcessWeb: WebServer }> {
  const t = await startWebTest(overrides);
  const inProcessWeb = await startWebServer(t.webmel.services, { imapHost: '127.0.0.1', imapPort: t.webmel.ports.imap });
  const base = `http://127.0.0.1:${inProcessWeb.port}`;
  return {
    ...t,
    base,
    inProcessWeb,
    client: () => new WebClient(base),
    async stop() {
      await inProcessWeb.close();
      await t.stop();
    },
  };
}

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had one. */
  csrf = '';

  /** `send`: another fetch (fetch-from.ts, to come from another local address). */
  constructor(
    readonly base: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private async read(response: Response): Promise<Page> {
    this.keep(response);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1]!;
    return { status: response.status, headers: response.headers, text, location: response.headers.get('location') };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const response = await this.send(this.base + path, { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    return this.read(response);
  }

  /** GET, following same-site redirects like a browser. */
  async open(path: string, headers: Record<string, string> = {}): Promise<Page> {
    let page = await this.get(path, headers);
    for (let hops = 0; page.location && hops < 5; hops++) page = await this.get(page.location.replace(this.base, ''), headers);
    return page;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: string | false; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const body = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== false) body.append('_csrf', token);
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    const response = await this.send(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        ...options.headers,
      },
      body,
    });
    return this.read(response);
  }

  /**
   * POST multipart/form-data as a browser's file form: the CSRF token in the action URL
   * (`?_csrf=`, as the pages write it), the files as parts.
   */
  async postMultipart(path: string, fields: Record<string, string>, files: Array<{ name: string; filename: string; content: Buffer; type?: string }> = []): Promise<Page> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append(file.name, new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.filename);
    const url = `${this.base}${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(this.csrf)}`;
    const response = await this.send(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), origin: this.base, 'sec-fetch-site': 'same-origin' },
      body: form,
    });
    return this.read(response);
  }

  /** Signs in through the form; returns the answer to the POST. */
  async signIn(login: string, password: string): Promise<Page> {
    await this.get('/login');
    return this.post('/login', { login, password });
  }
}

/** How many messages folder `name` of the account holds, read from the store. */
export function countIn(t: WebTest, accountId: number, name: string): number {
  const store = t.webmel.services.store;
  return store.counts(store.getMailbox(accountId, name).id).messages;
}

/** Text of a page without tags, whitespace collapsed: what a reader sees. */
export function visibleText(markup: string): string {
  return markup
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export { testNumen };

/** A user with a chosen password, signed in through the form. */
export async function signedInUser(t: WebTest, input: { prenom: string; nom: string; sector?: 'public' | 'prive' } = { prenom: 'Claire', nom: 'Fontaine' }) {
  const user = t.user(input);
  const client = t.client();
  const page = await client.signIn(user.account.login, user.password);
  if (page.status !== 303) throw new Error(`sign-in failed: ${page.status}`);
  await client.get('/account'); // the session's CSRF token
  return { ...user, client };
}

/** htmx request headers for a fragment (not boosted). */
export const HX = { 'HX-Request': 'true' };
