/**
 * `/desabonnement/:token` (RFC 8058), reached without signing in: GET confirms and changes
 * nothing (link scanners), a mail client's cookie-less POST `List-Unsubscribe=One-Click`
 * unsubscribes with a 200, a forged token is a 404; « Mon compte » lists the refusal and
 * « Recevoir à nouveau » takes it back.
 */
import { describe, expect, it } from 'vitest';
import { delivered, inboxMessage, UNION_NAME, unionClient, unsubscribeToken } from '../../helpers/bulletin-fixtures.js';
import { annuaireTestBed, PEOPLE, UAI } from '../../helpers/directory-fixtures.js';
import { mailsIn } from '../../helpers/strike-fixtures.js';
import { visibleText } from '../../helpers/web.js';

const bed = annuaireTestBed();

/** The union sends to the école through its page; the teacher's copy's unsubscribe token. */
async function unionMessage(subject: string): Promise<{ token: string; id: number }> {
  const union = await unionClient(bed.t);
  await union.get('/diffusion-syndicale');
  expect((await union.post('/diffusion-syndicale', { subject, audience: `uai:${UAI.ecole}`, format: 'markdown', source: 'Réunion **mercredi**.' })).status).toBe(303);
  const done = await delivered(bed.t);
  const mail = await inboxMessage(bed.t, bed.client, PEOPLE.teacher.address, `[${UNION_NAME}] ${subject}`);
  expect(mail.html).toContain(`Se désabonner des messages de ${UNION_NAME}`);
  return { token: unsubscribeToken(mail), id: done.id };
}

const isUnsubscribed = () => bed.t.webmel.services.bulletins.unsubscriptions(bed.t.webmel.services.accounts.byAddress(PEOPLE.teacher.address)!.id).length > 0;

/** What an RFC 8058 mail client sends: no cookie, no Origin, no form token. */
async function oneClick(path: string, body = 'List-Unsubscribe=One-Click'): Promise<Response> {
  return fetch(bed.t.base + path, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

describe('the one-click unsubscribe', () => {
  it('confirms on GET without unsubscribing, then a cookie-less POST unsubscribes and the next message skips her', async () => {
    const { token } = await unionMessage('Réunion');
    const visitor = bed.t.client();
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(`/desabonnement/${token}`);
      expect(page.status).toBe(200);
      const text = visibleText(page.text);
      expect(text).toContain(`Ne plus recevoir les messages de ${UNION_NAME}`);
      expect(text).toContain('jusqu’aux prochaines élections professionnelles, soit jusqu’au');
      expect(text).toContain('« Mon compte », rubrique « Messages syndicaux refusés »');
      expect(page.text).toContain(`<form method="post" action="/desabonnement/${token}"`);
      expect(page.text).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    }
    expect(isUnsubscribed()).toBe(false);

    const answer = await oneClick(`/desabonnement/${token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('location')).toBeNull();
    expect(visibleText(await answer.text())).toContain(`Vous ne recevrez plus les messages de ${UNION_NAME} jusqu’au`);
    expect(isUnsubscribed()).toBe(true);
    // A mail client's retry is answered the same.
    expect((await oneClick(`/desabonnement/${token}`)).status).toBe(200);
    expect(visibleText((await visitor.get(`/desabonnement/${token}`)).text)).toContain(`Vous êtes déjà désabonné(e) : vous ne recevez plus les messages de ${UNION_NAME}.`);

    const union = await unionClient(bed.t);
    await union.get('/diffusion-syndicale');
    await union.post('/diffusion-syndicale', { subject: 'Deuxième réunion', audience: `uai:${UAI.ecole}`, format: 'text', source: 'Encore.' });
    expect(await delivered(bed.t)).toMatchObject({ recipients: 3, delivered: 2, skippedUnsubscribed: 1 });
    expect((await mailsIn(bed.t, PEOPLE.teacher.address)).map((m) => m.subject)).not.toContain(`[${UNION_NAME}] Deuxième réunion`);
    expect(visibleText((await union.get('/diffusion-syndicale')).text)).toMatch(/Deuxième réunion .* terminé 2 0 1 0/);
  });

  it('answers a forged or altered token 404 on GET and POST, unsubscribing nobody', async () => {
    const { token } = await unionMessage('Réunion');
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [altered, 'abc', 'x'.repeat(300)]) {
      const page = await bed.t.client().get(`/desabonnement/${bad}`);
      expect(page.status, bad).toBe(404);
      expect(visibleText(page.text)).toContain('Ce lien de désabonnement n’est pas valide.');
      const posted = await oneClick(`/desabonnement/${bad}`);
      expect(posted.status).toBe(404);
    }
    expect(isUnsubscribed()).toBe(false);
  });

  it('is not blocked by the CSRF check, whatever the body or a signed-in session', async () => {
    const { token } = await unionMessage('Réunion');
    // A multipart body (RFC 8058 allows it) is not read: the token is what counts.
    const boundary = 'x1y2z3';
    const multipart = await fetch(`${bed.t.base}/desabonnement/${token}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.status).toBe(200);
    expect(isUnsubscribed()).toBe(true);
    // Other POSTs still need the token: the exception is this route alone.
    expect((await oneClick('/account/syndicats/1/recevoir')).status).toBe(403);
    const refused = await bed.client.post('/account/trusted-senders', { address: 'a@b.fr' }, { csrf: false });
    expect(refused.status).toBe(403);
  });

  it('is listed in « Mon compte », and « Recevoir à nouveau » takes it back', async () => {
    let account = visibleText((await bed.client.get('/account')).text);
    expect(account).toContain('Messages syndicaux refusés');
    expect(account).toContain('Vous recevez les messages de toutes les organisations syndicales.');

    const { token } = await unionMessage('Réunion');
    // The browser way: the confirmation page's form, in the teacher's own session.
    await bed.client.get(`/desabonnement/${token}`);
    const done = await bed.client.post(`/desabonnement/${token}`, { 'List-Unsubscribe': 'One-Click' }, { csrf: false });
    expect(done.status).toBe(200);
    expect(visibleText(done.text)).toContain('Désabonnement enregistré');

    const page = await bed.client.get('/account');
    account = visibleText(page.text);
    expect(account).toMatch(new RegExp(`${UNION_NAME} , jusqu’au \\S+ \\d+(er)? \\S+ \\d{4} Recevoir à nouveau les messages de ${UNION_NAME}`));
    const unionId = bed.t.webmel.services.accounts.byAddress('syndicat.sntest-13@ac-test.fr')!.id;
    expect(page.text).toContain(`<form method="post" action="/account/syndicats/${unionId}/recevoir">`);

    // Without the form token: refused, still unsubscribed.
    expect((await bed.client.post(`/account/syndicats/${unionId}/recevoir`, {}, { csrf: false })).status).toBe(403);
    expect(isUnsubscribed()).toBe(true);

    const back = await bed.client.post(`/account/syndicats/${unionId}/recevoir`);
    expect(back.status).toBe(303);
    expect(back.location).toBe('/account');
    expect(isUnsubscribed()).toBe(false);
    account = visibleText((await bed.client.get('/account')).text);
    expect(account).toContain(`Vous recevrez à nouveau les messages de ${UNION_NAME}.`);
    expect(account).toContain('Vous recevez les messages de toutes les organisations syndicales.');
    // Twice: nothing left to take back.
    await bed.client.post(`/account/syndicats/${unionId}/recevoir`);
    expect(visibleText((await bed.client.get('/account')).text)).toContain('Ce refus n’existe plus');
  });
});
