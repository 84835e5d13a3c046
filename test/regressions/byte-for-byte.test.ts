// An accepted message is stored and served byte for byte, or refused whole (never altered).
// Before the fix a NUL byte was accepted and stored, then served as 0x80: IMAP literals may not
// carry NUL (RFC 3501 4.3), so such a message is now refused at SMTP DATA and at APPEND.
import type { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { INBOX } from '../../src/store/mail-store.js';
import { useImapTestBed } from '../helpers/imap.js';
import { RawSmtp } from '../helpers/raw-smtp.js';

const bed = useImapTestBed();
let client: ImapFlow | null = null;
afterEach(() => {
  client = null;
});

/** 8-bit bytes, a lone CR and a bare LF in the header and the body; no line starts with a dot. */
const ODD = Buffer.from(
  'From: <x@example.org>\r\nSubject: octets \x80\xff\xe9 =?bad?=\r\nX-Lone: a\rb\r\nX-Bare: c\nd\r\n\r\n' +
    'corps\r\nlone\rcr and bare\nlf\r\n8 bits \x80\x81\xfe\xff\r\nno final line break',
  'latin1',
);
const WITH_NUL = Buffer.concat([Buffer.from('From: <x@example.org>\r\nSubject: nul \x00 ici\r\n\r\n', 'latin1'), Buffer.from('corps \x00\r\n')]);

/** Sends `message` over inbound SMTP as is (no line-ending rewrite): the reply to the final dot. */
async function deliverRaw(message: Buffer): Promise<string> {
  const smtp = await RawSmtp.connect(bed.webmel.ports.smtp);
  await smtp.command('EHLO client.example.org');
  await smtp.command('MAIL FROM:<x@example.org>');
  expect(await smtp.command(`RCPT TO:<${bed.charlotte.address}>`)).toMatch(/^250/);
  expect(await smtp.command('DATA')).toMatch(/^354/);
  smtp.write(Buffer.concat([message, Buffer.from('\r\n.\r\n')]));
  const reply = await smtp.read();
  smtp.close();
  return reply;
}

async function bodyOf(uid: number): Promise<Buffer> {
  client ??= await bed.connect();
  await client.mailboxOpen('INBOX');
  const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (!message || !message.source) throw new Error(`no message ${uid}`);
  return message.source;
}

function inboxCount(): number {
  const { store } = bed.webmel.services;
  return store.messageIndex(store.getMailbox(bed.charlotte.id, INBOX).id).length;
}

describe('byte for byte', () => {
  it('serves over IMAP exactly the bytes SMTP delivered, after the trace fields it prepends', async () => {
    expect(await deliverRaw(ODD)).toMatch(/^250 /);
    const served = await bodyOf(1);
    // RFC 5321 4.1.1.4: the CRLF before the final dot ends the message's last line, and is part of it.
    const sent = Buffer.concat([ODD, Buffer.from('\r\n')]);
    expect(served.subarray(served.length - sent.length)).toEqual(sent);
    expect(served.subarray(0, served.length - sent.length).toString('latin1')).toMatch(/^Return-Path: <x@example\.org>\r\nReceived: [^]*\r\n$/);
  });

  it('serves over IMAP exactly the bytes APPEND stored', async () => {
    const imap = await bed.raw();
    imap.send(`a1 APPEND INBOX {${ODD.length}+}\r\n`);
    imap.send(Buffer.concat([ODD, Buffer.from('\r\n')]));
    expect((await imap.until((line) => line.startsWith('a1 '))).at(-1)).toMatch(/^a1 OK /);
    expect(await bodyOf(1)).toEqual(ODD);
  });

  it('refuses at DATA with 554 5.6.0 a message holding a NUL byte, and stores nothing', async () => {
    expect(await deliverRaw(WITH_NUL)).toMatch(/^554 5\.6\.0 .*NUL/);
    expect(inboxCount()).toBe(0);
  });

  it('refuses a submitted message holding a NUL byte with 554 5.6.0', async () => {
    const { webmel, charlotte, numen } = bed;
    const smtp = await RawSmtp.connect(webmel.ports.submission);
    await smtp.command('EHLO client.example.org');
    expect(await smtp.command(`AUTH PLAIN ${Buffer.from(`\0chabotte\0${numen}`).toString('base64')}`)).toMatch(/^235/);
    await smtp.command(`MAIL FROM:<${charlotte.address}>`);
    await smtp.command(`RCPT TO:<${charlotte.address}>`);
    expect(await smtp.command('DATA')).toMatch(/^354/);
    const message = Buffer.concat([Buffer.from(`From: <${charlotte.address}>\r\n`), WITH_NUL.subarray(WITH_NUL.indexOf('Subject'))]);
    smtp.write(Buffer.concat([message, Buffer.from('\r\n.\r\n')]));
    expect(await smtp.read()).toMatch(/^554 5\.6\.0 /);
    smtp.close();
    expect(inboxCount()).toBe(0);
  });

  it('refuses APPEND of a message holding a NUL byte, and stores nothing', async () => {
    const imap = await bed.raw();
    imap.send(`a1 APPEND INBOX {${WITH_NUL.length}+}\r\n`);
    imap.send(Buffer.concat([WITH_NUL, Buffer.from('\r\n')]));
    expect((await imap.until((line) => line.startsWith('a1 '))).at(-1)).toMatch(/^a1 BAD .*NUL/);
    expect((await imap.command('a2 NOOP')).at(-1)).toMatch(/^a2 OK /);
    expect(inboxCount()).toBe(0);
  });
});
