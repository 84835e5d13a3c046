/**
 * Behind a reverse proxy (WEBMEL_TRUST_PROXY): the proxy's X-Forwarded-For, -Proto and -Host are
 * believed, anybody else's are not. The proxy is 127.0.0.2, a stranger sending the same headers
 * 127.0.0.3 (Linux routes all of 127.0.0.0/8 to loopback).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_IP } from '../../src/accounts/failure-limiter.js';
import type { Config } from '../../src/config.js';
import { fetchFrom } from '../helpers/fetch-from.js';
import { startWebTest, visibleText, WebClient, type WebTest } from '../helpers/web.js';

const PROXY = '127.0.0.2';
const STRANGER = '127.0.0.3';
const PUBLIC_HOST = 'webmel.ac-test.fr';

let t: WebTest;
afterEach(async () => {
  await t.stop();
});

async function start(overrides: Partial<Config> = {}): Promise<WebTest> {
  t = await startWebTest({ trustProxy: [PROXY], ...overrides });
  return t;
}

/** A browser whose requests reach the webmail from `peer`, each with `headers` added. */
function browserVia(peer: string, headers: Record<string, string> = {}): WebClient {
  const send = fetchFrom(peer);
  return new WebClient(t.base, (input, init = {}) => send(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } }));
}

/** What a proxy in front of https://webmel.ac-test.fr adds, keeping the browser's Host. */
function overHttps(clientAddress: string): Record<string, string> {
  return { 'x-forwarded-for': clientAddress, 'x-forwarded-proto': 'https', host: PUBLIC_HOST, origin: `https://${PUBLIC_HOST}` };
}

/** Fails MAX_FAILURES_PER_IP sign-ins (unknown logins, so no account's own limit plays). */
async function failSignIns(client: WebClient): Promise<void> {
  for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
    const page = await client.signIn(`inconnu${i}`, 'Mauvais-Mot-2024!');
    expect(page.status).toBe(401);
  }
}

function hasSecureCookie(page: { headers: Headers }, name: string): boolean | null {
  const line = page.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line === undefined ? null : /;\s*Secure(;|$)/i.test(line);
}

describe('behind a reverse proxy', () => {
  it('counts sign-in failures against the address a trusted proxy forwards, and ignores the header from anyone else', async () => {
    await start();
    const { account, password } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    await failSignIns(browserVia(PROXY, { 'x-forwarded-for': '203.0.113.10' }));
    // The failing address is limited; another user behind the same proxy is not.
    expect((await browserVia(PROXY, { 'x-forwarded-for': '203.0.113.10' }).signIn(account.login, password)).status).toBe(429);
    expect((await browserVia(PROXY, { 'x-forwarded-for': '203.0.113.20' }).signIn(account.login, password)).status).toBe(303);
    // From a peer that is not a trusted proxy, X-Forwarded-For changes nothing: the peer is limited.
    await failSignIns(browserVia(STRANGER, { 'x-forwarded-for': '203.0.113.30' }));
    expect((await browserVia(STRANGER, { 'x-forwarded-for': '203.0.113.40' }).signIn(account.login, password)).status).toBe(429);
  });

  it('lists a session under the address the trusted proxy saw, not one the browser made up', async () => {
    await start();
    const { account, password } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    // The browser sent its own X-Forwarded-For: 198.51.100.7; the proxy appended the real one.
    const proxied = browserVia(PROXY, { 'x-forwarded-for': '198.51.100.7, 203.0.113.20' });
    expect((await proxied.signIn(account.login, password)).status).toBe(303);
    const stranger = browserVia(STRANGER, { 'x-forwarded-for': '203.0.113.99' });
    expect((await stranger.signIn(account.login, password)).status).toBe(303);
    const sessions = visibleText((await proxied.get('/account')).text);
    expect(sessions).toContain('203.0.113.20');
    expect(sessions).toContain(STRANGER);
    expect(sessions).not.toContain('198.51.100.7');
    expect(sessions).not.toContain('203.0.113.99');
  });

  it('marks every cookie Secure and sends HSTS only when a trusted proxy says the browser came over https', async () => {
    await start();
    const { account, password } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const browser = browserVia(PROXY, overHttps('203.0.113.20'));
    const login = await browser.get('/login');
    expect(hasSecureCookie(login, 'webmel_visitor')).toBe(true);
    expect(login.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const signedIn = await browser.post('/login', { login: account.login, password });
    expect(signedIn.status).toBe(303);
    expect(hasSecureCookie(signedIn, 'webmel_session')).toBe(true);
    await browser.get('/account'); // the session's CSRF token
    const signedOut = await browser.post('/logout');
    expect(signedOut.status).toBe(303);
    expect(hasSecureCookie(signedOut, 'webmel_session')).toBe(true);
    // Plain http, whoever claims https: no Secure (the browser would drop the cookie), no HSTS.
    for (const plain of [browserVia(STRANGER, overHttps('203.0.113.20')), browserVia(PROXY, { 'x-forwarded-for': '203.0.113.20' }), t.client()]) {
      const page = await plain.get('/login');
      expect(hasSecureCookie(page, 'webmel_visitor')).toBe(false);
      expect(page.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('believes the proxy in the webmail thread too', async () => {
    await start({ webThread: true });
    const page = await browserVia(PROXY, overHttps('203.0.113.20')).get('/login');
    expect(hasSecureCookie(page, 'webmel_visitor')).toBe(true);
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('accepts forms from the public origin behind a proxy that rewrites Host, and still refuses other sites', async () => {
    await start({ publicUrl: `https://${PUBLIC_HOST}` });
    const { account, password } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const origin = { origin: `https://${PUBLIC_HOST}`, 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.20' };
    // nginx's default: Host is the upstream's (127.0.0.1:port), no X-Forwarded-Host.
    expect((await browserVia(PROXY, origin).signIn(account.login, password)).status).toBe(303);
    // Apache's default: X-Forwarded-Host names the public host.
    const forwardedHost = { ...origin, origin: 'https://autre.ac-test.fr', 'x-forwarded-host': 'autre.ac-test.fr' };
    expect((await browserVia(PROXY, forwardedHost).signIn(account.login, password)).status).toBe(303);
    // X-Forwarded-Host from a stranger is not believed; a foreign page is refused through the proxy too.
    expect((await browserVia(STRANGER, forwardedHost).signIn(account.login, password)).status).toBe(403);
    expect((await browserVia(PROXY, { ...origin, origin: 'https://evil.example' }).signIn(account.login, password)).status).toBe(403);
  });
});
