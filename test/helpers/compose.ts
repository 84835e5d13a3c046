/**
 * A running Webmel with its webmail wired to Webmel's submission listener, and an outbound
 * queue runner, for the compose tests. The runner does not run by itself: tests move its clock past
 * the undo window (or the chosen time) and call `deliverDue()`, so nothing depends on waiting.
 * Mail boxes are read straight from the store, as a second client would see them.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Account } from '../../src/accounts/account-store.js';
import { hashSecretSync } from '../../src/accounts/password.js';
import type { Config } from '../../src/config.js';
import { flagNames } from '../../src/store/flags.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { QueueRunner } from '../../src/outbound/queue-runner.js';
import { startWebServer, type WebServer } from '../../src/web/server.js';
import { loopbackResolver } from './submission.js';
import { startTestWebmel, testNumen, type TestWebmel } from './webmel.js';
import { GOOD_PASSWORD, WebClient, type Page } from './web.js';

export { GOOD_PASSWORD, visibleText, HX } from './web.js';

export interface StoredMail {
  uid: number;
  flags: string[];
  raw: Buffer;
}

export interface ComposeTest {
  webmel: TestWebmel;
  web: WebServer;
  base: string;
  clock: { offset: number };
  runner: QueueRunner;
  client(): WebClient;
  user(input: { prenom: string; nom: string; fonction?: string; uai?: string }): { account: Account; password: string };
  signedIn(input: { prenom: string; nom: string; fonction?: string; uai?: string }): Promise<{ account: Account; client: WebClient }>;
  deliver(account: Account, raw: string | Buffer): void;
  /** Messages of one of the account's folders, oldest first. */
  folder(account: Account, name: string): StoredMail[];
  parsed(mail: StoredMail): Promise<ParsedMail>;
  /** Moves the runner's clock `ms` ahead and runs one queue pass. */
  deliverDue(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startComposeTest(overrides: Partial<Config> = {}, options: { undoSendMs?: number } = {}): Promise<ComposeTest> {
  const webmel = await startTestWebmel(overrides);
  const { services } = webmel;
  // Webmel's own submission listener; this runner's clock is the test's to move (Webmel's own
  // runner is left stopped in tests).
  const submissionPort = webmel.ports.submission;
  const clock = { offset: 0 };
  const runner = new QueueRunner(services, { resolver: loopbackResolver, mxPort: 9, now: () => Date.now() + clock.offset });
  const web = await startWebServer(services, {
    imapHost: '127.0.0.1',
    imapPort: webmel.ports.imap,
    submissionPort,
    ...(options.undoSendMs !== undefined ? { undoSendMs: options.undoSendMs } : {}),
  });
  const base = `http://127.0.0.1:${web.port}`;

  const user: ComposeTest['user'] = (input) => {
    const account = services.accounts.create({ numen: testNumen(), birthDate: '1980-05-17', ...input });
    services.accounts.setPasswordHash(account.id, hashSecretSync(GOOD_PASSWORD), false);
    return { account: services.accounts.byId(account.id)!, password: GOOD_PASSWORD };
  };

  return {
    webmel,
    web,
    base,
    clock,
    runner,
    client: () => new WebClient(base),
    user,
    async signedIn(input) {
      const { account, password } = user(input);
      const client = new WebClient(base);
      const page = await client.signIn(account.login, password);
      if (page.status !== 303) throw new Error(`sign-in failed: ${page.status}`);
      await client.get('/account');
      return { account, client };
    },
    deliver(account, raw) {
      const bytes = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8') : raw;
      services.store.deliver(prepareMessage(bytes), [{ accountId: account.id, limitBytes: 0, bypassQuota: true }]);
    },
    folder(account, name) {
      const mailbox = services.store.getMailbox(account.id, name);
      const uids = services.store.messageIndex(mailbox.id).map((m) => m.uid);
      return services.store.messagesByUids(mailbox.id, uids).map((row) => ({
        uid: row.uid,
        flags: flagNames(row.flags, row.keywords),
        raw: services.store.raw(row.contentId),
      }));
    },
    parsed: (mail) => simpleParser(mail.raw),
    async deliverDue(ms = 0) {
      clock.offset += ms;
      await runner.runOnce();
    },
    async stop() {
      await runner.stop();
      await web.close();
      await webmel.stop();
    },
  };
}

/** The composition id in a `/compose/<id>` location. */
export function composeId(location: string | null): string {
  const match = /\/compose\/([A-Za-z0-9_-]{22})/.exec(location ?? '');
  if (!match) throw new Error(`not a composition: ${location}`);
  return match[1]!;
}

export interface UploadFile {
  name: string;
  type?: string;
  content: Buffer;
}

/**
 * POSTs a multipart form as the compose page does. The CSRF token rides in the query (as the
 * form's action has it) unless `csrf: 'header'` (htmx) or `csrf: false`.
 */
export async function postMultipart(
  client: WebClient,
  path: string,
  fields: Record<string, string | string[]>,
  files: UploadFile[] = [],
  options: { csrf?: 'query' | 'header' | false; headers?: Record<string, string> } = {},
): Promise<Page> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  for (const file of files) form.append('files', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
  const mode = options.csrf ?? 'query';
  const url = mode === 'query' ? `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(client.csrf)}` : path;
  const response = await fetch(client.base + url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
      origin: client.base,
      'sec-fetch-site': 'same-origin',
      ...(mode === 'header' ? { 'X-CSRF-Token': client.csrf } : {}),
      ...options.headers,
    },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, location: response.headers.get('location') };
}

/** The compose form's fields as the page shows them, to post them back. */
export function formFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of page.matchAll(/<input[^>]*\bname="(to|cc|bcc|subject)"[^>]*\bvalue="([^"]*)"/g)) fields[match[1]!] = decode(match[2]!);
  const text = /<textarea id="compose-text" name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(page);
  // HTML drops one line break right after <textarea>, as a browser does.
  if (text) fields.text = decode(text[1]!.replace(/^\r?\n/, ''));
  return fields;
}

function decode(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Opens a new composition; returns its id. */
export async function newComposition(client: WebClient): Promise<string> {
  const page = await client.get('/compose');
  if (page.status !== 303) throw new Error(`GET /compose answered ${page.status}`);
  const id = composeId(page.location);
  await client.get(`/compose/${id}`);
  return id;
}
