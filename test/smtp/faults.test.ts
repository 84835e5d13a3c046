import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { INBOX } from '../../src/store/mail-store.js';
import { DATABASE_FILE } from '../../src/db/database.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
afterEach(async () => webmel.stop());

async function open(): Promise<RawSmtp> {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  await smtp.command('EHLO faults.example.org');
  return smtp;
}

describe('SMTP faults and hostile clients', () => {
  it('answers 451 4.3.0 while the database is locked by another process, stores nothing, then accepts the retry', async () => {
    webmel = await startTestWebmel({ sqliteBusyTimeoutMs: 200 });
    const account = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const other = new Database(path.join(webmel.config.dataDir, DATABASE_FILE));
    other.prepare('BEGIN IMMEDIATE').run();
    const smtp = await open();
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command(`RCPT TO:<${account.address}>`);
    expect((await smtp.data('Subject: verrou\r\n\r\nx\r\n')).end).toMatch(/^451 4\.3\.0 /);
    other.prepare('ROLLBACK').run();
    other.close();
    const { store } = webmel.services;
    expect(store.messageIndex(store.getMailbox(account.id, INBOX).id)).toHaveLength(0);
    expect(store.usage(account.id).usedBytes).toBe(0);
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command(`RCPT TO:<${account.address}>`);
    expect((await smtp.data('Subject: verrou\r\n\r\nx\r\n')).end).toMatch(/^250/);
    smtp.close();
  });

  it('refuses connections beyond the maximum with 421 4.3.2 and keeps serving the others', async () => {
    webmel = await startTestWebmel({ smtpMaxConnections: 3 });
    // Three clients: from one address, its fair share of a pool this small is 2 (connection-admission.ts).
    const held = await Promise.all(
      ['127.0.0.2', '127.0.0.3', '127.0.0.4'].map((localAddress) => RawSmtp.connect(webmel.ports.smtp, { localAddress })),
    );
    expect(held.map((smtp) => smtp.greeting.slice(0, 4))).toEqual(['220 ', '220 ', '220 ']);
    const greeting = await new Promise<string>((resolve) => {
      const socket = net.connect({ port: webmel.ports.smtp, host: '127.0.0.1', localAddress: '127.0.0.5' });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(greeting).toMatch(/^421 4\.3\.2 /);
    expect(await held[0]!.command('NOOP')).toMatch(/^250/);
    for (const smtp of held) smtp.close();
  });

  it('disconnects a silent client after the socket timeout', async () => {
    webmel = await startTestWebmel({ smtpSocketTimeoutMs: 300 });
    const smtp = await open();
    const reply = await smtp.read();
    expect(reply).toMatch(/^421 /);
    smtp.close();
  });

  it('stores a message with a 1 MB header line as received', async () => {
    webmel = await startTestWebmel();
    const account = webmel.addAccount({ prenom: 'Charlotte', nom: 'Habotté' });
    const smtp = await open();
    await smtp.command('MAIL FROM:<a@example.org>');
    await smtp.command(`RCPT TO:<${account.address}>`);
    const body = `X-Huge: ${'h'.repeat(1024 * 1024)}\r\nSubject: énorme\r\n\r\ncorps\r\n`;
    expect((await smtp.data(body)).end).toMatch(/^250/);
    const { store } = webmel.services;
    const inbox = store.getMailbox(account.id, INBOX);
    const [row] = store.messagesByUids(inbox.id, [1]);
    expect(store.raw(row!.contentId).toString('latin1')).toContain(body.slice(0, 2000));
    smtp.close();
  });
});
