import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES_PER_PAIR } from '../../../src/accounts/failure-limiter.js';
import { parseBirthDate } from '../../../src/web/routes/auth-routes.js';
import { startWebTest, visibleText, GOOD_PASSWORD, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

const NEW_PASSWORD = 'Cahier-de-Texte-42?';

describe('« Mot de passe oublié »', () => {
  it('sets a new password from the identifiant, the date of birth and the NUMEN, and ends every session', async () => {
    const { account, numen } = t.user({ prenom: 'Claire', nom: 'Fontaine', birthDate: '1985-04-12' });
    const elsewhere = t.client();
    await elsewhere.signIn(account.login, GOOD_PASSWORD);
    expect((await elsewhere.get('/account')).status).toBe(200);

    const client = t.client();
    await client.get('/password/forgot');
    const page = await client.post('/password/forgot', {
      login: account.login.toUpperCase(),
      birthDate: '12/04/1985',
      numen: numen.toLowerCase().replace(/(.{3})/g, '$1 '),
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?reset=1');
    expect(visibleText((await client.get(page.location!)).text)).toContain('Votre mot de passe a été modifié');
    expect((await t.client().signIn(account.login, NEW_PASSWORD)).location).toBe('/mailboxes/INBOX');
    expect((await t.client().signIn(account.login, GOOD_PASSWORD)).status).toBe(401);
    expect((await elsewhere.get('/account')).status).toBe(303);
  });

  it('refuses a wrong NUMEN or date with one message that reveals nothing, and never shows the NUMEN back', async () => {
    const { account, numen } = t.user({ prenom: 'Claire', nom: 'Fontaine', birthDate: '1985-04-12' });
    const wrongNumen = numen.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const attempts = [
      { login: account.login, birthDate: '12/04/1985', numen: wrongNumen },
      { login: account.login, birthDate: '13/04/1985', numen },
      { login: 'zinconnu', birthDate: '12/04/1985', numen },
    ];
    const messages = new Set<string>();
    for (const attempt of attempts) {
      const client = t.client();
      await client.get('/password/forgot');
      const page = await client.post('/password/forgot', { ...attempt, password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
      expect(page.status).toBe(401);
      messages.add(/role="alert"><p>([^<]*)</.exec(page.text)?.[1] ?? '');
      expect(page.text).not.toContain(attempt.numen);
      expect(page.text).not.toContain(NEW_PASSWORD);
    }
    expect([...messages]).toEqual(['Les informations saisies ne permettent pas de vous identifier. Vérifiez-les, ou contactez votre service de gestion.']);
    expect((await t.client().signIn(account.login, GOOD_PASSWORD)).location).toBe('/mailboxes/INBOX');
  });

  it('checks the new password first, without spending an attempt', async () => {
    const { account, numen } = t.user({ prenom: 'Claire', nom: 'Fontaine', birthDate: '1985-04-12' });
    const client = t.client();
    await client.get('/password/forgot');
    const page = await client.post('/password/forgot', { login: account.login, birthDate: '1985-04-12', numen, password: 'court', confirmation: 'court' });
    expect(page.status).toBe(400);
    expect(visibleText(page.text)).toContain('trop court');
    expect(t.webmel.services.db.prepare('SELECT count(*) FROM auth_attempts').pluck(true).get()).toBe(0);
  });

  it('counts failed resets in the sign-in limiter: past the limit even the right NUMEN is refused from that address', async () => {
    const { account, numen } = t.user({ prenom: 'Claire', nom: 'Fontaine', birthDate: '1985-04-12' });
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      const client = t.client();
      await client.get('/password/forgot');
      await client.post('/password/forgot', { login: account.login, birthDate: '1985-04-12', numen: `02G2000000${String(i).padStart(3, 'X')}`, password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    }
    const client = t.client();
    await client.get('/password/forgot');
    const page = await client.post('/password/forgot', { login: account.login, birthDate: '1985-04-12', numen, password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(page.status).toBe(429);
    expect((await t.client().signIn(account.login, GOOD_PASSWORD)).status).toBe(429);
    // Not from another address: a guesser does not lock the owner out.
    expect(await t.webmel.services.auth.authenticate(account.login, GOOD_PASSWORD, { ip: '203.0.113.9' })).toMatchObject({ ok: true });
  });
});

describe('« Identifiant oublié »', () => {
  it('shows the login for nom, prénom, date of birth and NUMEN, accents and case aside', async () => {
    const { account, numen } = t.user({ prenom: 'Hélène', nom: 'Lefèvre', birthDate: '1990-01-31' });
    const client = t.client();
    await client.get('/login/forgot');
    const page = await client.post('/login/forgot', { nom: 'LEFEVRE', prenom: 'helene', birthDate: '31/01/1990', numen });
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain(`Votre identifiant est ${account.login}`);
    expect(page.text).not.toContain(numen);
  });

  it('finds the right homonym by the NUMEN', async () => {
    const first = t.user({ prenom: 'Jean', nom: 'Martin', birthDate: '1970-06-01' });
    const second = t.user({ prenom: 'Jean', nom: 'Martin', birthDate: '1970-06-01' });
    const client = t.client();
    await client.get('/login/forgot');
    const page = await client.post('/login/forgot', { nom: 'Martin', prenom: 'Jean', birthDate: '1970-06-01', numen: second.numen });
    expect(visibleText(page.text)).toContain(`Votre identifiant est ${second.account.login}`);
    expect(visibleText(page.text)).not.toContain(`Votre identifiant est ${first.account.login} `);
  });

  it('refuses a wrong NUMEN without saying whether the person exists', async () => {
    t.user({ prenom: 'Jean', nom: 'Martin', birthDate: '1970-06-01' });
    const known = t.client();
    await known.get('/login/forgot');
    const wrong = await known.post('/login/forgot', { nom: 'Martin', prenom: 'Jean', birthDate: '1970-06-01', numen: '02G2099999ZZZ' });
    const unknown = t.client();
    await unknown.get('/login/forgot');
    const nobody = await unknown.post('/login/forgot', { nom: 'Personne', prenom: 'Jean', birthDate: '1970-06-01', numen: '02G2099999ZZZ' });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(/role="alert"><p>([^<]*)</.exec(wrong.text)?.[1]).toBe(/role="alert"><p>([^<]*)</.exec(nobody.text)?.[1]);
  });
});

describe('the date of birth on the recovery forms', () => {
  it('reads dates of birth as typed in France', () => {
    expect(parseBirthDate('12/04/1985')).toBe('1985-04-12');
    expect(parseBirthDate('1/4/1985')).toBe('1985-04-01');
    expect(parseBirthDate('1985-04-12')).toBe('1985-04-12');
    expect(parseBirthDate('31/02/1985')).toBeNull();
    expect(parseBirthDate('hier')).toBeNull();
  });
});
