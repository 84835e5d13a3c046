/**
 * Bad input on the compose side: header injection through the subject, names and addresses is
 * impossible; invalid addresses are reported per field in French; uploads over the limit are
 * refused (counting the base64 growth) without being kept; the copy in Envoyés that would not
 * fit is announced, and sending without it works; forged requests are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIB } from '../../../src/config.js';
import { DEFAULT_UNDO_SEND_MS } from '../../../src/web/compose/compose-deps.js';
import { largestFileThatFits } from '../../../src/web/compose/upload-limits.js';
import { HX, newComposition, postMultipart, startComposeTest, visibleText, type ComposeTest } from '../../helpers/compose.js';

let t: ComposeTest;

afterEach(async () => {
  await t.stop();
});

function leftovers(dataDir: string): string[] {
  const root = path.join(dataDir, 'compose');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => path.basename(name).startsWith('upload-'));
}

describe('header injection', () => {
  beforeEach(async () => {
    t = await startComposeTest();
  });

  it('keeps a subject with CR LF on one line: no added header, no extra recipient', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const { account: evil } = t.user({ prenom: 'Eve', nom: 'Espionne' });
    const id = await newComposition(client);
    const sent = await postMultipart(client, `/compose/${id}`, {
      to: marc.address,
      subject: `Bonjour\r\nBcc: ${evil.address}\r\nX-Injected: oui`,
      text: 'Texte',
      action: 'send',
    });
    expect(sent.status).toBe(303);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const [mail] = t.folder(marc, 'INBOX');
    const header = mail!.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(header).not.toMatch(/^X-Injected:/im);
    expect(header).not.toMatch(/^Bcc:/im);
    expect((await t.parsed(mail!)).subject).toBe(`Bonjour Bcc: ${evil.address} X-Injected: oui`);
    expect(t.folder(evil, 'INBOX')).toHaveLength(0);
  });

  it('refuses CR LF in address fields and display names, naming the field, and sends nothing', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const { account: evil } = t.user({ prenom: 'Eve', nom: 'Espionne' });
    const id = await newComposition(client);
    for (const [name, value, label] of [
      ['to', `${marc.address}\r\nBcc: ${evil.address}`, 'À'],
      ['cc', `"Marc\r\nX-Injected: 1" <${marc.address}>`, 'Cc'],
      ['bcc', `${marc.address}\n`, 'Cci'],
    ] as const) {
      const refused = await postMultipart(client, `/compose/${id}`, { to: marc.address, [name]: value, subject: 'x', text: 'x', action: 'send' });
      expect(refused.status).toBe(422);
      expect(visibleText(refused.text)).toContain(`Le champ « ${label} » contient des caractères interdits`);
    }
    await t.deliverDue(DEFAULT_UNDO_SEND_MS * 10);
    expect(t.folder(marc, 'INBOX')).toHaveLength(0);
    expect(t.folder(evil, 'INBOX')).toHaveLength(0);
  });

  it('reports each invalid address with its own field, in French', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const refused = await postMultipart(client, `/compose/${id}`, { to: 'jean@', cc: 'pas une adresse', bcc: '', subject: 'x', text: 'x', action: 'send' });
    expect(refused.status).toBe(422);
    const text = visibleText(refused.text);
    expect(text).toContain('Adresse invalide dans le champ « À » : « jean@ »');
    expect(text).toContain('Adresse invalide dans le champ « Cc » : « pas une adresse »');
    expect(refused.text).toMatch(/id="compose-to"[^>]*aria-invalid="true"/);
    expect(refused.text).toMatch(/id="compose-cc"[^>]*aria-invalid="true"/);
    const empty = await postMultipart(client, `/compose/${id}`, { to: '', subject: 'x', text: 'x', action: 'send' });
    expect(visibleText(empty.text)).toContain('Indiquez au moins un destinataire.');
  });

  it('refuses a multipart POST without the CSRF token, or from another site', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    expect((await postMultipart(client, `/compose/${id}`, { to: 'a@example.org', action: 'send' }, [], { csrf: false })).status).toBe(403);
    expect((await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'a', content: Buffer.from('a') }], { csrf: 'header', headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});

describe('attachment limits', () => {
  const max = 1 * MIB;

  beforeEach(async () => {
    t = await startComposeTest({ maxMessageBytes: max });
  });

  it('refuses a file over the limit with a French message, keeps nothing of it, and accepts one that fits', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const room = largestFileThatFits(max, []);
    // Under the limit in bytes, over it once base64-encoded.
    const tooBig = Buffer.alloc(Math.floor(max * 0.9), 1);
    expect(tooBig.length).toBeGreaterThan(room);
    const refused = await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'vidéo.mp4', content: tooBig }], { csrf: 'header', headers: HX });
    expect(refused.status).toBe(413);
    const text = visibleText(refused.text);
    expect(text).toContain('La pièce jointe « vidéo.mp4 »');
    expect(text).toContain('est trop volumineuse : un message ne peut pas dépasser 1 Mo');
    expect(text).toContain('environ un tiers');
    expect(refused.text).not.toContain('attachment-list');
    expect(leftovers(t.webmel.config.dataDir)).toEqual([]);

    const fits = await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'juste.bin', content: Buffer.alloc(room, 2) }], { csrf: 'header', headers: HX });
    expect(fits.status).toBe(200);
    expect(fits.text).toContain('juste.bin');
    // Nothing is left for a second file.
    const second = await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'un-octet.txt', content: Buffer.from('x') }], { csrf: 'header', headers: HX });
    expect(second.status).toBe(413);
    expect(leftovers(t.webmel.config.dataDir)).toEqual([]);
  });

  it('counts several files together, and the message that fits is sent whole', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    const id = await newComposition(client);
    // Three thirds of the room do not fit: each part has its own headers.
    const third = Buffer.alloc(Math.floor(largestFileThatFits(max, []) / 3), 3);
    const both = await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'a.bin', content: third }, { name: 'b.bin', content: third }, { name: 'c.bin', content: third }], { csrf: 'header', headers: HX });
    expect(both.status).toBe(413);
    expect(both.text).toContain('a.bin');
    expect(both.text).toContain('b.bin');
    expect(visibleText(both.text)).toContain('La pièce jointe « c.bin »');
    const sent = await postMultipart(client, `/compose/${id}`, { to: marc.address, subject: 'Deux fichiers', text: 'x', action: 'send' });
    expect(sent.status).toBe(303);
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    const mail = await t.parsed(t.folder(marc, 'INBOX')[0]!);
    expect(mail.attachments.map((a) => a.content.length)).toEqual([third.length, third.length]);
  });

  it('refuses a request announced far over the limit before reading it', async () => {
    const { client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const id = await newComposition(client);
    const response = await fetch(`${client.base}/compose/${id}/attachments`, {
      method: 'POST',
      headers: {
        cookie: [...client.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
        origin: client.base,
        'sec-fetch-site': 'same-origin',
        'X-CSRF-Token': client.csrf,
        'HX-Request': 'true',
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(100 * MIB),
      },
      body: '--x--\r\n',
    }).catch((err: unknown) => err);
    // Either the 413 answer, or the connection closed on the liar: never a 2xx.
    if (response instanceof Response) {
      expect(response.status).toBe(413);
      expect(visibleText(await response.text())).toContain('trop volumineuse');
    }
    expect(leftovers(t.webmel.config.dataDir)).toEqual([]);
  });
});

describe('quota and the copy in Envoyés', () => {
  beforeEach(async () => {
    t = await startComposeTest({ quotaBytes: 64 * 1024 });
  });

  it('says the copy would not fit, and sends without it when asked; the sender’s quota never blocks sending', async () => {
    const { account: claire, client } = await t.signedIn({ prenom: 'Claire', nom: 'Fontaine' });
    const { account: marc } = t.user({ prenom: 'Marc', nom: 'Lefèvre' });
    // Claire's box is nearly full.
    t.deliver(claire, `From: a@example.org\nTo: ${claire.address}\nSubject: gros\n\n${'x'.repeat(60 * 1024)}\n`);
    const id = await newComposition(client);
    await postMultipart(client, `/compose/${id}/attachments`, {}, [{ name: 'photo.jpg', content: Buffer.alloc(20 * 1024, 7) }], { csrf: 'header', headers: HX });
    const fields = { to: marc.address, subject: 'Photo', text: 'La voici.' };
    const warned = await postMultipart(client, `/compose/${id}`, { ...fields, action: 'send' });
    expect(warned.status).toBe(409);
    expect(visibleText(warned.text)).toContain('ne tient pas dans votre boîte');
    expect(warned.text).toContain('value="send-without-copy"');
    await t.deliverDue(DEFAULT_UNDO_SEND_MS * 10);
    expect(t.folder(marc, 'INBOX')).toHaveLength(0);

    const sent = await postMultipart(client, `/compose/${id}`, { ...fields, action: 'send-without-copy' });
    expect(sent.status).toBe(303);
    expect(visibleText((await client.get(sent.location!)).text)).toContain('Aucune copie n’a été gardée dans Envoyés.');
    await t.deliverDue(DEFAULT_UNDO_SEND_MS + 1000);
    expect(t.folder(marc, 'INBOX')).toHaveLength(1);
    expect(t.folder(claire, 'Envoyés')).toHaveLength(0);
  });
});
