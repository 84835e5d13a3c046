/**
 * Writing mail from the webmail: compose with an attachment and send through our submission
 * port (the colleague's INBOX gets it byte for byte once the undo window has passed), the copy
 * in Envoyés, reply and reply to all (threading headers, quoting, \Answered), forward inline
 * and as an attachment ($Forwarded), the directory's suggestions and the signature.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_UNDO_SEND_MS } from '../../src/web/compose/compose-deps.js';
import { MAX_SIGNATURE_CHARS } from '../../src/preferences/signature-store.js';
import { composeId, formFields, HX, newComposition, postMultipart, startComposeTest, visibleText, type ComposeTest } from '../helpers/compose.js';

let t: ComposeTest;

beforeEach(async () => {
  t = await startComposeTest();
});
afterEach(async () => {
  await t.stop();
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('compose and send', () => {
  it('sends a message with an attachment that reaches the colleague byte for byte, after the undo window', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const { account: nadia } = t.user({ prenom: 'Nadia', nom: 'Benali' });
    const id = await newComposition(client);
    const file = randomBytes(300 * 1024 + 7);
    const upload = await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'Compte rendu – réunion.pdf', type: 'application/pdf', content: file }], { csrf: 'header', headers: HX });
    expect(upload.status).toBe(200);
    expect(upload.text).toContain('Compte rendu – réunion.pdf');
    expect(upload.text).toMatch(/\(300(,\d)? ko\)/);

    const sent = await postMultipart(client, `/compose/${id}`, {
      action: 'send',
      to: `Marc Lefèvre <${marc.address}>`,
      bcc: nadia.address,
      subject: 'Conseil des maîtres – ordre du jour',
      text: 'Bonjour Marc,\n\nVoici le compte rendu.\n\nClaire',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/compose/${id}/sent`);

    // Held for « Annuler »: nothing has left yet.
    await t.deliverDue(0);
    expect(t.folder(marc, 'INBOX')).toHaveLength(0);
    const banner = await client.get(`/compose/${id}/sent`);
    expect(visibleText(banner.text)).toContain('Message envoyé — Annuler');

    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const [received] = t.folder(marc, 'INBOX');
    expect(received).toBeDefined();
    const mail = await t.parsed(received!);
    expect(mail.subject).toBe('Conseil des maîtres – ordre du jour');
    expect(mail.from?.value[0]).toEqual({ name: 'Claire Fontaine', address: claire.address });
    expect(mail.text).toContain('Voici le compte rendu.');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('Compte rendu – réunion.pdf');
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(sha(mail.attachments[0]!.content)).toBe(sha(file));
    // RFC 5322 3.6.3: Bcc recipients get it, nobody sees them.
    expect(received!.raw.toString('latin1')).not.toMatch(/^Bcc:/im);
    expect(received!.raw.toString('latin1')).not.toMatch(/^X-Webmel-Send-After:/im);
    expect(t.folder(nadia, 'INBOX')).toHaveLength(1);

    // The copy in Envoyés keeps the Bcc, read; the composition left no draft.
    const [copy] = t.folder(claire, 'Envoyés');
    expect(copy!.flags).toContain('\\Seen');
    expect(copy!.raw.toString('latin1')).toMatch(/^Bcc: nadia\.benali@ac-test\.fr/im);
    expect(sha((await t.parsed(copy!)).attachments[0]!.content)).toBe(sha(file));
    expect(t.folder(claire, 'Brouillons')).toHaveLength(0);
  });

  it('sends rich text through the received-mail sanitiser, with its plain-text twin', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}`, {
      to: marc.address,
      subject: 'Mise en forme',
      format: 'html',
      html: '<p>Bonjour <b>Marc</b>,</p><ul><li>un</li></ul><script>alert(1)</script><img src="x" onerror="alert(1)"><a href="javascript:alert(1)">piège</a><a href="https://www.education.gouv.fr/">lien</a><div hx-get="/logout">x</div>',
      text: 'Bonjour Marc,\n- un',
      action: 'send',
    });
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const mail = await t.parsed(t.folder(marc, 'INBOX')[0]!);
    expect(mail.text?.trim()).toBe('Bonjour Marc,\n- un');
    const htmlPart = String(mail.html);
    expect(htmlPart).toContain('<b>Marc</b>');
    expect(htmlPart).toContain('<li>un</li>');
    expect(htmlPart).toContain('href="https://www.education.gouv.fr/"');
    for (const bad of ['<script', 'onerror', 'javascript:', 'hx-get', 'src="x"']) expect(htmlPart).not.toContain(bad);
  });

  it('opens a new composition with the signature under the RFC 3676 separator', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const page = await client.get('/compose/signature');
    expect(page.status).toBe(200);
    const saved = await client.post('/compose/signature', { signature: 'Claire Fontaine\r\nÉcole Jules-Ferry' });
    expect(saved.status).toBe(303);
    const id = await newComposition(client);
    const fields = formFields((await client.get(`/compose/${id}`)).text);
    expect(fields.text).toBe('\n\n-- \nClaire Fontaine\nÉcole Jules-Ferry\n');
    // Bounded and cleaned: MAX_SIGNATURE_CHARS, no control characters.
    await client.post('/compose/signature', { signature: `a\u0000b${'x'.repeat(5000)}` });
    const long = formFields((await client.get(`/compose/${await newComposition(client)}`)).text).text!;
    expect(long).toBe(`\n\n-- \nab${'x'.repeat(MAX_SIGNATURE_CHARS - 2)}\n`);
  });

  it('renders the compose page with labelled fields, the combobox hooks and the autosave trigger', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const start = await client.get('/compose');
    expect(start.status).toBe(303);
    const page = await client.get(start.location!);
    expect(page.status).toBe(200);
    for (const id of ['compose-to', 'compose-cc', 'compose-bcc', 'compose-subject', 'compose-text', 'compose-files']) {
      expect(page.text).toContain(`for="${id}"`);
    }
    expect(page.text).toContain('hx-trigger="input changed delay:250ms"');
    expect(page.text).toContain('hx-trigger="every 30s"');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('Envoyer plus tard');
  });
});

describe('reply and forward', () => {
  const parent = (to: string, cc: string) => `From: Marc Lefèvre <marc.lefevre@ac-test.fr>
To: ${to}
Cc: ${cc}
Subject: RE: Sortie au musée
Message-ID: <parent-2@ac-test.fr>
In-Reply-To: <root-1@ac-test.fr>
References: <root-1@ac-test.fr>
Date: Tue, 10 Mar 2026 14:05:00 +0100
Content-Type: text/plain; charset=utf-8

Bonjour,
Le car part à 8 h 30.
> Quelle heure ?
`;

  it('threads a reply: Re: once, In-Reply-To and References, the quote, and \\Answered on the original', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    t.deliver(claire, parent(claire.address, ''));
    const start = await client.get('/mailboxes/INBOX/messages/1/reply');
    expect(start.status).toBe(303);
    const id = composeId(start.location);
    const fields = formFields((await client.get(`/compose/${id}`)).text);
    expect(fields.to).toBe(`Marc Lefèvre <${marc.address}>`);
    expect(fields.subject).toBe('Re: Sortie au musée');
    expect(fields.text).toContain('Marc Lefèvre <marc.lefevre@ac-test.fr> a écrit :\n> Bonjour,\n> Le car part à 8 h 30.\n>> Quelle heure ?');
    expect(fields.text).toMatch(/^\n\nLe mardi 10 mars 2026 à 14:05, /);

    const sent = await postMultipart(client, `/compose/${id}`, { ...fields, action: 'send', text: `Merci !\n${fields.text}` });
    expect(sent.status).toBe(303);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const [reply] = t.folder(marc, 'INBOX');
    const mail = await t.parsed(reply!);
    expect(mail.inReplyTo).toBe('<parent-2@ac-test.fr>');
    expect(mail.references).toEqual(['<root-1@ac-test.fr>', '<parent-2@ac-test.fr>']);
    expect(mail.subject).toBe('Re: Sortie au musée');
    expect(t.folder(claire, 'INBOX')[0]!.flags).toContain('\\Answered');
  });

  it('replies to all without the sender herself, keeping the other recipients in Cc', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.deliver(claire, parent(`${claire.address}, Émilie Girard <emilie.girard@ac-test.fr>`, `Paul Roux <paul.roux@ac-test.fr>, ${claire.address.toUpperCase()}`));
    const start = await client.get('/mailboxes/INBOX/messages/1/reply-all');
    const fields = formFields((await client.get(start.location!)).text);
    expect(fields.to).toBe('Marc Lefèvre <marc.lefevre@ac-test.fr>, Émilie Girard <emilie.girard@ac-test.fr>');
    expect(fields.cc).toBe('Paul Roux <paul.roux@ac-test.fr>');
  });

  it('forwards inline with the files and as an attachment (message/rfc822), setting $Forwarded', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: emilie } = t.user({ prenom: 'Émilie', nom: 'Girard' });
    const pdf = randomBytes(5000);
    t.deliver(
      claire,
      `From: Marc Lefèvre <marc.lefevre@ac-test.fr>
To: ${claire.address}
Subject: Fiche d'inscription
Message-ID: <fiche@ac-test.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

La fiche est jointe.
--b
Content-Type: application/pdf; name="fiche.pdf"
Content-Disposition: attachment; filename="fiche.pdf"
Content-Transfer-Encoding: base64

${pdf.toString('base64').replace(/.{76}/g, '$&\n')}
--b--
`,
    );
    const inline = await client.get('/mailboxes/INBOX/messages/1/forward');
    const inlineId = composeId(inline.location);
    const page = (await client.get(`/compose/${inlineId}`)).text;
    const fields = formFields(page);
    expect(fields.subject).toBe("Tr: Fiche d'inscription");
    expect(fields.text).toContain('-------- Message transféré --------\nObjet : Fiche d\'inscription');
    expect(fields.text).toContain('La fiche est jointe.');
    expect(page).toContain('fiche.pdf');
    await postMultipart(client, `/compose/${inlineId}`, { ...fields, to: emilie.address, action: 'send' });

    const attached = await client.get('/mailboxes/INBOX/messages/1/forward-attached');
    const attachedId = composeId(attached.location);
    const attachedFields = formFields((await client.get(`/compose/${attachedId}`)).text);
    await postMultipart(client, `/compose/${attachedId}`, { ...attachedFields, to: emilie.address, action: 'send' });

    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const [first, second] = await Promise.all(t.folder(emilie, 'INBOX').map((m) => t.parsed(m)));
    expect(sha(first!.attachments[0]!.content)).toBe(sha(pdf));
    expect(first!.attachments[0]!.filename).toBe('fiche.pdf');
    expect(second!.attachments[0]!.contentType).toBe('message/rfc822');
    expect(second!.attachments[0]!.filename).toBe("Fiche d'inscription.eml");
    expect(second!.attachments[0]!.content.toString()).toContain('Message-ID: <fiche@ac-test.fr>');
    expect(t.folder(claire, 'INBOX')[0]!.flags).toContain('$Forwarded');
  });

  it('answers 404 when replying to a message that does not exist', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    expect((await client.get('/mailboxes/INBOX/messages/99/reply')).status).toBe(404);
    expect((await client.get('/mailboxes/Nulle-part/messages/1/forward')).status).toBe(404);
  });
});

describe('directory suggestions', () => {
  it('suggests colleagues by name, fonction or school, accents and case ignored, disabled accounts left out', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    t.user({ prenom: 'Charlotte', nom: 'Habotté', fonction: 'professeure des écoles', uai: '0131234W' });
    t.user({ prenom: 'Christophe', nom: 'Habotte', fonction: 'professeur certifié de mathématiques' });
    const gone = t.user({ prenom: 'Hubert', nom: 'Habotte' });
    t.webmel.services.accounts.disable(gone.account.id);

    const json = await fetch(`${t.base}/directory/search?q=HABOTTE`, { headers: { cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; ') } });
    const found = (await json.json()) as Array<{ kind: string; prenom: string; nom: string; adresse: string; fonction: string | null; uai: string | null }>;
    expect(found.map((f) => `${f.prenom} ${f.nom}`).sort()).toEqual(['Charlotte Habotté', 'Christophe Habotte']);
    expect(found.find((f) => f.prenom === 'Charlotte')).toMatchObject({ kind: 'person', adresse: 'charlotte.habotte@ac-test.fr', fonction: 'professeure des écoles', uai: '0131234W' });

    const byFonction = await client.get('/directory/suggestions?field=cc&cc=' + encodeURIComponent('Jean Dupont <jean.dupont@ac-test.fr>, mathé'), HX);
    expect(byFonction.text).toContain('role="option"');
    expect(byFonction.text).toContain('id="compose-cc-opt-0"');
    expect(byFonction.text).toContain('data-value="Christophe Habotte &lt;christophe.habotte@ac-test.fr&gt;"');
    expect(byFonction.text).not.toContain('Charlotte');

    const bySchool = await client.get('/directory/suggestions?field=to&to=0131234', HX);
    expect(visibleText(bySchool.text)).toContain('Charlotte Habotté charlotte.habotte@ac-test.fr professeure des écoles · UAI 0131234W');
  });

  it('needs a signed-in user', async () => {
    const anonymous = await fetch(`${t.base}/directory/search?q=hab`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
  });
});
