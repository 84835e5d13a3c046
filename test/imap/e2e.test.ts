// End to end: mail sent with nodemailer to the SMTP port is read over IMAP byte for byte, found
// by SEARCH, and announced live to a session that is already watching the INBOX.
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { found, MessageTestbed } from '../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
});
afterEach(async () => bed.stop());

async function send(options: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: bed.webmel.ports.smtp, secure: false, ignoreTLS: true });
  const info = await transport.sendMail(options);
  expect(info.accepted).toEqual([bed.account.address]);
  transport.close();
}

describe('SMTP in, IMAP out', () => {
  it('fetches a message sent with nodemailer byte-identical to what the store holds', async () => {
    const watcher = await bed.raw('INBOX');
    await send({
      from: 'Rectorat <dpe@ac-paris.fr>',
      to: bed.account.address,
      subject: 'Réunion de rentrée — ordre du jour',
      text: 'Bonjour,\n\nla réunion aura lieu lundi à 17 h.\n',
      html: '<p>Bonjour,</p><p>la réunion aura lieu <b>lundi</b> à 17 h.</p>',
      attachments: [{ filename: 'ordre-du-jour.pdf', content: Buffer.from('%PDF-1.4 ordre du jour'), contentType: 'application/pdf' }],
    });
    // The session that was watching learns about it at its next command.
    expect(await watcher.command('w1 NOOP')).toEqual(['* 1 EXISTS', '* 1 RECENT', expect.stringMatching(/^w1 OK/)]);

    const { store } = bed.webmel.services;
    const [row] = store.messagesByUids(bed.mailbox().id, [1]);
    const stored = store.raw(row!.contentId);

    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const message = found(await client.fetchOne('1', { source: true, envelope: true, bodyStructure: true, size: true, flags: true }));
    expect(message.source!.equals(stored)).toBe(true);
    expect(message.size).toBe(stored.length);
    expect(message.envelope!.subject).toBe('Réunion de rentrée — ordre du jour');
    expect(message.envelope!.from).toEqual([{ name: 'Rectorat', address: 'dpe@ac-paris.fr' }]);
    expect(message.bodyStructure!.type).toBe('multipart/mixed');
    // BODY.PEEK[] left it unread.
    expect(message.flags!.has('\\Seen')).toBe(false);

    // The attachment, decoded by the client from BODY[2].
    const { content } = await client.download('1', '2');
    const chunks: Buffer[] = [];
    for await (const chunk of found(content)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1.4 ordre du jour');

    expect(await client.search({ subject: 'reunion' }, { uid: true })).toEqual([1]);
    expect(await client.search({ body: 'lundi' }, { uid: true })).toEqual([1]);
    expect(await client.search({ from: 'ac-paris' }, { uid: true })).toEqual([1]);
  });
});
