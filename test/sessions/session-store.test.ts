import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_MAX_AGE_MS } from '../../src/sessions/session-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startWebTest, visibleText, GOOD_PASSWORD, type WebTest } from '../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

function age(t: WebTest, column: 'last_seen_at' | 'created_at', ms: number): void {
  t.webmel.services.db.prepare(`UPDATE web_sessions SET ${column} = ${column} - ?`).run(ms);
}

describe('sessions', () => {
  it('ends a session idle for longer than the timeout', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    expect((await client.get('/account')).status).toBe(200);
    age(t, 'last_seen_at', SESSION_IDLE_TIMEOUT_MS + 1000);
    const page = await client.get('/account');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);
    expect(t.webmel.services.db.prepare('SELECT count(*) AS n FROM web_sessions').get()).toEqual({ n: 0 });
  });

  it('ends a session after its maximum age even when it is in use', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    age(t, 'created_at', SESSION_MAX_AGE_MS + 1000);
    expect((await client.get('/account')).status).toBe(303);
  });

  it('answers an htmx request from an expired session with 401 and HX-Redirect to the sign-in page', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    age(t, 'last_seen_at', SESSION_IDLE_TIMEOUT_MS + 1000);
    const page = await client.get('/mailboxes', { 'HX-Request': 'true' });
    expect(page.status).toBe(401);
    expect(page.headers.get('hx-redirect')).toBe('/login');
  });

  it('does not count the live pollers as activity', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const client = t.client();
    await client.signIn(account.login, GOOD_PASSWORD);
    age(t, 'last_seen_at', 5 * 60 * 1000);
    const before = t.webmel.services.db.prepare('SELECT last_seen_at AS seen FROM web_sessions').get() as { seen: number };
    await client.get('/account', { 'HX-Request': 'true', 'HX-Trigger': 'live-folders' });
    expect(t.webmel.services.db.prepare('SELECT last_seen_at AS seen FROM web_sessions').get()).toEqual(before);
    await client.get('/account');
    expect((t.webmel.services.db.prepare('SELECT last_seen_at AS seen FROM web_sessions').get() as { seen: number }).seen).toBeGreaterThan(before.seen);
  });

  it('lists the active sessions and signs the others out on request', async () => {
    const { account } = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const phone = t.client();
    await phone.signIn(account.login, GOOD_PASSWORD);
    const desk = t.client();
    await desk.signIn(account.login, GOOD_PASSWORD);
    const page = await desk.get('/account');
    expect(visibleText(page.text)).toContain('(cette session)');
    expect(page.text.match(/<tr>\s*<td>/g)?.length).toBe(2);
    const done = await desk.post('/account/sessions/others/delete');
    expect(done.status).toBe(303);
    expect(visibleText((await desk.get('/account')).text)).toContain('1 autre session fermée.');
    expect((await phone.get('/account')).status).toBe(303);
  });

  it('cannot sign out another account’s session by its id', async () => {
    const victim = t.user({ prenom: 'Claire', nom: 'Fontaine' });
    const attacker = t.user({ prenom: 'Marc', nom: 'Durand' });
    const victimClient = t.client();
    await victimClient.signIn(victim.account.login, GOOD_PASSWORD);
    const victimSession = t.webmel.services.db.prepare('SELECT id FROM web_sessions WHERE account_id = ?').get(victim.account.id) as { id: number };
    const attackerClient = t.client();
    await attackerClient.signIn(attacker.account.login, GOOD_PASSWORD);
    await attackerClient.get('/account');
    await attackerClient.post(`/account/sessions/${victimSession.id}/delete`);
    expect((await victimClient.get('/account')).status).toBe(200);
  });

  it('survives a restart of Webmel', async () => {
    const temp = makeTempDir();
    const first = await startWebTest({}, temp.dir);
    try {
      const { account } = first.user({ prenom: 'Claire', nom: 'Fontaine' });
      const client = first.client();
      await client.signIn(account.login, GOOD_PASSWORD);
      const cookie = client.cookies.get('webmel_session')!;
      await first.stop();
      const second = await startWebTest({}, temp.dir);
      try {
        const page = await fetch(`${second.base}/account`, { redirect: 'manual', headers: { cookie: `webmel_session=${cookie}` } });
        expect(page.status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      temp.cleanup();
    }
  });
});
