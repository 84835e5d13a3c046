import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLAG_FLAGGED } from '../../../src/store/flags.js';
import { htmlMessage, messageWithAttachments, plainMessage, PNG_BASE64 } from '../../helpers/mail-fixtures.js';
import { signedInUser, startWebTest, visibleText, type WebTest } from '../../helpers/web.js';

let t: WebTest;
beforeEach(async () => {
  t = await startWebTest();
});
afterEach(async () => {
  await t.stop();
});

/** The UID of the newest message of the account's INBOX (from the list page). */
async function newestUid(client: Awaited<ReturnType<typeof signedInUser>>['client']): Promise<number> {
  const page = await client.get('/mailboxes/INBOX');
  return Number(/href="\/mailboxes\/INBOX\/messages\/(\d+)"/.exec(page.text)![1]);
}

describe('reading a message', () => {
  it('shows the headers with the date in French, the text escaped and linkified, and marks it read', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({
      subject: 'Réunion <b>importante</b>',
      body: 'Bonjour,\n<script>alert(1)</script>\nVoir https://www.education.gouv.fr/agenda.\n> citation',
      date: 'Tue, 12 Mar 2024 14:05:00 +0100',
    }));
    const uid = await newestUid(client);
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Réunion &lt;b&gt;importante&lt;/b&gt;</h1>');
    expect(visibleText(page.text)).toContain('De Sophie Martin <sophie.martin@ac-test.fr>');
    expect(visibleText(page.text)).toContain('mardi 12 mars 2024 à 14:05');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toMatch(/<a href="https:\/\/www\.education\.gouv\.fr\/agenda"[^>]* target="_blank" rel="noopener noreferrer">https:\/\/www\.education\.gouv\.fr\/agenda<\/a>\./);
    expect(page.text).toContain('<blockquote>citation</blockquote>');
    expect(page.text).not.toContain('<iframe');
    const list = await client.get('/mailboxes/INBOX');
    expect(list.text).not.toContain('class="unread"');
  });

  it('shows « Répondre à » only when replies would go elsewhere than to the sender', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Sans Reply-To', body: 'x' }));
    const plain = await client.get(`/mailboxes/INBOX/messages/${await newestUid(client)}`);
    // IMAP's ENVELOPE repeats From as Reply-To when there is none: not worth a line.
    expect(visibleText(plain.text)).not.toContain('Répondre à Sophie');

    t.deliver(account, plainMessage({ subject: 'Avec Reply-To', body: 'x' }).replace('\nSubject:', '\nReply-To: Inscriptions <inscriptions@exemple.com>\nSubject:'));
    const redirected = await client.get(`/mailboxes/INBOX/messages/${await newestUid(client)}`);
    expect(visibleText(redirected.text)).toContain('Répondre à Inscriptions <inscriptions@exemple.com>');
  });

  it('goes to the older or newer message of the folder, and says so at either end', async () => {
    const { account, client } = await signedInUser(t);
    for (const subject of ['Premier', 'Deuxième', 'Troisième']) t.deliver(account, plainMessage({ subject, body: 'x' }));
    const list = (await client.get('/mailboxes/INBOX')).text;
    const uidOf = (subject: string) => Number(new RegExp(`href="/mailboxes/INBOX/messages/(\\d+)">${subject}<`).exec(list)![1]);
    const [first, second, third] = [uidOf('Premier'), uidOf('Deuxième'), uidOf('Troisième')];

    const page = await client.get(`/mailboxes/INBOX/messages/${second}`);
    expect(page.text).toContain(`href="/mailboxes/INBOX/messages/${second}/older"`);
    expect(page.text).toContain(`href="/mailboxes/INBOX/messages/${second}/newer"`);
    expect((await client.get(`/mailboxes/INBOX/messages/${second}/older`)).location).toBe(`/mailboxes/INBOX/messages/${first}`);
    expect((await client.get(`/mailboxes/INBOX/messages/${second}/newer`)).location).toBe(`/mailboxes/INBOX/messages/${third}`);

    const oldest = await client.get(`/mailboxes/INBOX/messages/${first}/older`);
    expect(oldest.location).toBe(`/mailboxes/INBOX/messages/${first}`);
    expect(visibleText((await client.get(oldest.location!)).text)).toContain('C’est le message le plus ancien de ce dossier.');
    await client.get(`/mailboxes/INBOX/messages/${third}/newer`);
    expect(visibleText((await client.get(`/mailboxes/INBOX/messages/${third}`)).text)).toContain('C’est le message le plus récent de ce dossier.');

    // A message gone from between them is stepped over; from a message gone, back to the list.
    await client.post(`/mailboxes/INBOX/messages/${second}/actions`, { action: 'delete' });
    expect((await client.get(`/mailboxes/INBOX/messages/${first}/newer`)).location).toBe(`/mailboxes/INBOX/messages/${third}`);
    expect((await client.get(`/mailboxes/INBOX/messages/${second}/older`)).location).toBe('/mailboxes/INBOX');
    expect((await client.get(`/mailboxes/Nope/messages/${first}/older`)).status).toBe(404);
    expect((await client.get(`/mailboxes/INBOX/messages/0/older`)).status).toBe(404);
  });

  it('opened again once read, shows its flags as they are (here: followed)', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Sortie scolaire', body: 'Départ à 8 h.' }));
    const uid = await newestUid(client);
    const first = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(first.text).toContain('aria-pressed="false">Suivre</button>');
    const inbox = t.webmel.services.store.getMailbox(account.id, 'INBOX')!;
    t.webmel.services.store.storeFlags(inbox.id, [uid], 'add', FLAG_FLAGGED, []);
    const again = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(again.text).toContain('aria-pressed="true">Ne plus suivre</button>');
  });

  it('marks read a message with no text to show, and counts it read in the folder list', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, [
      'From: Secrétariat <secretariat@ac-test.fr>',
      'To: claire.fontaine@ac-test.fr',
      'Subject: Emploi du temps',
      'MIME-Version: 1.0',
      'Content-Type: application/pdf; name="edt.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 emploi du temps').toString('base64'),
    ].join('\n'));
    const uid = await newestUid(client);
    expect((await client.get('/mailboxes/INBOX')).text).toContain('Boîte de réception, 1 non lu');
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('edt.pdf');
    const inbox = t.webmel.services.store.getMailbox(account.id, 'INBOX')!;
    expect(t.webmel.services.store.counts(inbox.id).unseen).toBe(0);
    const list = await client.get('/mailboxes/INBOX');
    expect(list.text).not.toContain('class="unread"');
    expect(list.text).toContain('aria-label="Boîte de réception"');
  });

  it('shows the whole text of a message larger than what the first FETCH asks for', async () => {
    const { account, client } = await signedInUser(t);
    const lines = Array.from({ length: 2000 }, (_, i) => `Ligne ${i + 1} du compte rendu du conseil d’école.`);
    t.deliver(account, plainMessage({ subject: 'Compte rendu', body: lines.join('\n') }));
    const page = await client.get(`/mailboxes/INBOX/messages/${await newestUid(client)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ligne 1 du compte rendu');
    expect(page.text).toContain('Ligne 2000 du compte rendu');
  });

  it('marks mail from outside the académies with a banner', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, plainMessage({ subject: 'Offre', body: 'x', from: 'Vendeur <promo@exemple.com>' }));
    const outside = await client.get(`/mailboxes/INBOX/messages/${await newestUid(client)}`);
    expect(visibleText(outside.text)).toContain('Message provenant de l’extérieur');
    t.deliver(account, plainMessage({ subject: 'Collègue', body: 'x', from: 'IEN <ien@ac-aix-marseille.fr>' }));
    const inside = await client.get(`/mailboxes/INBOX/messages/${await newestUid(client)}`);
    expect(visibleText(inside.text)).not.toContain('Message provenant de l’extérieur');
  });

  it('shows an HTML body only in a sandboxed frame served with its own strict CSP', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, htmlMessage({
      subject: 'Lettre',
      html: '<p onclick="steal()">Bonjour <a href="https://exemple.fr/x">lien</a></p><script>steal()</script><img src="https://tracker.example/p.gif"><form action="https://evil.example"><input></form>',
    }));
    const uid = await newestUid(client);
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    const frame = /<iframe[^>]*>/.exec(page.text)![0];
    expect(frame).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(frame).not.toContain('allow-scripts');
    expect(frame).not.toContain('allow-same-origin');
    expect(frame).toContain(`src="/mailboxes/INBOX/messages/${uid}/body"`);
    expect(page.text).not.toContain('steal()');

    const body = await client.get(`/mailboxes/INBOX/messages/${uid}/body`);
    const csp = body.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'/);
    expect(csp).not.toContain('allow-scripts');
    expect(body.headers.get('x-content-type-options')).toBe('nosniff');
    expect(body.headers.get('referrer-policy')).toBe('no-referrer');
    expect(body.text).not.toContain('steal()');
    expect(body.text).not.toContain('onclick');
    expect(body.text).not.toContain('<form');
    expect(body.text).not.toContain('tracker.example');
    expect(body.text).toContain('title="https://exemple.fr/x"');
    expect(body.text).toContain('rel="noopener noreferrer"');
  });

  it('blocks remote images until « Afficher les images », for this message or always for the sender', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, htmlMessage({ subject: 'Newsletter', html: '<p>Infos</p><img src="https://images.example/banniere.png" alt="bannière">' }));
    const uid = await newestUid(client);
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(visibleText(page.text)).toContain('Une image distante a été bloquée');
    expect(page.text).toContain(`href="/mailboxes/INBOX/messages/${uid}?images=1"`);
    const shown = await client.get(`/mailboxes/INBOX/messages/${uid}?images=1`);
    expect(shown.text).toContain(`src="/mailboxes/INBOX/messages/${uid}/body?images=1"`);
    const body = await client.get(`/mailboxes/INBOX/messages/${uid}/body?images=1`);
    expect(body.text).toContain('src="https://images.example/banniere.png"');
    expect(body.headers.get('content-security-policy')).toContain('img-src data: cid: https: http:');

    // « Toujours pour cet expéditeur »
    await client.post('/account/trusted-senders', { address: 'lettre@education.gouv.fr', back: `/mailboxes/INBOX/messages/${uid}` });
    const trusted = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(visibleText(trusted.text)).not.toContain('image distante a été bloquée');
    expect((await client.get(`/mailboxes/INBOX/messages/${uid}/body`)).text).toContain('images.example');
    expect(visibleText((await client.get('/account')).text)).toContain('lettre@education.gouv.fr');
  });

  it('shows cid: images inline as data: URLs inside the frame', async () => {
    const { account, client } = await signedInUser(t);
    t.deliver(account, messageWithAttachments({
      subject: 'Avec logo',
      html: '<p>Logo : <img src="cid:logo@ecole" alt="logo"></p>',
      attachments: [{ filename: 'logo.png', contentType: 'image/png', base64: PNG_BASE64, contentId: 'logo@ecole', inline: true }],
    }));
    const uid = await newestUid(client);
    const body = await client.get(`/mailboxes/INBOX/messages/${uid}/body`);
    expect(body.text).toContain(`src="data:image/png;base64,${PNG_BASE64}"`);
    const page = await client.get(`/mailboxes/INBOX/messages/${uid}`);
    expect(page.text).not.toContain('Pièces jointes');
  });
});
