import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import getTLSOptions from 'smtp-server/lib/tls-options.js';
import { afterEach, describe, expect, it } from 'vitest';
import { INBOX } from '../../src/store/mail-store.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel | undefined;
let cleanup = () => {};
afterEach(async () => {
  await webmel?.stop();
  cleanup();
});

describe('inbound SMTP with a certificate', () => {
  it('starts every service from PEM files, offers STARTTLS and delivers over TLS', async () => {
    const { key, cert } = getTLSOptions();
    const temp = makeTempDir('webmel-tls-');
    cleanup = temp.cleanup;
    fs.writeFileSync(path.join(temp.dir, 'key.pem'), String(key));
    fs.writeFileSync(path.join(temp.dir, 'cert.pem'), String(cert));
    webmel = await startTestWebmel({ tls: { key: path.join(temp.dir, 'key.pem'), cert: path.join(temp.dir, 'cert.pem') } });
    const account = webmel!.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const smtp = await RawSmtp.connect(webmel!.ports.smtp);
    expect(await smtp.command('EHLO remote.example.org')).toContain('STARTTLS');
    smtp.close();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: webmel!.ports.smtp,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    await transport.sendMail({ from: 'a@example.org', to: account.address, subject: 'chiffré', text: 'secret' });
    const { store } = webmel!.services;
    const [row] = store.messagesByUids(store.getMailbox(account.id, INBOX).id, [1]);
    expect(row?.subject).toBe('chiffré');
    expect(store.raw(row!.contentId).toString()).toMatch(/with ESMTPS id/);
  });
});
