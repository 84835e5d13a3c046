import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_PAIR } from '../../../src/accounts/failure-limiter.js';
import { startWebTest, visibleText, GOOD_PASSWORD, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

describe('sign-in page', () => {
  it('shows a French form with labelled fields, the recovery links and the I-Professionnel note', async () => {
    const page = await t.client().get('/login');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toMatch(/<label for="f-login">Compte utilisateur/);
    expect(page.text).toMatch(/<label for="f-password">Mot de passe/);
    expect(page.text).toContain('href="/password/forgot"');
    expect(page.text).toContain('href="/login/forgot"');
    expect(visibleText(page.text)).toContain('I-Professionnel');
  });

  it('sends a visitor who opens a mail page to the sign-in page, and back there after signing in', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    const page = await client.get('/account');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?next=%2Faccount');
    const form = await client.get(page.location!);
    expect(form.text).toContain('name="next" value="/account"');
    const signedIn = await client.post('/login', { login: account.login, password: GOOD_PASSWORD, next: '/account' });
    expect(signedIn.location).toBe('/account');
  });

  it('never sends the reader to another site after signing in', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.get('/login');
    const page = await client.post('/login', { login: account.login, password: GOOD_PASSWORD, next: '//evil.example/x' });
    expect(page.location).toBe('/mailboxes/INBOX');
  });
});

describe('signing in', () => {
  it('accepts the NUMEN typed with spaces in lower case, then requires a new password before anything else', async () => {
    const numen = '02G0512345ABC';
    const account = t.webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
    const client = t.client();
    const signIn = await client.signIn('Chabotté', '02 g05 12345 abc');
    expect(signIn.status).toBe(303);
    expect(signIn.location).toBe('/account/password');
    expect((await client.get('/mailboxes/INBOX')).location).toBe('/account/password');
    expect((await client.get('/account')).location).toBe('/account/password');
    const form = await client.get('/account/password');
    expect(form.status).toBe(200);
    expect(visibleText(form.text)).toContain('Choisissez votre mot de passe');
    expect(form.text).not.toContain('name="current"');

    const weak = await client.post('/account/password', { password: 'tableaunoir2024', confirmation: 'tableaunoir2024' });
    expect(weak.status).toBe(400);
    expect(visibleText(weak.text)).toContain('Il manque une majuscule');

    const chosen = await client.post('/account/password', { password: GOOD_PASSWORD, confirmation: GOOD_PASSWORD });
    expect(chosen.status).toBe(303);
    expect(chosen.location).toBe('/mailboxes/INBOX');
    expect(t.webmel.services.accounts.byId(account.id)!.passwordIsNumen).toBe(false);
    expect((await client.get('/account')).status).toBe(200);
    // The NUMEN no longer opens the account; the new password does.
    expect((await t.client().signIn(account.login, numen)).status).toBe(401);
    expect((await t.client().signIn(account.address, GOOD_PASSWORD)).location).toBe('/mailboxes/INBOX');
  });

  it('accepts the login or the address in any case, with or without accents', async () => {
    const { account } = t.user({ prenom: 'Hélène', nom: 'Lefèvre' });
    for (const login of ['hlefevre', 'HLefèvre', ' HLEFEVRE ', account.address.toUpperCase()]) {
      const page = await t.client().signIn(login, GOOD_PASSWORD);
      expect(page.location, login).toBe('/mailboxes/INBOX');
    }
  });

  it('answers a wrong password and an unknown account with the same message', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const wrong = await t.client().signIn(account.login, 'Pas-le-bon-1!');
    const unknown = await t.client().signIn('zinconnu', 'Pas-le-bon-1!');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (page: { text: string }) => /role="alert"><p>([^<]*)</.exec(page.text)?.[1];
    expect(message(wrong)).toBe('Identifiant ou mot de passe incorrect.');
    expect(message(unknown)).toBe(message(wrong));
    // The typed login is kept, the password is not.
    expect(wrong.text).toContain(`value="${account.login}"`);
    expect(wrong.text).not.toContain('Pas-le-bon-1!');
  });

  it('refuses even the right password from an address that reached the failure limit for the account, for IMAP and SMTP too, but not from elsewhere', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) await t.client().signIn(account.login, `faux-${i}`);
    const page = await t.client().signIn(account.login, GOOD_PASSWORD);
    expect(page.status).toBe(429);
    expect(visibleText(page.text)).toContain('Trop de tentatives');
    // The limiter is the one IMAP and SMTP AUTH use: the same address is refused there too…
    const sameAddress = await t.webmel.services.auth.authenticate(account.login, GOOD_PASSWORD, { ip: '127.0.0.1' });
    expect(sameAddress).toEqual({ ok: false, reason: 'limited' });
    // …while the owner, elsewhere, is not locked out.
    const elsewhere = await t.webmel.services.auth.authenticate(account.login, GOOD_PASSWORD, { ip: '203.0.113.9' });
    expect(elsewhere).toMatchObject({ ok: true });
  });

  it('tells a disabled account apart only once the right password was given', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    t.webmel.services.accounts.disable(account.id);
    expect(visibleText((await t.client().signIn(account.login, 'Faux-mot-2024!')).text)).toContain('Identifiant ou mot de passe incorrect');
    expect(visibleText((await t.client().signIn(account.login, GOOD_PASSWORD)).text)).toContain('Ce compte est désactivé');
  });

  it('sets an HttpOnly SameSite=Lax session cookie and replaces any previous session', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.get('/login');
    const first = await client.post('/login', { login: account.login, password: GOOD_PASSWORD });
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('webmel_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const oldToken = client.cookies.get('webmel_session')!;
    // Signing in again gives a new token; the old one is dead.
    await client.get('/account'); // the page's token is now the session's
    const again = await client.post('/login', { login: account.login, password: GOOD_PASSWORD });
    expect(again.status).toBe(303);
    const newToken = client.cookies.get('webmel_session')!;
    expect(newToken).not.toBe(oldToken);
    const stale = await fetch(`${t.base}/account`, { redirect: 'manual', headers: { cookie: `webmel_session=${oldToken}` } });
    expect(stale.status).toBe(303);
  });

  it('signs out server-side: the old cookie no longer opens anything', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    const token = client.cookies.get('webmel_session')!;
    await client.get('/account');
    const out = await client.post('/logout');
    expect(out.location).toBe('/login?bye=1');
    const stale = await fetch(`${t.base}/account`, { redirect: 'manual', headers: { cookie: `webmel_session=${token}` } });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('location')).toBe('/login?next=%2Faccount');
  });

  it('shows a private-sector teacher that her career portal is I-Professionnel', async () => {
    const { account } = t.user({ prenom: 'Hélène', nom: "N'Diaye", sector: 'prive' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    const page = await client.get('/account');
    expect(visibleText(page.text)).toContain('votre portail carrière est I-Professionnel');
    const { account: publicTeacher } = t.user({ prenom: 'Paul', nom: 'Public' });
    const other = t.client();
    await other.signIn(publicTeacher.login, GOOD_PASSWORD);
    expect(visibleText((await other.get('/account')).text)).not.toContain('votre portail carrière est I-Professionnel');
  });
});
