import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebTest, GOOD_PASSWORD, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

async function signedInClient() {
  const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
  const client = t.client();
  await client.signIn(account.login, GOOD_PASSWORD);
  await client.get('/account');
  return { client, account };
}

describe('CSRF protection', () => {
  it('refuses a state-changing request without the token, with a wrong one, or with another session’s', async () => {
    const { client, account } = await signedInClient();
    const other = t.client();
    await other.signIn(account.login, GOOD_PASSWORD);
    await other.get('/account');
    for (const csrf of [false, 'faux', other.csrf] as const) {
      const page = await client.post('/account/sessions/others/delete', {}, { csrf });
      expect(page.status, String(csrf)).toBe(403);
    }
    expect((await other.get('/account')).status).toBe(200);
  });

  it('refuses a request from another site even with the right token', async () => {
    const { client } = await signedInClient();
    const foreignOrigin = await client.post('/account/sessions/others/delete', {}, { headers: { origin: 'https://evil.example' } });
    expect(foreignOrigin.status).toBe(403);
    const crossSite = await client.post('/account/sessions/others/delete', {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const nullOrigin = await client.post('/account/sessions/others/delete', {}, { headers: { origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
  });

  it('accepts the token in the X-CSRF-Token header, as htmx sends it', async () => {
    const { client } = await signedInClient();
    const page = await client.post('/account/sessions/others/delete', {}, { csrf: false, headers: { 'X-CSRF-Token': client.csrf } });
    expect(page.status).toBe(303);
  });

  it('puts the token in every form and in hx-headers on the page wrapper, which boosted swaps replace', async () => {
    const { client } = await signedInClient();
    const page = await client.get('/account');
    const forms = page.text.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form).toContain(`name="_csrf" value="${client.csrf}"`);
    expect(page.text).toContain(`<div class="page" hx-boost="true" hx-headers="{&quot;X-CSRF-Token&quot;:&quot;${client.csrf}&quot;}"`);
  });

  it('refuses a forged sign-in (login CSRF): the visitor form token is bound to the visitor cookie', async () => {
    const { account } = t.user({ prenom: 'Marc', nom: 'Durand' });
    const attacker = t.client();
    await attacker.get('/login');
    const victim = t.client(); // no visitor cookie of its own
    const page = await victim.post('/login', { login: account.login, password: GOOD_PASSWORD }, { csrf: attacker.csrf });
    expect(page.status).toBe(403);
    expect(victim.cookies.has('webmel_session')).toBe(false);
  });
});
