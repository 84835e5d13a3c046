// IDLE (RFC 2177): live updates pushed to an idling session (mail delivered over SMTP, flags and
// expunges made elsewhere), DONE, keepalives, and the inactivity timer while idling.
import nodemailer from 'nodemailer';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../src/accounts/account-store.js';
import { INBOX } from '../../../src/store/mail-store.js';
import { startImapServer } from '../../../src/imap/server.js';
import { IDLE_TIMEOUT_MS } from '../../../src/imap/session.js';
import { imapClient, RawImap, useImapTestBed } from '../../helpers/imap.js';
import type { TestWebmel } from '../../helpers/webmel.js';

const bed = useImapTestBed();
const { clients, raws } = bed;
let webmel: TestWebmel;
let charlotte: Account;
let numen: string;
beforeEach(() => {
  ({ webmel, charlotte, numen } = bed);
});
/** A raw session, logged in. */
const raw = (port?: number) => bed.raw(port);

async function sendBySmtp(subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: webmel.ports.smtp, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ from: 'dpe@ac-paris.fr', to: charlotte.address, subject, text: 'Bonjour.' });
  expect(info.accepted).toEqual([charlotte.address]);
  transport.close();
}

function inboxId(): number {
  return webmel.services.store.getMailbox(charlotte.id, INBOX).id;
}

/** Enters IDLE and waits for the continuation. */
async function startIdle(imap: RawImap, tag: string): Promise<void> {
  imap.send(`${tag} IDLE\r\n`);
  expect(await imap.until((line) => line.startsWith('+'))).toEqual(['+ idling']);
}

describe('IDLE', () => {
  it('shows mail delivered over SMTP to an idling imapflow session and to a second idling session', async () => {
    const client = await imapClient(webmel.ports.imap, 'chabotte', numen);
    clients.push(client);
    await client.mailboxOpen(INBOX);
    const second = await raw();
    await second.command('s1 SELECT INBOX');
    await startIdle(second, 'i2');
    const exists = new Promise<{ path: string; count: number; prevCount: number }>((resolve) => client.once('exists', resolve));
    void client.idle();
    // imapflow has sent IDLE once its `idling` flag is up.
    while (!client.idling) await new Promise((resolve) => setTimeout(resolve, 10));
    await sendBySmtp('Réunion de rentrée');
    // Pushed on commit (store notifier → session, no polling), not at the next command.
    expect(await exists).toEqual({ path: INBOX, count: 1, prevCount: 0 });
    // \Recent goes to whichever session heard of the message first (RFC 3501 2.3.2).
    expect(await second.until((line) => line.endsWith(' RECENT'))).toEqual(['* 1 EXISTS', expect.stringMatching(/^\* [01] RECENT$/)]);
    second.send('DONE\r\n');
    expect((await second.until((line) => line.startsWith('i2 '))).at(-1)).toMatch(/^i2 OK IDLE/);
  });

  it('pushes flag changes and expunges made elsewhere, and updates queued before IDLE at once', async () => {
    const { store, delivery } = webmel.services;
    const deliver = (subject: string) =>
      delivery.deliver(Buffer.from(`Subject: ${subject}\r\n\r\nx\r\n`), 'dpe@ac-paris.fr', [charlotte]);
    deliver('un');
    deliver('deux');
    const imap = await raw();
    await imap.command('s1 SELECT INBOX');
    deliver('trois'); // queued: no command is running to announce it
    await startIdle(imap, 'i1');
    expect(await imap.until((line) => line.endsWith('RECENT'))).toEqual(['* 3 EXISTS', '* 3 RECENT']);
    store.storeFlags(inboxId(), [2], 'add', 4, []); // \Flagged
    expect(await imap.until((line) => line.includes('FETCH'))).toEqual(['* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))']);
    store.expunge(store.getMailbox(charlotte.id, INBOX), [1], false);
    expect(await imap.until((line) => line.includes('EXPUNGE'))).toEqual(['* 1 EXPUNGE']);
    imap.send('DONE\r\n');
    expect((await imap.until((line) => line.startsWith('i1 '))).at(-1)).toMatch(/^i1 OK/);
    expect((await imap.command('n1 NOOP')).at(-1)).toMatch(/^n1 OK/);
  });

  it('idles without a selected folder, and answers BAD to anything but DONE', async () => {
    const imap = await raw();
    await startIdle(imap, 'i1');
    imap.send('DONE\r\n');
    expect((await imap.until((line) => line.startsWith('i1 '))).at(-1)).toMatch(/^i1 OK/);
    await imap.command('s1 SELECT INBOX');
    await startIdle(imap, 'i2');
    imap.send('i3 NOOP\r\n');
    expect((await imap.until((line) => line.startsWith('i2 '))).at(-1)).toMatch(/^i2 BAD /);
    // The session goes on, still selected.
    expect((await imap.command('c1 CHECK')).at(-1)).toMatch(/^c1 OK/);
    expect((await imap.command('i4 IDLE now')).at(-1)).toMatch(/^i4 BAD /);
  });

  it('is not allowed before login', async () => {
    const imap = await RawImap.connect(webmel.ports.imap);
    raws.push(imap);
    expect(await imap.command('i1 IDLE')).toEqual([expect.stringMatching(/^i1 BAD /)]);
  });

  it('keeps the RFC 3501 5.4 inactivity timer at 30 minutes at least', () => {
    expect(IDLE_TIMEOUT_MS).toBeGreaterThanOrEqual(30 * 60 * 1000);
  });

  it('lives as long as the client re-issues IDLE; keepalives do not stop the inactivity timer', async () => {
    // The same server with short timers: 2 s of inactivity, a keepalive every 200 ms.
    const server = await startImapServer(webmel.services, 0, { idleTimeoutMs: 2000, idleKeepaliveMs: 200 });
    try {
      const imap = await raw(server.port);
      await startIdle(imap, 'i0');
      expect(await imap.until((line) => line.startsWith('* OK'))).toEqual([expect.stringMatching(/^\* OK Toujours l/)]);
      // RFC 2177 3: the client ends and re-issues IDLE before the timeout; for longer than it.
      for (let round = 1; round <= 10; round++) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        imap.send('DONE\r\n');
        await imap.until((line) => line.startsWith(`i${round - 1} OK`));
        await startIdle(imap, `i${round}`);
      }
      expect(imap.socket.destroyed).toBe(false);
      // Now silent: keepalives keep coming, yet the server logs the idle client off.
      const rest = await imap.until((line) => line.startsWith('* BYE'), 10_000);
      expect(rest.filter((line) => !line.startsWith('* OK Toujours'))).toEqual([expect.stringMatching(/^\* BYE /)]);
    } finally {
      await server.close();
    }
  });
});
