import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import getTLSOptions from 'smtp-server/lib/tls-options.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { SERVICE_LOGIN } from '../../src/accounts/authenticate.js';
import { MAX_FAILURES_PER_PAIR } from '../../src/accounts/failure-limiter.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { INBOX } from '../../src/store/mail-store.js';
import { SendingLimiter } from '../../src/smtp/sending-limits.js';
import { scheduledQueueId } from '../../src/outbound/held-sending.js';
import { createSubmissionServer } from '../../src/smtp/submission-server.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startHarness, TEST_PASSWORD, type HarnessOptions, type SubmissionHarness } from '../helpers/submission.js';

let h: SubmissionHarness;
let charlotte: Account;
let marc: Account;

async function start(options: HarnessOptions = {}): Promise<void> {
  h = await startHarness(options);
  charlotte = h.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  marc = h.addAccount({ prenom: 'Marc', nom: 'Durand' });
}

afterEach(async () => {
  await h.stop();
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A raw session, signed in as Charlotte with AUTH PLAIN. */
async function signedIn(): Promise<RawSmtp> {
  const smtp = await RawSmtp.connect(h.port);
  expect(await smtp.command('EHLO client.example.org')).toMatch(/^250/);
  expect(await smtp.command(`AUTH PLAIN ${b64(`\0chabotte\0${TEST_PASSWORD}`)}`)).toMatch(/^235/);
  return smtp;
}

function message(headers: string, body = 'Bonjour,\r\nà demain.\r\n'): string {
  return `${headers.replace(/\n/g, '\r\n')}\r\n\r\n${body}`;
}

describe('submission: authentication', () => {
  beforeEach(() => start());

  it('offers AUTH PLAIN LOGIN and answers 530 5.7.0 to MAIL before AUTH', async () => {
    const smtp = await RawSmtp.connect(h.port);
    expect(await smtp.command('EHLO client.example.org')).toMatch(/AUTH PLAIN LOGIN/);
    expect(await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>')).toMatch(/^530 5\.7\.0 /);
    smtp.close();
  });

  it('signs in with nodemailer (LOGIN by login, PLAIN by address) and delivers to a colleague', async () => {
    for (const [user, method] of [
      ['chabotte', 'LOGIN'],
      ['Charlotte.Habotte@ac-test.fr', 'PLAIN'],
    ] as const) {
      const info = await h.transport(user, TEST_PASSWORD, { authMethod: method }).sendMail({
        from: 'Charlotte Habotté <charlotte.habotte@ac-test.fr>',
        to: 'marc.durand@ac-test.fr',
        subject: `Conseil de cycle ${method}`,
        text: 'Bonjour Marc',
      });
      expect(info.accepted).toEqual(['marc.durand@ac-test.fr']);
      expect(info.response).toMatch(/^250 2\.0\.0 /);
    }
    const inbox = h.inbox(marc);
    expect(inbox).toHaveLength(2);
    expect(inbox[0]).toContain('Subject: Conseil de cycle LOGIN');
  });

  it('answers 535 5.7.8 to a wrong password', async () => {
    await expect(
      h.transport('chabotte', 'mauvais').sendMail({ from: charlotte.address, to: marc.address, text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 535, response: expect.stringMatching(/^535 5\.7\.8 /) });
  });

  it('answers 454 4.7.0 once the shared failure limit is reached from this address, even to the right password', async () => {
    const smtp = await RawSmtp.connect(h.port);
    await smtp.command('EHLO client.example.org');
    for (let i = 0; i < MAX_FAILURES_PER_PAIR; i++) {
      expect(await smtp.command(`AUTH PLAIN ${b64('\0chabotte\0faux')}`)).toMatch(/^535 5\.7\.8 /);
    }
    expect(await smtp.command(`AUTH PLAIN ${b64(`\0chabotte\0${TEST_PASSWORD}`)}`)).toMatch(/^454 4\.7\.0 /);
    smtp.close();
  });

  it('lets the webmail service identity act for a user (PLAIN with authzid), and only as that user', async () => {
    const smtp = await RawSmtp.connect(h.port);
    await smtp.command('EHLO webmail.local');
    expect(await smtp.command(`AUTH PLAIN ${b64(`chabotte\0${SERVICE_LOGIN}\0${h.config.serviceSecret}`)}`)).toMatch(/^235/);
    expect(await smtp.command('MAIL FROM:<marc.durand@ac-test.fr>')).toMatch(/^553 5\.7\.1 /);
    expect(await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>')).toMatch(/^250/);
    smtp.close();
    const other = await RawSmtp.connect(h.port);
    await other.command('EHLO webmail.local');
    expect(await other.command(`AUTH PLAIN ${b64(`chabotte\0${SERVICE_LOGIN}\0wrong-secret`)}`)).toMatch(/^535 5\.7\.8 /);
    other.close();
  });
});

describe('submission: TLS', () => {
  let tlsDir: string;
  let cleanup: () => void;
  beforeEach(async () => {
    // smtp-server's bundled self-signed localhost certificate, written where the config points.
    const { key, cert } = getTLSOptions();
    ({ dir: tlsDir, cleanup } = makeTempDir('webmel-tls-'));
    fs.writeFileSync(path.join(tlsDir, 'key.pem'), String(key));
    fs.writeFileSync(path.join(tlsDir, 'cert.pem'), String(cert));
    await start({
      config: { tls: { key: path.join(tlsDir, 'key.pem'), cert: path.join(tlsDir, 'cert.pem') } },
      // Play a client from another machine: no AUTH in clear.
      server: { insecureAuthAllowed: () => false },
    });
  });
  afterEach(() => cleanup());

  it('answers 538 5.7.11 to AUTH in clear from a non-loopback client, and offers STARTTLS', async () => {
    const smtp = await RawSmtp.connect(h.port);
    expect(await smtp.command('EHLO client.example.org')).toContain('STARTTLS');
    expect(await smtp.command(`AUTH PLAIN ${b64(`\0chabotte\0${TEST_PASSWORD}`)}`)).toMatch(/^538 5\.7\.11 /);
    smtp.close();
  });

  it('serves implicit TLS (the WEBMEL_SUBMISSIONS_PORT listener)', async () => {
    const server = createSubmissionServer(h.services, { secure: true, insecureAuthAllowed: () => false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: true, tls: { rejectUnauthorized: false }, auth: { user: 'chabotte', pass: TEST_PASSWORD } })
        .sendMail({ from: charlotte.address, to: marc.address, subject: 'tls implicite', text: 'ok' });
      expect(info.accepted).toEqual([marc.address]);
      expect(h.inbox(marc)[0]).toMatch(/with ESMTPSA id /);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('accepts AUTH after STARTTLS', async () => {
    const info = await h
      .transport('chabotte', TEST_PASSWORD, { ignoreTLS: false, requireTLS: true, tls: { rejectUnauthorized: false } })
      .sendMail({ from: charlotte.address, to: marc.address, subject: 'chiffré', text: 'ok' });
    expect(info.accepted).toEqual([marc.address]);
    expect(h.inbox(marc)[0]).toMatch(/with ESMTPSA id /);
  });
});

describe('submission: sender identity', () => {
  beforeEach(() => start());

  it('refuses another envelope sender with 553 5.7.1, and the null sender', async () => {
    const smtp = await signedIn();
    expect(await smtp.command('MAIL FROM:<marc.durand@ac-test.fr>')).toMatch(/^553 5\.7\.1 /);
    expect(await smtp.command('MAIL FROM:<recteur@ac-paris.fr>')).toMatch(/^553 5\.7\.1 /);
    expect(await smtp.command('MAIL FROM:<>')).toMatch(/^553 5\.7\.1 /);
    smtp.close();
  });

  it('accepts the address or the login alias, in any case', async () => {
    const smtp = await signedIn();
    expect(await smtp.command('MAIL FROM:<CHABOTTE@AC-TEST.FR>')).toMatch(/^250/);
    await smtp.command('RSET');
    expect(await smtp.command('MAIL FROM:<Charlotte.Habotte@ac-test.fr>')).toMatch(/^250/);
    expect(await smtp.command('RCPT TO:<marc.durand@ac-test.fr>')).toMatch(/^250/);
    const { end } = await smtp.data(message('From: Charlotte <CHABOTTE@ac-test.fr>\nSubject: alias'));
    expect(end).toMatch(/^250 2\.0\.0 /);
    smtp.close();
  });

  it('refuses a From: header that is not the user with 553 5.7.1 and stores nothing', async () => {
    const smtp = await signedIn();
    for (const from of ['Rectorat <recteur@ac-test.fr>', 'Charlotte <charlotte.habotte@ac-test.fr>, marc.durand@ac-test.fr']) {
      await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
      await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
      const { end } = await smtp.data(message(`From: ${from}\nSubject: usurpation`));
      expect(end).toMatch(/^553 5\.7\.1 /);
    }
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
    expect((await smtp.data(message('Subject: sans From'))).end).toMatch(/^554 5\.6\.0 /);
    expect(h.inbox(marc)).toHaveLength(0);
    smtp.close();
  });

  it('refuses a Sender: header naming someone else', async () => {
    const smtp = await signedIn();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
    const { end } = await smtp.data(message('From: charlotte.habotte@ac-test.fr\nSender: recteur@ac-test.fr\nSubject: x'));
    expect(end).toMatch(/^553 5\.7\.1 /);
    smtp.close();
  });
});

describe('submission: header fixes', () => {
  beforeEach(() => start());

  it('strips Bcc (folded too) and delivers to the Bcc recipient anyway', async () => {
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: marc.address,
      bcc: ['chabotte@ac-test.fr'],
      subject: 'Copie cachée',
      text: 'Pour info.',
    });
    expect(info.accepted).toHaveLength(2);
    const copies = [...h.inbox(marc), ...h.inbox(charlotte)];
    expect(copies).toHaveLength(2);
    for (const raw of copies) {
      expect(raw).not.toMatch(/^Bcc:/im);
      expect(raw).not.toContain('chabotte@ac-test.fr');
    }
    const smtp = await signedIn();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
    await smtp.data(message('From: charlotte.habotte@ac-test.fr\nBcc: a@ac-test.fr,\n b@ac-test.fr\nResent-Bcc: c@ac-test.fr\nSubject: pliée'));
    const last = h.inbox(marc).at(-1)!;
    expect(last).toContain('Subject: pliée');
    // A header line, not any « bcc »: the random queue id in Received: may spell it (ebcce4…).
    expect(last).not.toMatch(/b@ac-test\.fr|^(Resent-)?Bcc:/im);
    smtp.close();
  });

  it('adds Date and Message-ID when missing, keeps them when present, and leaves the body byte for byte', async () => {
    const body = Buffer.from('Ligne en latin-1 : caf\xe9\r\n\tindentée \r\n=?not-a-word?=\r\n', 'latin1');
    const smtp = await signedIn();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
    await smtp.data(Buffer.concat([Buffer.from('From: charlotte.habotte@ac-test.fr\r\nSubject: sans date\r\n\r\n', 'latin1'), body]));
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    await smtp.command('RCPT TO:<marc.durand@ac-test.fr>');
    await smtp.data(message('From: charlotte.habotte@ac-test.fr\nDate: Mon, 2 Nov 2026 08:00:00 +0100\nMessage-ID: <abc@client>\nSubject: avec date'));
    smtp.close();
    const [first, second] = h.inbox(marc);
    const header = first!.slice(0, first!.indexOf('\r\n\r\n'));
    expect(header).toMatch(/\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0000/);
    expect(header).toMatch(/\r\nMessage-ID: <[0-9a-f]{24}@mail\.ac-test\.fr>/);
    expect(Buffer.from(first!.slice(first!.indexOf('\r\n\r\n') + 4), 'latin1').equals(body)).toBe(true);
    expect(second).toContain('Date: Mon, 2 Nov 2026 08:00:00 +0100');
    expect(second!.match(/^Date:/gm)).toHaveLength(1);
    expect(second!.match(/^Message-ID:/gim)).toHaveLength(1);
  });

  it('puts Return-Path and an ESMTPA Received on top', async () => {
    await h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: marc.address, text: 'x' });
    expect(h.inbox(marc)[0]).toMatch(
      /^Return-Path: <charlotte\.habotte@ac-test\.fr>\r\nReceived: from \S+ \(\[127\.0\.0\.1\]\)\r\n\tby mail\.ac-test\.fr \(Webmel\) with ESMTPA id [0-9a-f]+\r\n\tfor <marc\.durand@ac-test\.fr>;/,
    );
  });
});

describe('submission: limits and routing', () => {
  it('answers 452 4.5.3 past the recipient limit', async () => {
    await start({ config: { submissionMaxRecipients: 2 } });
    const smtp = await signedIn();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    expect(await smtp.command('RCPT TO:<a@example.org>')).toMatch(/^250/);
    expect(await smtp.command('RCPT TO:<marc.durand@ac-test.fr>')).toMatch(/^250/);
    // The same mailbox again is no new recipient.
    expect(await smtp.command('RCPT TO:<A@example.org>')).toMatch(/^250/);
    expect(await smtp.command('RCPT TO:<b@example.org>')).toMatch(/^452 4\.5\.3 /);
    smtp.close();
  });

  it('answers 450 4.7.1 in French and English past the hourly message limit', async () => {
    await start({ config: { submissionMaxPerHour: 2 } });
    const transport = h.transport('chabotte', TEST_PASSWORD);
    for (let i = 0; i < 2; i++) await transport.sendMail({ from: charlotte.address, to: marc.address, text: `n° ${i}` });
    const refusal = transport.sendMail({ from: charlotte.address, to: marc.address, text: 'de trop' });
    await expect(refusal).rejects.toMatchObject({ responseCode: 450 });
    await refusal.catch((err: { response: string }) => {
      expect(err.response).toMatch(/^450 4\.7\.1 limite de 2 messages par heure.* \/ sending limit of 2 messages per hour/);
    });
    expect(h.inbox(marc)).toHaveLength(2);
  });

  it('refuses unknown local recipients (550 5.1.1) and full mailboxes (452 4.2.2) at RCPT', async () => {
    await start({ config: { quotaBytes: 10_000, quotaGraceBytes: 0 } });
    h.services.store.deliver(prepareMessage(Buffer.from(`Subject: gros\r\n\r\n${'x'.repeat(12_000)}`)), [
      { accountId: marc.id, limitBytes: 0, bypassQuota: true },
    ]);
    const smtp = await signedIn();
    await smtp.command('MAIL FROM:<charlotte.habotte@ac-test.fr>');
    expect(await smtp.command('RCPT TO:<personne@ac-test.fr>')).toMatch(/^550 5\.1\.1 /);
    expect(await smtp.command('RCPT TO:<marc.durand@ac-test.fr>')).toMatch(/^452 4\.2\.2 /);
    smtp.close();
  });

  it('applies the quota at end of DATA as inbound does: 452 4.2.2 when every recipient is local and full', async () => {
    await start({ config: { quotaBytes: 10_000, quotaGraceBytes: 0 } });
    const big = 'x'.repeat(12_000);
    await expect(
      h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: marc.address, text: big }),
    ).rejects.toMatchObject({ responseCode: 452, response: expect.stringMatching(/^452 4\.2\.2 /) });
    // With an outside recipient too, the message is accepted and the full mailbox reported.
    await h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: [marc.address, 'x@example.org'], text: big });
    expect(h.inbox(marc)).toHaveLength(0);
    expect(h.services.outbound.pendingCount()).toBe(1);
    const [dsn] = h.inbox(charlotte);
    expect(dsn).toContain(`Final-Recipient: rfc822; ${marc.address}`);
    expect(dsn).toContain('Status: 5.2.2');
    const { text } = await simpleParser(Buffer.from(dsn!, 'latin1'));
    expect(text).toContain("Votre message n'a pas pu être remis");
    expect(text).not.toContain('Les autres destinataires');
  });

  it('is never blocked by the sender’s own full mailbox', async () => {
    await start({ config: { quotaBytes: 10_000, quotaGraceBytes: 0 } });
    h.services.store.deliver(prepareMessage(Buffer.from(`Subject: gros\r\n\r\n${'x'.repeat(12_000)}`)), [
      { accountId: charlotte.id, limitBytes: 0, bypassQuota: true },
    ]);
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({ from: charlotte.address, to: [marc.address, 'x@example.org'], text: 'ok' });
    expect(info.accepted).toHaveLength(2);
    expect(h.inbox(marc)).toHaveLength(1);
    expect(h.services.outbound.pendingCount()).toBe(1);
  });

  it('queues outside recipients, without Bcc and without Return-Path, and delivers local ones at once', async () => {
    await start();
    await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: ['dupont@ac-paris.fr', marc.address],
      bcc: 'secret@example.org',
      subject: 'mixte',
      text: 'Bonjour',
    });
    expect(h.inbox(marc)).toHaveLength(1);
    const [queued] = h.services.outbound.list();
    expect(queued!.sender).toBe(charlotte.address);
    expect(queued!.recipients.map((r) => r.address).sort()).toEqual(['dupont@ac-paris.fr', 'secret@example.org']);
    const raw = h.services.outbound.message(queued!.id)!.raw.toString('latin1');
    expect(raw).toMatch(/^Received: from /);
    expect(raw).not.toMatch(/^(Bcc|Return-Path):/im);
  });
});

describe('SendingLimiter', () => {
  it('counts a sliding hour per account and allows again once it has passed', () => {
    let now = 0;
    const limiter = new SendingLimiter(2, () => now);
    limiter.record(1);
    now = 10 * 60_000;
    limiter.record(1);
    expect(limiter.allows(1)).toBe(false);
    expect(limiter.allows(2)).toBe(true);
    now = 60 * 60_000 + 1;
    expect(limiter.allows(1)).toBe(true);
    limiter.record(1);
    expect(limiter.allows(1)).toBe(false);
  });
});

describe('submission: delayed send (X-Webmel-Send-After)', () => {
  beforeEach(() => start());

  async function scheduled(at: Date): Promise<number> {
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: [marc.address, 'dupont@ac-paris.fr'],
      subject: 'plus tard',
      text: 'Bonjour',
      headers: { 'X-Webmel-Send-After': at.toISOString() },
    });
    const id = scheduledQueueId(info.response ?? '');
    expect(id).not.toBeNull();
    return id!;
  }

  it('holds local recipients too, then delivers them through LocalDelivery without the field', async () => {
    await scheduled(new Date(Date.now() + 10_000));
    expect(h.inbox(marc)).toHaveLength(0);
    expect(await h.runner.runOnce()).toMatchObject({ sent: 0 });
    h.clock.offset = 11_000;
    await h.runner.runOnce();
    const [raw] = h.inbox(marc);
    expect(raw).toMatch(/^Return-Path: <charlotte\.habotte@ac-test\.fr>\r\nReceived: /);
    expect(raw).not.toMatch(/X-Webmel/i);
  });

  it('cancels before the time: nothing is ever delivered', async () => {
    const id = await scheduled(new Date(Date.now() + 10_000));
    expect(h.runner.cancel(id, marc.address)).toBe(false);
    expect(h.runner.cancel(id, 'Charlotte.Habotte@ac-test.fr')).toBe(true);
    h.clock.offset = 60_000;
    expect(await h.runner.runOnce()).toEqual({ sent: 0, deferred: 0, failed: 0 });
    expect(h.inbox(marc)).toHaveLength(0);
    expect(h.services.outbound.list()).toHaveLength(0);
  });

  it('refuses an unreadable or too distant date with 554 5.6.0', async () => {
    for (const value of ['demain', new Date(Date.now() + 400 * 86_400_000).toISOString()]) {
      await expect(
        h.transport('chabotte', TEST_PASSWORD).sendMail({
          from: charlotte.address,
          to: marc.address,
          text: 'x',
          headers: { 'X-Webmel-Send-After': value },
        }),
      ).rejects.toMatchObject({ responseCode: 554 });
    }
    expect(h.inbox(marc)).toHaveLength(0);
  });

  it('sends at once when the date is already past', async () => {
    const info = await h.transport('chabotte', TEST_PASSWORD).sendMail({
      from: charlotte.address,
      to: marc.address,
      text: 'x',
      headers: { 'X-Webmel-Send-After': new Date(Date.now() - 1000).toISOString() },
    });
    expect(scheduledQueueId(info.response ?? '')).toBeNull();
    expect(h.inbox(marc)).toHaveLength(1);
    expect(h.services.store.getMailbox(marc.id, INBOX)).toBeTruthy();
  });
});
