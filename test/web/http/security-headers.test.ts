import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebTest, GOOD_PASSWORD, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

describe('security headers and static files', () => {
  it('sends a strict CSP without inline scripts, nosniff, no framing and no caching on pages', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    for (const path of ['/login', '/account', '/accessibilite', '/nulle-part']) {
      const page = await client.get(path);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-powered-by')).toBeNull();
      // No inline script anywhere: every <script> has a src, and no on* handler attributes.
      expect(page.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
      expect(page.text).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it('serves htmx and our own script and stylesheet from this server with long caching', async () => {
    const page = await t.client().get('/login');
    const urls = [...page.text.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.some((u) => /^\/static\/htmx\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
    expect(urls.some((u) => /^\/static\/app\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
    expect(urls.some((u) => /^\/static\/app\.[0-9a-f]{12}\.css$/.test(u))).toBe(true);
    for (const url of urls) {
      const asset = await fetch(t.base + url);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = asset.headers.get('etag')!;
      expect((await fetch(t.base + url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
    const htmx = await (await fetch(t.base + urls.find((u) => u.includes('htmx'))!)).text();
    expect(htmx).toContain('htmx');
    expect(page.text).not.toMatch(/https?:\/\/(unpkg|cdn|cdnjs|jsdelivr)/);
  });

  it('turns the htmx history cache off so no mail reaches localStorage', async () => {
    const page = await t.client().get('/login');
    const config = /<meta name="htmx-config" content="([^"]+)">/.exec(page.text)![1]!.replace(/&quot;/g, '"');
    expect(JSON.parse(config)).toMatchObject({ historyCacheSize: 0, allowEval: false, selfRequestsOnly: true });
  });

  it('has a skip link, lang="fr" and the accessibility status on every page', async () => {
    const page = await t.client().get('/login');
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('<a class="skip-link" href="#contenu">Aller au contenu</a>');
    expect(page.text).toContain('<main id="contenu"');
    expect(page.text).toContain('href="/accessibilite"');
  });

  it('answers an unknown page with a French 404 once signed in, and the sign-in page before', async () => {
    expect((await t.client().get('/nulle-part')).location).toBe('/login?next=%2Fnulle-part');
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    const page = await client.get('/nulle-part');
    expect(page.status).toBe(404);
    expect(page.text).toContain('Page introuvable');
  });
});
