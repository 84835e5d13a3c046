import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { MIB } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { prepareMessage } from '../../src/store/prepare-message.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

const LIMIT = 1 * MIB;
const GRACE = 100 * 1024;

let webmel: TestWebmel;
let charlotte: Account;
let marc: Account;

/** Fills an account's INBOX directly through the store up to `bytes` (one big message). */
function fillTo(account: Account, bytes: number): void {
  const header = `Subject: remplissage\r\nMessage-ID: <${Math.random()}@test>\r\n\r\n`;
  const raw = Buffer.from(header + 'x'.repeat(bytes - header.length));
  webmel.services.store.deliver(prepareMessage(raw), [{ accountId: account.id, limitBytes: 0, bypassQuota: true }]);
}

function message(size: number, subject = 'test'): string {
  const header = `From: a@example.org\r\nSubject: ${subject}\r\n\r\n`;
  const lines = Math.max(0, Math.floor((size - header.length) / 78));
  return header + `${'y'.repeat(76)}\r\n`.repeat(lines);
}

async function sendRaw(from: string, to: string[], body: string): Promise<{ rcpt: string[]; end: string }> {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  await smtp.command('EHLO test');
  await smtp.command(`MAIL FROM:<${from}>`);
  const rcpt: string[] = [];
  for (const address of to) rcpt.push(await smtp.command(`RCPT TO:<${address}>`));
  const { end } = rcpt.some((r) => r.startsWith('250')) ? await smtp.data(body) : { end: '' };
  smtp.close();
  return { rcpt, end };
}

const used = (account: Account) => webmel.services.store.usage(account.id).usedBytes;
const inboxCount = (account: Account) =>
  webmel.services.store.messageIndex(webmel.services.store.getMailbox(account.id, INBOX).id).length;

beforeEach(async () => {
  webmel = await startTestWebmel({ quotaBytes: LIMIT, quotaGraceBytes: GRACE });
  charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
  marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
});

afterEach(async () => {
  await webmel.stop();
});

describe('quota at RCPT', () => {
  // Warnings are messages too: keep them out of the byte counts these tests make.
  beforeEach(() => webmel.services.warnings.stop());

  it('answers 452 4.2.2 when the mailbox is exactly at its limit', async () => {
    fillTo(charlotte, LIMIT);
    const { rcpt } = await sendRaw('a@example.org', [charlotte.address], message(1000));
    expect(rcpt[0]).toMatch(/^452 4\.2\.2 /);
  });

  it('accepts a message when the mailbox is one byte under its limit', async () => {
    fillTo(charlotte, LIMIT - 1);
    const { rcpt, end } = await sendRaw('a@example.org', [charlotte.address], message(1000));
    expect(rcpt[0]).toMatch(/^250/);
    expect(end).toMatch(/^250/);
  });

  it('answers 554 5.2.2 instead when the setting makes a full mailbox permanent', async () => {
    await webmel.stop();
    webmel = await startTestWebmel({ quotaBytes: LIMIT, quotaGraceBytes: GRACE, quotaFullPermanent: true });
    webmel.services.warnings.stop();
    charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    fillTo(charlotte, LIMIT);
    const { rcpt } = await sendRaw('a@example.org', [charlotte.address], message(1000));
    expect(rcpt[0]).toMatch(/^554 5\.2\.2 /);
  });

  it('refuses at RCPT when MAIL FROM SIZE= would not fit within limit + grace', async () => {
    fillTo(charlotte, LIMIT - 10_000);
    const smtp = await RawSmtp.connect(webmel.ports.smtp);
    await smtp.command('EHLO test');
    await smtp.command(`MAIL FROM:<a@example.org> SIZE=${GRACE + 20_000}`);
    expect(await smtp.command(`RCPT TO:<${charlotte.address}>`)).toMatch(/^452 4\.2\.2 /);
    await smtp.command('RSET');
    await smtp.command(`MAIL FROM:<a@example.org> SIZE=${GRACE}`);
    expect(await smtp.command(`RCPT TO:<${charlotte.address}>`)).toMatch(/^250/);
    smtp.close();
  });
});

describe('quota at end of DATA', () => {
  beforeEach(() => webmel.services.warnings.stop());

  it('accepts up to limit + grace and refuses beyond with 452 4.2.2, storing nothing', async () => {
    fillTo(charlotte, LIMIT - 1000);
    const fits = await sendRaw('a@example.org', [charlotte.address], message(GRACE - 2000));
    expect(fits.end).toMatch(/^250/);
    const before = inboxCount(charlotte);
    const usedBefore = used(charlotte);
    // Under the limit at RCPT is no longer true, so test the DATA check with a fresh fill.
    await webmel.stop();
    webmel = await startTestWebmel({ quotaBytes: LIMIT, quotaGraceBytes: GRACE });
    webmel.services.warnings.stop();
    charlotte = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    fillTo(charlotte, LIMIT - 1000);
    const tooBig = await sendRaw('a@example.org', [charlotte.address], message(GRACE + 5000));
    expect(tooBig.rcpt[0]).toMatch(/^250/);
    expect(tooBig.end).toMatch(/^452 4\.2\.2 /);
    expect(used(charlotte)).toBe(LIMIT - 1000);
    expect(before).toBeGreaterThan(0);
    expect(usedBefore).toBeGreaterThan(LIMIT);
  });

  it('delivers to the recipients with room and sends the sender one DSN for the others', async () => {
    const sender = webmel.addAccount({ prenom: 'Nadia', nom: 'Benali' });
    fillTo(charlotte, LIMIT - 1000);
    const { rcpt, end } = await sendRaw(sender.address, [charlotte.address, marc.address], message(GRACE + 5000, 'mixte'));
    expect(rcpt).toEqual([expect.stringMatching(/^250/), expect.stringMatching(/^250/)]);
    expect(end).toMatch(/^250/);
    expect(used(charlotte)).toBe(LIMIT - 1000);
    const { store } = webmel.services;
    const marcInbox = store.getMailbox(marc.id, INBOX);
    expect(store.messagesByUids(marcInbox.id, store.messageIndex(marcInbox.id).map((m) => m.uid)).some((m) => m.subject === 'mixte')).toBe(true);
    const senderInbox = store.getMailbox(sender.id, INBOX);
    const dsns = store
      .messagesByUids(senderInbox.id, store.messageIndex(senderInbox.id).map((m) => m.uid))
      .filter((m) => m.subject.startsWith('Échec de remise'));
    expect(dsns).toHaveLength(1);
    const raw = store.raw(dsns[0]!.contentId).toString('latin1');
    expect(raw).toContain('multipart/report; report-type=delivery-status');
    expect(raw).toContain(`Final-Recipient: rfc822; ${charlotte.address}`);
    expect(raw).toContain('Status: 5.2.2');
    expect(raw).not.toContain(`Final-Recipient: rfc822; ${marc.address}`);
    expect(raw).toContain('Subject: mixte');
  });

  it('queues the DSN for an outside sender, and sends none to the null sender', async () => {
    fillTo(charlotte, LIMIT - 1000);
    await sendRaw('someone@example.org', [charlotte.address, marc.address], message(GRACE + 5000));
    expect(webmel.services.outbound.pendingCount()).toBe(1);
    await sendRaw('', [charlotte.address, marc.address], message(GRACE + 5000));
    expect(webmel.services.outbound.pendingCount()).toBe(1);
  });

  it('never lets 50 concurrent deliveries take a mailbox past limit + grace', async () => {
    fillTo(charlotte, LIMIT - 20_000);
    const size = 30_000;
    // Fifty servers, each from its own address: one address may hold only WEBMEL_SMTP_MAX_PER_IP.
    const transport = (i: number) =>
      nodemailer.createTransport({
        host: '127.0.0.1',
        port: webmel.ports.smtp,
        localAddress: `127.0.0.${10 + i}`,
        secure: false,
        ignoreTLS: true,
        pool: false,
      });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        transport(i).sendMail({
          envelope: { from: 'a@example.org', to: [charlotte.address] },
          raw: message(size, `concurrent ${i}`),
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(50);
    expect(used(charlotte)).toBeLessThanOrEqual(LIMIT + GRACE);
    // Every accepted message is stored; every refused one got a 4xx.
    expect(inboxCount(charlotte)).toBe(1 + accepted);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/452/);
  });
});

describe('quota warnings', () => {
  const warnings = (account: Account) => {
    const { store } = webmel.services;
    const inbox = store.getMailbox(account.id, INBOX);
    return store
      .messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid))
      .filter((m) => m.subject.startsWith('Votre messagerie'))
      .map((m) => m.subject);
  };

  it('warns once when a delivery crosses 80 %, then at 95 %, and at 100 %', async () => {
    fillTo(charlotte, Math.round(LIMIT * 0.79));
    expect(warnings(charlotte)).toEqual([]);
    await sendRaw('a@example.org', [charlotte.address], message(Math.round(LIMIT * 0.02)));
    expect(warnings(charlotte)).toEqual(['Votre messagerie est remplie à 80 %']);
    await sendRaw('a@example.org', [charlotte.address], message(2000));
    expect(warnings(charlotte)).toHaveLength(1);
    await sendRaw('a@example.org', [charlotte.address], message(Math.round(LIMIT * 0.15)));
    expect(warnings(charlotte)).toEqual(['Votre messagerie est remplie à 80 %', 'Votre messagerie est remplie à 95 %']);
    await sendRaw('a@example.org', [charlotte.address], message(Math.round(LIMIT * 0.05)));
    expect(warnings(charlotte)).toContain('Votre messagerie est pleine : les nouveaux messages sont refusés');
  });

  it('re-arms a threshold once usage drops below it', async () => {
    fillTo(charlotte, Math.round(LIMIT * 0.85));
    webmel.services.warnings.check(charlotte.id);
    expect(warnings(charlotte)).toHaveLength(1);
    const { store } = webmel.services;
    const inbox = store.getMailbox(charlotte.id, INBOX);
    const big = store.messagesByUids(inbox.id, store.messageIndex(inbox.id).map((m) => m.uid)).find((m) => m.subject === 'remplissage')!;
    store.expunge(inbox, [big.uid], false);
    fillTo(charlotte, Math.round(LIMIT * 0.85));
    expect(warnings(charlotte)).toHaveLength(2);
  });

  it('warns on the daily sweep when an admin lowers the limit', () => {
    fillTo(charlotte, Math.round(LIMIT * 0.5));
    webmel.services.warnings.check(charlotte.id);
    expect(warnings(charlotte)).toEqual([]);
    webmel.services.accounts.setQuota(charlotte.id, Math.round(LIMIT * 0.6));
    expect(webmel.services.warnings.sweep()).toBe(1);
    expect(warnings(charlotte)).toEqual(['Votre messagerie est remplie à 80 %']);
  });
});
