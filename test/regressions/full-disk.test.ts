/**
 * Issue 15, finding 7: with the data folder on a 12 MB file system, deliveries were refused once
 * it filled, but then SELECT INBOX answered NO [SERVERBUG], so nobody could read, delete or
 * expunge to make room. Here Webmel runs on a 16 MB tmpfs with a 5 MB reserve.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { hashSecretSync } from '../../src/accounts/password.js';
import { MIB } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { RawImap } from '../helpers/imap.js';
import { RawSmtp } from '../helpers/raw-smtp.js';
import { mountSmallFileSystem } from '../helpers/small-file-system.js';
import { startTestWebmel, testNumen, type TestWebmel } from '../helpers/webmel.js';

const FS_MB = 16;
const RESERVE = 5 * MIB;
/** Each message is unique (so stored apart) and about this big. */
const MESSAGE_BYTES = 200 * 1024;

const mount = mountSmallFileSystem(FS_MB);
if (!mount.ok) console.warn(`full-disk tests skipped: ${mount.reason}`);

const PASSWORD = 'Tableau-Noir-2024!';

/** Charlotte, with a password of her own, on a Webmel with these settings. */
async function startWithCharlotte(overrides: Parameters<typeof startTestWebmel>[0], dataDir?: string): Promise<{ webmel: TestWebmel; charlotte: Account }> {
  const started = await startTestWebmel(overrides, dataDir);
  const charlotte = started.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen: testNumen() });
  started.services.accounts.setPasswordHash(charlotte.id, hashSecretSync(PASSWORD), false);
  return { webmel: started, charlotte };
}

let webmel: TestWebmel;
let charlotte: Account;
/** Messages accepted (250) and not expunged: what the INBOX must hold. */
let accepted = 0;

let sequence = 0;
function message(): string {
  sequence++;
  const header = `From: <expediteur@example.org>\r\nSubject: message ${sequence}\r\nMessage-ID: <${sequence}.${Date.now()}@example.org>\r\n\r\n`;
  return header + `${String(sequence).padStart(8, '0')}${'x'.repeat(68)}\r\n`.repeat(Math.floor(MESSAGE_BYTES / 78));
}

/** One inbound SMTP transaction; the reply at the step where it stopped (MAIL, RCPT or DATA). */
async function deliver(): Promise<string> {
  const smtp = await RawSmtp.connect(webmel.ports.smtp);
  try {
    await smtp.command('EHLO test.example.org');
    const mail = await smtp.command('MAIL FROM:<expediteur@example.org>');
    if (!mail.startsWith('250')) return mail;
    const rcpt = await smtp.command('RCPT TO:<charlotte.habotte@ac-test.fr>');
    if (!rcpt.startsWith('250')) return rcpt;
    return (await smtp.data(message())).end;
  } finally {
    smtp.close();
  }
}

const tagged = (lines: string[]) => lines.at(-1)!;

async function signedIn(server = webmel): Promise<RawImap> {
  const imap = await RawImap.connect(server.ports.imap);
  expect(tagged(await imap.command(`l1 LOGIN chabotte ${PASSWORD}`))).toMatch(/^l1 OK/);
  return imap;
}

/** SELECT INBOX, then FETCH every message with `items`: both answer OK, for every message. */
async function readInbox(imap: RawImap, items: string): Promise<string[]> {
  const selected = await imap.command('s1 SELECT INBOX');
  expect(tagged(selected)).toMatch(/^s1 OK \[READ-WRITE\]/);
  expect(selected).toContain(`* ${accepted} EXISTS`);
  const fetched = await imap.command(`f1 FETCH 1:* ${items}`);
  expect(tagged(fetched)).toMatch(/^f1 OK/);
  expect(fetched.filter((line) => / FETCH \(/.test(line))).toHaveLength(accepted);
  return fetched;
}

function inboxSize(): number {
  const { store } = webmel.services;
  return store.messageIndex(store.getMailbox(charlotte.id, INBOX).id).length;
}

describe.skipIf(!mount.ok)('a data folder whose disk fills up', () => {
  beforeAll(async () => {
    if (!mount.ok) return;
    ({ webmel, charlotte } = await startWithCharlotte({ minFreeBytes: RESERVE }, mount.fs.dir));
  });

  afterAll(async () => {
    if (!mount.ok) return;
    await webmel?.stop();
    mount.fs.unmount();
  });

  it('refuses new mail with 452 4.3.1 at the reserve, having stored every message it accepted', async () => {
    let reply = '';
    for (let i = 0; i < 200; i++) {
      reply = await deliver();
      if (!reply.startsWith('250')) break;
      accepted++;
    }
    expect(reply).toMatch(/^452 4\.3\.1 /);
    expect(accepted).toBeGreaterThan(5);
    expect(inboxSize()).toBe(accepted);
    // The reserve held: the disk itself still has room for what users do next.
    expect(fs.statfsSync(webmel.config.dataDir).bavail).toBeGreaterThan(0);
    // The monitoring sees the disk at the reserve. A message is refused when it would take the
    // disk under it, so the disk itself may still be just above it (then « ok »).
    const health = await fetch(`http://127.0.0.1:${webmel.ports.http}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; acceptingMail: boolean; disk: { freeBytes: number; minFreeBytes: number } };
    expect(body.disk.minFreeBytes).toBe(RESERVE);
    expect(body.disk.freeBytes).toBeLessThan(RESERVE + 2 * MESSAGE_BYTES);
    expect(body.status).toBe(body.disk.freeBytes < RESERVE ? 'disk-low' : 'ok');
    expect(body.acceptingMail).toBe(body.status === 'ok');
  });

  it('still selects, fetches, flags and expunges under the reserve', async () => {
    const imap = await signedIn();
    await readInbox(imap, '(FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])');
    const half = Math.floor(accepted / 2);
    expect(tagged(await imap.command(`t1 STORE 1:${half} +FLAGS (\\Deleted)`))).toMatch(/^t1 OK/);
    const expunged = await imap.command('e1 EXPUNGE');
    expect(tagged(expunged)).toMatch(/^e1 OK/);
    expect(expunged.filter((line) => / EXPUNGE$/.test(line))).toHaveLength(half);
    imap.close();
    accepted -= half;
    expect(inboxSize()).toBe(accepted);
  });

  it('accepts mail again once space is freed, and says so', async () => {
    // The reading is kept a second; the expunged messages' pages count as room once it is renewed.
    let reply = '';
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      reply = await deliver();
      if (reply.startsWith('250')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(reply).toMatch(/^250 /);
    accepted++;
    expect(inboxSize()).toBe(accepted);
    const health = await (await fetch(`http://127.0.0.1:${webmel.ports.http}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', acceptingMail: true });
    // The room the expunge made is inside the database, where the file system does not see it.
    expect(health.disk.reusableBytes).toBeGreaterThan(0);
  });

  it('still selects and fetches with the file system at 0 bytes free, and starts again on it', async () => {
    if (!mount.ok) return;
    const { db } = webmel.services;
    // The worst case for a read that writes on the side: formats not cached yet, and a WAL that a
    // checkpoint just truncated, so that any write needs new blocks.
    db.exec('DELETE FROM content_imap');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const filler = mount.fs.fill();
    expect(fs.statfsSync(mount.fs.dir).bavail).toBe(0);
    try {
      const imap = await signedIn();
      // BODY[] without PEEK would set \Seen: served unseen rather than refused.
      const fetched = await readInbox(imap, '(FLAGS ENVELOPE BODYSTRUCTURE BODY[])');
      expect(fetched.join('\n')).toContain('Subject: message');
      expect(fetched.filter((line) => line.includes('\\Seen'))).toEqual([]);
      for (const command of ['x1 STATUS INBOX (MESSAGES UNSEEN SIZE)', 'x2 LIST "" "*"', 'x3 NOOP', 'x4 EXAMINE INBOX', 'x5 SEARCH SUBJECT message']) {
        expect(tagged(await imap.command(command)), command).toMatch(/^x\d OK/);
      }
      // A write that finds no room says so, instead of a server bug.
      expect(tagged(await imap.command('s2 SELECT INBOX'))).toMatch(/^s2 OK/);
      expect(tagged(await imap.command('t1 STORE 1 +FLAGS (\\Flagged)'))).toMatch(/^t1 NO \[LIMIT\] /);
      imap.close();
      expect(await deliver()).toMatch(/^452 4\.3\.1 /);
      // An operator's restart on the full disk brings the server back as it was.
      await webmel.close();
      webmel = await startTestWebmel({ minFreeBytes: RESERVE }, mount.fs.dir);
      const again = await signedIn();
      expect(tagged(await again.command('s3 SELECT INBOX'))).toMatch(/^s3 OK/);
      expect(tagged(await again.command('f2 FETCH 1 (ENVELOPE BODY[TEXT])'))).toMatch(/^f2 OK/);
      again.close();
    } finally {
      fs.rmSync(filler);
    }
    expect(inboxSize()).toBe(accepted);
  });
});

describe('a disk reserve larger than the free space', () => {
  let server: TestWebmel;
  beforeAll(async () => {
    // Wherever the tests run, no disk has a petabyte free: every new message is under the reserve.
    ({ webmel: server } = await startWithCharlotte({ minFreeBytes: 2 ** 50 }));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses new mail on every path: 452 4.3.1 over SMTP and submission, NO [LIMIT] to APPEND, and still reads', async () => {
    const smtp = await RawSmtp.connect(server.ports.smtp);
    await smtp.command('EHLO test.example.org');
    expect(await smtp.command('MAIL FROM:<expediteur@example.org>')).toMatch(/^452 4\.3\.1 /);
    smtp.close();
    const submission = await RawSmtp.connect(server.ports.submission);
    await submission.command('EHLO test');
    expect(await submission.command(`AUTH PLAIN ${Buffer.from(`\0chabotte\0${PASSWORD}`).toString('base64')}`)).toMatch(/^235/);
    expect(await submission.command('MAIL FROM:<charlotte.habotte@ac-test.fr>')).toMatch(/^452 4\.3\.1 /);
    submission.close();
    const imap = await signedIn(server);
    // Refused on the literal's announcement, before its bytes are sent; a small one in APPEND itself.
    expect(tagged(await imap.command(`a1 APPEND INBOX {${MESSAGE_BYTES}}`))).toMatch(/^a1 NO \[LIMIT\] /);
    expect(tagged(await imap.command('a2 APPEND INBOX {5+}\r\nHello'))).toMatch(/^a2 NO \[LIMIT\] /);
    expect(tagged(await imap.command('s1 SELECT INBOX'))).toMatch(/^s1 OK/);
    imap.close();
    const health = await fetch(`http://127.0.0.1:${server.ports.http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'disk-low', acceptingMail: false, disk: { minFreeBytes: 2 ** 50 } });
  });
});
