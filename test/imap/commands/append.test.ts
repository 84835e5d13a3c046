// APPEND (RFC 3501 6.3.11) with LITERAL+ (RFC 7888) and APPENDUID (RFC 4315): flags, internal
// date, TRYCREATE, quota refused before the literal is sent (OVERQUOTA), TOOBIG, live EXISTS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { found, MessageTestbed, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start({ maxMessageBytes: 64 * 1024 });
});
afterEach(async () => bed.stop());

describe('APPEND', () => {
  it('stores a message with its flags and internal date through imapflow, byte for byte', async () => {
    const client = await bed.client();
    const raw = textMessage({ subject: 'Brouillon de lettre' });
    const result = await client.append('Brouillons', raw, ['\\Draft', '\\Seen', 'relire'], new Date('2025-02-03T08:30:00Z'));
    expect(result).toMatchObject({ destination: 'Brouillons', uid: 1, uidValidity: BigInt(bed.mailbox('Brouillons').uidValidity) });
    await client.mailboxOpen('Brouillons');
    const stored = found(await client.fetchOne('1', { source: true, flags: true, internalDate: true }));
    expect(stored.source!.equals(raw)).toBe(true);
    expect([...stored.flags!].sort()).toEqual(['\\Draft', '\\Recent', '\\Seen', 'relire']);
    expect(new Date(stored.internalDate!).toISOString()).toBe('2025-02-03T08:30:00.000Z');
  });

  it('waits for the continuation of a synchronising literal and answers [APPENDUID]', async () => {
    const imap = await bed.raw();
    const raw = textMessage();
    imap.send(`a1 APPEND INBOX (\\Flagged) "03-Feb-2025 09:30:00 +0100" {${raw.length}}\r\n`);
    expect(await imap.until((line) => line.startsWith('+'))).toEqual([expect.stringMatching(/^\+ /)]);
    imap.send(Buffer.concat([raw, Buffer.from('\r\n')]));
    const validity = bed.mailbox().uidValidity;
    expect(await imap.until((line) => line.startsWith('a1 '))).toEqual([expect.stringMatching(new RegExp(`^a1 OK \\[APPENDUID ${validity} 1\\] `))]);
  });

  it('takes pipelined LITERAL+ APPENDs and answers each in order', async () => {
    const imap = await bed.raw();
    const parts: Buffer[] = [];
    for (let i = 1; i <= 5; i++) {
      const raw = textMessage({ subject: `Pipeline ${i}` });
      parts.push(Buffer.from(`p${i} APPEND Archives {${raw.length}+}\r\n`), raw, Buffer.from('\r\n'));
    }
    imap.send(Buffer.concat(parts));
    const lines = await imap.until((line) => line.startsWith('p5 '));
    expect(lines.map((line) => line.split(' ').slice(0, 5).join(' '))).toEqual(
      [1, 2, 3, 4, 5].map((i) => `p${i} OK [APPENDUID ${bed.mailbox('Archives').uidValidity} ${i}]`),
    );
  });

  it('announces an APPEND to the selected folder with EXISTS, here and in other sessions', async () => {
    const here = await bed.raw('INBOX');
    const there = await bed.raw('INBOX');
    const raw = textMessage();
    here.send(`a1 APPEND INBOX {${raw.length}+}\r\n`);
    here.send(Buffer.concat([raw, Buffer.from('\r\n')]));
    expect(await here.until((line) => line.startsWith('a1 '))).toEqual(['* 1 EXISTS', '* 1 RECENT', expect.stringMatching(/^a1 OK \[APPENDUID /)]);
    expect(await there.command('b1 NOOP')).toEqual(['* 1 EXISTS', '* 0 RECENT', expect.stringMatching(/^b1 OK/)]);
  });

  it('refuses a missing folder with NO [TRYCREATE], and bad dates, MULTIAPPEND and literal8 with BAD', async () => {
    const imap = await bed.raw();
    const raw = textMessage();
    const send = async (tag: string, head: string) => {
      imap.send(`${tag} ${head}{${raw.length}+}\r\n`);
      imap.send(Buffer.concat([raw, Buffer.from('\r\n')]));
      return (await imap.until((line) => line.startsWith(`${tag} `))).at(-1);
    };
    expect(await send('t1', 'APPEND Nulle-part ')).toMatch(/^t1 NO \[TRYCREATE\] /);
    expect(await send('t2', 'APPEND INBOX "31-Feb-2025 09:30:00 +0100" ')).toMatch(/^t2 BAD/);
    imap.send(`t3 APPEND INBOX {${raw.length}+}\r\n`);
    imap.send(Buffer.concat([raw, Buffer.from(` {${raw.length}+}\r\n`), raw, Buffer.from('\r\n')]));
    expect((await imap.until((line) => line.startsWith('t3 '))).at(-1)).toMatch(/^t3 BAD/);
    imap.send(`t4 APPEND INBOX ~{${raw.length}+}\r\n`);
    imap.send(Buffer.concat([raw, Buffer.from('\r\n')]));
    expect((await imap.until((line) => line.startsWith('t4 '))).at(-1)).toMatch(/^t4 BAD/);
    expect((await imap.command('t5 NOOP')).at(-1)).toMatch(/^t5 OK/);
    expect(bed.webmel.services.store.counts(bed.mailbox().id).messages).toBe(0);
  });
});

describe('APPEND limits', () => {
  it('refuses a message over the quota with NO [OVERQUOTA] before its literal is sent', async () => {
    bed.webmel.services.accounts.setQuota(bed.account.id, 4096);
    const imap = await bed.raw();
    // Synchronising literal: the NO comes instead of the "+", and the client keeps its bytes.
    imap.send('q1 APPEND INBOX {5000}\r\n');
    expect(await imap.until((line) => line.startsWith('q1 ') || line.startsWith('+'))).toEqual([
      expect.stringMatching(/^q1 NO \[OVERQUOTA\] /),
    ]);
    // LITERAL+: the bytes come anyway; they are skipped and the connection stays usable.
    imap.send(`q2 APPEND INBOX {5000+}\r\n${'x'.repeat(5000)}\r\n`);
    expect((await imap.until((line) => line.startsWith('q2 '))).at(-1)).toMatch(/^q2 NO \[OVERQUOTA\] /);
    expect((await imap.command('q3 NOOP')).at(-1)).toMatch(/^q3 OK/);
    // A small message that does not fit is refused by the store's own check.
    bed.webmel.services.accounts.setQuota(bed.account.id, 100);
    const raw = textMessage();
    imap.send(`q4 APPEND INBOX {${raw.length}+}\r\n`);
    imap.send(Buffer.concat([raw, Buffer.from('\r\n')]));
    expect((await imap.until((line) => line.startsWith('q4 '))).at(-1)).toMatch(/^q4 NO \[OVERQUOTA\] /);
    expect(bed.webmel.services.store.counts(bed.mailbox().id).messages).toBe(0);
  });

  it('refuses a message over the size limit with NO [TOOBIG] before its literal is sent', async () => {
    const imap = await bed.raw();
    imap.send(`z1 APPEND INBOX {${64 * 1024 + 1}}\r\n`);
    expect(await imap.until((line) => line.startsWith('z1 ') || line.startsWith('+'))).toEqual([
      expect.stringMatching(/^z1 NO \[TOOBIG\] /),
    ]);
    expect((await imap.command('z2 NOOP')).at(-1)).toMatch(/^z2 OK/);
  });
});
