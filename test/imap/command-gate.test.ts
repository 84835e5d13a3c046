/**
 * Every command sent before LOGIN is answered: with its tagged reply, or with a `+` continuation
 * the client then completes; `* BAD` only for a line without a tag.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/imap/commands/index.js';
import { MAX_PREAUTH_LITERAL_BYTES } from '../../src/imap/command-gate.js';
import { RawImap } from '../helpers/imap.js';
import { startTestWebmel, type TestWebmel } from '../helpers/webmel.js';

let webmel: TestWebmel;
let imap: RawImap;

beforeEach(async () => {
  webmel = await startTestWebmel();
  imap = await RawImap.connect(webmel.ports.imap);
});
afterEach(async () => {
  imap.close();
  await webmel.stop();
});

/** Sends `data` and returns the first answer: the tagged line, a continuation, or an untagged BAD. */
async function answer(data: string, tag: string | null): Promise<string> {
  imap.send(data);
  const lines = await imap.until(
    (line) => (tag !== null && line.startsWith(`${tag} `)) || line.startsWith('+') || (tag === null && line.startsWith('* BAD')),
    3000,
  );
  return lines.at(-1)!;
}

describe('IMAP before LOGIN', () => {
  it('answers every command the server knows, in one session, with a tagged reply', async () => {
    const names = [...COMMANDS.keys()].filter((name) => name !== 'LOGOUT');
    expect(names.length).toBeGreaterThan(30);
    let n = 0;
    for (const name of names) {
      const tag = `k${n++}`;
      expect(await answer(`${tag} ${name}\r\n`, tag), name).toMatch(new RegExp(`^${tag} (OK|NO|BAD) `));
    }
    for (const name of ['UID FETCH 1 FLAGS', 'UID EXPUNGE 1', 'SELECT INBOX', 'FETCH 1 (FLAGS)', 'APPEND INBOX {5+}\r\nhello']) {
      const tag = `k${n++}`;
      expect(await answer(`${tag} ${name}\r\n`, tag), name).toMatch(new RegExp(`^${tag} BAD `));
    }
    expect(await answer('z1 LOGOUT\r\n', 'z1')).toMatch(/^z1 OK /);
  });

  it('answers unknown commands, bare tags, empty lines and untagged lines', async () => {
    for (const [data, tag] of [
      ['u1 FROBNICATE\r\n', 'u1'],
      ['u2 XLIST "" *\r\n', 'u2'],
      ['u3 UID FROB 1\r\n', 'u3'],
      ['u4\r\n', 'u4'],
      ['u5 \r\n', 'u5'],
      ['\r\n', null],
      ['\n', null],
      ['* NOOP\r\n', null],
      ['+\r\n', null],
    ] as const) {
      const reply = await answer(data, tag);
      expect(reply, JSON.stringify(data)).toMatch(tag === null ? /^\* BAD / : new RegExp(`^${tag} BAD `));
    }
    expect(await answer('n1 NOOP\r\n', 'n1')).toMatch(/^n1 OK /);
  });

  it('answers commands with literals, synchronising or not', async () => {
    expect(await answer('l1 LOGIN {5}\r\n', 'l1')).toMatch(/^\+ /);
    expect(await answer('abcde {5}\r\n', 'l1')).toMatch(/^\+ /);
    expect(await answer('fghij\r\n', 'l1')).toMatch(/^l1 NO \[AUTHENTICATIONFAILED\] /);
    expect(await answer('l2 LOGIN {5+}\r\nabcde {5+}\r\nfghij\r\n', 'l2')).toMatch(/^l2 NO \[AUTHENTICATIONFAILED\] /);
    expect(await answer('l3 LOGIN {0}\r\n', 'l3')).toMatch(/^\+ /);
    expect(await answer(' x\r\n', 'l3')).toMatch(/^l3 NO /);
    expect(await answer('l4 ID ("name" {3}\r\n', 'l4')).toMatch(/^\+ /);
    expect(await answer('abc)\r\n', 'l4')).toMatch(/^l4 OK /);
    expect(await answer('l5 NOOP {5+}\r\nabcde\r\n', 'l5')).toMatch(/^l5 BAD /);
  });

  it('refuses the literal of a command that cannot run before LOGIN instead of asking for it', async () => {
    // RFC 3501 7.5: a tagged answer instead of "+": the client does not send the literal.
    expect(await answer('r1 APPEND INBOX {5}\r\n', 'r1')).toMatch(/^r1 BAD APPEND n'est pas permise avant LOGIN/);
    expect(await answer('r2 FROBNICATE {5}\r\n', 'r2')).toMatch(/^r2 BAD Commande inconnue/);
    expect(await answer('r3 UID FETCH 1 {5}\r\n', 'r3')).toMatch(/^r3 BAD /);
    // A non-synchronising literal is on its way: it is skipped, and the session goes on.
    expect(await answer('r4 APPEND INBOX {5+}\r\nhello\r\n', 'r4')).toMatch(/^r4 BAD /);
    expect(await answer('r5 NOOP\r\n', 'r5')).toMatch(/^r5 OK /);
  });

  it('refuses literals larger than any login needs before LOGIN', async () => {
    const big = MAX_PREAUTH_LITERAL_BYTES + 1;
    expect(await answer(`b1 LOGIN {${big}}\r\n`, 'b1')).toMatch(/^b1 NO \[TOOBIG\] /);
    expect(await answer(`b2 LOGIN {${big}+}\r\n${'x'.repeat(big)} y\r\n`, 'b2')).toMatch(/^b2 NO \[TOOBIG\] /);
    expect(await answer('b3 NOOP\r\n', 'b3')).toMatch(/^b3 OK /);
  });

  it('answers AUTHENTICATE whatever the mechanism and however the exchange ends', async () => {
    expect(await answer('a1 AUTHENTICATE\r\n', 'a1')).toMatch(/^a1 BAD /);
    expect(await answer('a2 AUTHENTICATE XFOO\r\n', 'a2')).toMatch(/^a2 NO /);
    expect(await answer('a3 AUTHENTICATE XOAUTH2 dGVzdA==\r\n', 'a3')).toMatch(/^a3 NO /);
    expect(await answer('a4 AUTHENTICATE "PLAIN"\r\n', 'a4')).toMatch(/^a4 BAD /);
    expect(await answer('a5 AUTHENTICATE PLAIN\r\n', 'a5')).toMatch(/^\+/);
    expect(await answer('*\r\n', 'a5')).toMatch(/^a5 BAD /); // RFC 3501 6.2.2: cancelled
    expect(await answer('a6 AUTHENTICATE PLAIN\r\n', 'a6')).toMatch(/^\+/);
    expect(await answer('!!not base64!!\r\n', 'a6')).toMatch(/^a6 BAD /);
    expect(await answer('a7 AUTHENTICATE PLAIN\r\n', 'a7')).toMatch(/^\+/);
    expect(await answer('\r\n', 'a7')).toMatch(/^a7 BAD /);
    expect(await answer('a8 AUTHENTICATE PLAIN {5}\r\n', 'a8')).toMatch(/^\+ /);
    expect(await answer('abcde\r\n', 'a8')).toMatch(/^a8 BAD /); // SASL responses are not literals
    expect(await answer('a9 AUTHENTICATE PLAIN\r\n', 'a9')).toMatch(/^\+/);
    // A response longer than any line the server reads: the AUTHENTICATE itself is answered.
    expect(await answer(`${'x'.repeat(70_000)}\r\n`, 'a9')).toMatch(/^a9 BAD /);
    expect(await answer('a10 NOOP\r\n', 'a10')).toMatch(/^a10 OK /);
  });

  it('answers IDLE and its DONE, and keeps answering after them', async () => {
    expect(await answer('i1 IDLE\r\n', 'i1')).toMatch(/^i1 BAD /);
    expect(await answer('DONE\r\n', 'DONE')).toMatch(/^DONE BAD /);
    expect(await answer('i2 CAPABILITY\r\n', 'i2')).toMatch(/^i2 OK /);
  });
});
