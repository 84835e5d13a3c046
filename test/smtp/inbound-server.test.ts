import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { INBOX } from '../../src/store/mail-store.js';
import { MAX_RECIPIENTS } from '../../src/smtp/inbound-server.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let charlotte: Account;

function inboxRaws(account: Account): string[] {
  const { store } = webmel.services;
  const inbox = store.getMailbox(account.id, INBOX);
  const uids = store.messageIndex(inbox.id).map((m) => m.uid);
  return store.messagesByUids(inbox.id, uids).map((row) => store.raw(row.contentId).toString('latin1'));
}

async function session(): Promise<RawSmtp> {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  expect(await smtp.command('EHLO client.example.org')).toMatch(/^250/);
  return smtp;
}

beforeEach(async () => {
  webmel = await startTestWebmel();
  charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
});

afterEach(async () => {
  await webmel.stop();
});

describe('inbound SMTP', () => {
  it('advertises SIZE, 8BITMIME, PIPELINING, SMTPUTF8 and ENHANCEDSTATUSCODES but no AUTH', async () => {
    const smtp = await RawSmtp.connect(webmel.ports.smtp);
    const ehlo = await smtp.command('EHLO client.example.org');
    expect(ehlo).toContain(`SIZE ${webmel.config.maxMessageBytes}`);
    for (const ext of ['8BITMIME', 'PIPELINING', 'SMTPUTF8', 'ENHANCEDSTATUSCODES']) expect(ehlo).toContain(ext);
    expect(ehlo).not.toContain('AUTH');
    expect(ehlo).not.toContain('STARTTLS');
    smtp.close();
  });

  it('delivers a message sent with nodemailer into the INBOX, byte for byte after the trace headers', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: webmel.ports.smtp, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({
      from: 'Rectorat <dpe@ac-paris.fr>',
      to: 'charlotte.habotte@ac-test.fr',
      subject: 'Réunion de rentrée',
      text: 'Bonjour, la réunion aura lieu lundi.',
    });
    expect(info.accepted).toEqual(['charlotte.habotte@ac-test.fr']);
    const [raw] = inboxRaws(charlotte);
    expect(raw).toMatch(/^Return-Path: <dpe@ac-paris\.fr>\r\nReceived: from \[127\.0\.0\.1\] \(\[127\.0\.0\.1\]\)\r\n\tby mail\.ac-test\.fr \(Webmel\) with ESMTP id [0-9a-f]+\r\n\tfor <charlotte\.habotte@ac-test\.fr>;/);
    expect(raw).toContain('Subject: =?UTF-8?Q?R=C3=A9union_de_rentr=C3=A9e?=');
    const rows = webmel.services.store.messagesByUids(webmel.services.store.getMailbox(charlotte.id, INBOX).id, [1, 2]);
    expect(rows.find((r) => r.subject === 'Réunion de rentrée')).toBeTruthy();
  });

  it('accepts addresses in any case and the login alias', async () => {
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    expect(await smtp.command('RCPT TO:<Charlotte.HABOTTE@AC-TEST.FR>')).toMatch(/^250/);
    expect(await smtp.command('RCPT TO:<chabotte@ac-test.fr>')).toMatch(/^250/);
    const { end } = await smtp.data('Subject: casse\r\n\r\ncorps\r\n');
    expect(end).toMatch(/^250/);
    // Both addresses name the same mailbox: delivered once.
    expect(inboxRaws(charlotte).filter((raw) => raw.includes('Subject: casse'))).toHaveLength(1);
    smtp.close();
  });

  it('answers 550 5.1.1 for an unknown local address', async () => {
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    expect(await smtp.command('RCPT TO:<personne.inconnue@ac-test.fr>')).toMatch(/^550 5\.1\.1 /);
    smtp.close();
  });

  it('answers 554 5.7.1 for another domain: never an open relay', async () => {
    const smtp = await session();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    expect(await smtp.command('RCPT TO:<victim@example.com>')).toMatch(/^554 5\.7\.1 /);
    expect(await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr.example.com>')).toMatch(/^554 5\.7\.1 /);
    expect(await smtp.command('RCPT TO:<"charlotte.habotte@ac-test.fr"@example.com>')).toMatch(/^5\d\d /);
    expect(await smtp.command('RCPT TO:<charlotte.habotte%ac-test.fr@example.com>')).toMatch(/^554 5\.7\.1 /);
    smtp.close();
  });

  it('answers 550 5.2.1 for a disabled account', async () => {
    webmel.services.accounts.disable(charlotte.id);
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    expect(await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr>')).toMatch(/^550 5\.2\.1 /);
    smtp.close();
  });

  it(`answers 452 4.5.3 past ${MAX_RECIPIENTS} recipients`, async () => {
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    // Distinct recipients: the same address twice counts once.
    const accounts = Array.from({ length: MAX_RECIPIENTS + 1 }, () => webmel.addAccount({ prenom: 'Camille', nom: 'Martin' }));
    for (const account of accounts.slice(0, MAX_RECIPIENTS)) {
      expect(await smtp.command(`RCPT TO:<${account.address}>`)).toMatch(/^250/);
    }
    expect(await smtp.command(`RCPT TO:<${accounts[MAX_RECIPIENTS]!.address}>`)).toMatch(/^452 4\.5\.3 /);
    smtp.close();
  });

  it('answers 552 5.3.4 to MAIL FROM with a SIZE above the maximum', async () => {
    const smtp = await session();
    expect(await smtp.command(`MAIL FROM:<a@example.org> SIZE=${webmel.config.maxMessageBytes + 1}`)).toMatch(/^552 5\.3\.4 /);
    smtp.close();
  });

  it('refuses an oversized message with 552 5.3.4 while streaming, and stores nothing', async () => {
    await webmel.stop();
    webmel = await startTestWebmel({ maxMessageBytes: 64 * 1024 });
    charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const before = inboxRaws(charlotte).length;
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr>');
    const { end } = await smtp.data(`Subject: gros\r\n\r\n${'x'.repeat(76) + '\r\n'}`.repeat(2000));
    expect(end).toMatch(/^552 5\.3\.4 /);
    expect(inboxRaws(charlotte)).toHaveLength(before);
    // The connection stays usable.
    expect(await smtp.command('NOOP')).toMatch(/^250/);
    smtp.close();
  });

  it('stores a message with broken MIME and 8-bit bytes in headers exactly as received', async () => {
    // A NUL byte is refused instead (test/regressions/byte-for-byte.test.ts).
    const smtp = await session();
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr>');
    const body = Buffer.concat([
      Buffer.from('Subject: caf\xe9 \xff\x80 nul\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nhalf', 'latin1'),
      Buffer.from('\r\n--zz', 'latin1'),
    ]);
    const { end } = await smtp.data(body);
    expect(end).toMatch(/^250/);
    const raw = inboxRaws(charlotte).find((r) => r.includes('nul'));
    expect(raw).toBeDefined();
    expect(raw!.slice(raw!.indexOf('Subject:'))).toBe(body.toString('latin1') + '\r\n');
    smtp.close();
  });

  it('answers garbage with an error and keeps the connection usable', async () => {
    const smtp = await session();
    expect(await smtp.command('HELLO?')).toMatch(/^5\d\d /);
    expect(await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr>')).toMatch(/^503 /);
    expect(await smtp.command('MAIL FROM:<<<>>>')).toMatch(/^5\d\d /);
    expect(await smtp.command('MAIL FROM:<a@example.org>')).toMatch(/^250/);
    smtp.close();
  });

  it('accepts pipelined commands and answers each in order', async () => {
    const smtp = await session();
    smtp.write('MAIL FROM:<a@example.org>\r\nRCPT TO:<charlotte.habotte@ac-test.fr>\r\nRCPT TO:<nobody@ac-test.fr>\r\nDATA\r\n');
    expect(await smtp.read()).toMatch(/^250/);
    expect(await smtp.read()).toMatch(/^250/);
    expect(await smtp.read()).toMatch(/^550 5\.1\.1/);
    expect(await smtp.read()).toMatch(/^354/);
    smtp.write('Subject: pipeline\r\n\r\nok\r\n.\r\n');
    expect(await smtp.read()).toMatch(/^250/);
    smtp.close();
  });
});
