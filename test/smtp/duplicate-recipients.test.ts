// A recipient named several times in one transaction (the same address again, in another case,
// or the login alias of the same mailbox) is answered 250 each time, as Postfix does, and gets
// one copy: one stored message, one outbound recipient row.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { INBOX } from '../../src/store/mail-store.js';
import { useImapTestBed } from '../helpers/imap.js';
import { RawSmtp } from '../helpers/raw-smtp.js';

const bed = useImapTestBed();

function copies(account: Account): number {
  const { store } = bed.webmel.services;
  return store.messageIndex(store.getMailbox(account.id, INBOX).id).length;
}

/** Sends every RCPT in one write (PIPELINING) and returns each reply. */
async function rcptAll(smtp: RawSmtp, addresses: readonly string[]): Promise<string[]> {
  smtp.write(addresses.map((address) => `RCPT TO:<${address}>\r\n`).join(''));
  const replies: string[] = [];
  for (const _ of addresses) replies.push(await smtp.read());
  return replies;
}

function outboundRows(): Array<{ address: string }> {
  return bed.webmel.services.db.prepare('SELECT address FROM outbound_recipients ORDER BY id').all() as Array<{ address: string }>;
}

describe('duplicate recipients in one transaction', () => {
  it('stores one copy of an inbound message for 1,000 identical RCPT TO and the mailbox’s other spellings', async () => {
    const { webmel, charlotte } = bed;
    const smtp = await RawSmtp.connect(webmel.ports.smtp);
    await smtp.command('EHLO relay.example.org');
    await smtp.command('MAIL FROM:<x@example.org>');
    const same = Array.from({ length: 1000 }, () => charlotte.address);
    const spellings = [charlotte.address.toUpperCase(), `${charlotte.login}@ac-test.fr`, `${charlotte.login.toUpperCase()}@AC-TEST.FR`];
    const replies = await rcptAll(smtp, [...same, ...spellings]);
    expect(replies.every((reply) => reply.startsWith('250 '))).toBe(true);
    expect((await smtp.data('Subject: une fois\r\n\r\nx\r\n')).end).toMatch(/^250 /);
    smtp.close();
    expect(copies(charlotte)).toBe(1);
  });

  it('submits one local copy and one outbound row per distinct recipient', async () => {
    const { webmel, charlotte, numen } = bed;
    const marc = webmel.addAccount({ prenom: 'Marc', nom: 'Lefèvre' });
    const smtp = await RawSmtp.connect(webmel.ports.submission);
    await smtp.command('EHLO poste.example.org');
    expect(await smtp.command(`AUTH PLAIN ${Buffer.from(`\0chabotte\0${numen}`).toString('base64')}`)).toMatch(/^235/);
    await smtp.command(`MAIL FROM:<${charlotte.address}>`);
    const local = [...Array.from({ length: 500 }, () => marc.address), marc.address.toUpperCase(), `${marc.login}@ac-test.fr`];
    const remote = [...Array.from({ length: 500 }, () => 'parent@example.org'), 'Parent@Example.ORG'];
    const replies = await rcptAll(smtp, [...local, ...remote]);
    expect(replies.every((reply) => reply.startsWith('250 '))).toBe(true);
    expect((await smtp.data(`From: <${charlotte.address}>\r\nSubject: une fois\r\n\r\nx\r\n`)).end).toMatch(/^250 /);
    smtp.close();
    expect(copies(marc)).toBe(1);
    expect(outboundRows()).toEqual([{ address: 'parent@example.org' }]);
  });

  it('queues one recipient row per distinct address, whoever queues the message', () => {
    const { outbound } = bed.webmel.services;
    const id = outbound.enqueue('x@ac-test.fr', ['a@example.org', 'A@EXAMPLE.ORG', 'a@example.org', 'b@example.org'], Buffer.from('x'));
    expect(outbound.recipients(id).map((r) => r.address)).toEqual(['a@example.org', 'b@example.org']);
  });
});
