// EXPUNGE (RFC 3501 6.4.3), UID EXPUNGE (RFC 4315 2.1), CLOSE (6.4.2) and UNSELECT (RFC 3691):
// which messages go, how the sequence numbers are announced, space freed, other sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageTestbed, putMany, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
});
afterEach(async () => bed.stop());

function fill(count: number): void {
  putMany(bed, Array.from({ length: count }, (_, i) => textMessage({ subject: `Message ${i + 1}` })));
}

describe('EXPUNGE', () => {
  it('answers the RFC 3501 6.4.3 example: 3, 4, 7 and 11 deleted give 3, 3, 5, 8', async () => {
    fill(11);
    const imap = await bed.raw('INBOX');
    await imap.command('s1 STORE 3:4,7,11 +FLAGS.SILENT (\\Deleted)');
    expect(await imap.command('A202 EXPUNGE')).toEqual(['* 3 EXPUNGE', '* 3 EXPUNGE', '* 5 EXPUNGE', '* 8 EXPUNGE', expect.stringMatching(/^A202 OK/)]);
    expect((await imap.command('s2 SEARCH ALL'))[0]).toBe('* SEARCH 1 2 3 4 5 6 7');
  });

  it('expunges only the given \\Deleted UIDs with UID EXPUNGE (RFC 4315 2.1)', async () => {
    fill(5);
    const imap = await bed.raw('INBOX');
    await imap.command('s1 STORE 1:4 +FLAGS.SILENT (\\Deleted)');
    expect(await imap.command('u1 UID EXPUNGE 2:3,5')).toEqual(['* 2 EXPUNGE', '* 2 EXPUNGE', expect.stringMatching(/^u1 OK/)]);
    expect((await imap.command('u2 UID SEARCH ALL'))[0]).toBe('* SEARCH 1 4 5');
  });

  it('deletes with imapflow and frees the space', async () => {
    fill(4);
    const { store } = bed.webmel.services;
    const before = store.usage(bed.account.id);
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    expect(await client.messageDelete('2:3')).toBe(true);
    expect((await client.fetchAll('1:*', { uid: true })).map((m) => m.uid)).toEqual([1, 4]);
    const after = store.usage(bed.account.id);
    expect(after.messageCount).toBe(before.messageCount - 2);
    expect(after.usedBytes).toBeLessThan(before.usedBytes);
  });

  it('refuses EXPUNGE in a folder opened with EXAMINE', async () => {
    fill(1);
    const imap = await bed.raw();
    await imap.command('e1 EXAMINE INBOX');
    expect((await imap.command('e2 EXPUNGE')).at(-1)).toMatch(/^e2 NO /);
  });

  it('tells the other sessions on the folder, at their next command', async () => {
    fill(3);
    const expunger = await bed.raw('INBOX');
    const other = await bed.raw('INBOX');
    await expunger.command('x1 STORE 1,3 +FLAGS.SILENT (\\Deleted)');
    await expunger.command('x2 EXPUNGE');
    expect(await other.command('o1 NOOP')).toEqual([
      '* 1 FETCH (UID 1 FLAGS (\\Deleted))',
      '* 3 FETCH (UID 3 FLAGS (\\Deleted))',
      '* 1 EXPUNGE',
      '* 2 EXPUNGE',
      expect.stringMatching(/^o1 OK/),
    ]);
    expect((await other.command('o2 FETCH 1 (UID)'))[0]).toBe('* 1 FETCH (UID 2)');
  });
});

describe('EXPUNGE and IDLE', () => {
  it('pushes EXPUNGE and EXISTS to a session in IDLE', async () => {
    fill(2);
    const idler = await bed.raw('INBOX');
    const worker = await bed.raw('INBOX');
    idler.send('i1 IDLE\r\n');
    await idler.until((line) => line.startsWith('+'));
    await worker.command('w1 UID MOVE 1 Archives');
    expect(await idler.until((line) => line === '* 1 EXPUNGE')).toEqual(['* 1 EXPUNGE']);
    await worker.command('w2 UID COPY 2 INBOX');
    expect(await idler.until((line) => line.endsWith('EXISTS'))).toEqual(['* 2 EXISTS']);
    idler.send('DONE\r\n');
    expect((await idler.until((line) => line.startsWith('i1 '))).at(-1)).toMatch(/^i1 OK/);
  });
});

describe('CLOSE and UNSELECT', () => {
  it('CLOSE expunges \\Deleted messages silently and leaves the selected state', async () => {
    fill(3);
    const imap = await bed.raw('INBOX');
    await imap.command('c1 STORE 2 +FLAGS.SILENT (\\Deleted)');
    expect(await imap.command('c2 CLOSE')).toEqual([expect.stringMatching(/^c2 OK/)]);
    expect((await imap.command('c3 FETCH 1 FLAGS')).at(-1)).toMatch(/^c3 BAD/);
    expect(bed.webmel.services.store.counts(bed.mailbox().id).messages).toBe(2);
  });

  it('CLOSE after EXAMINE and UNSELECT leave every message in place', async () => {
    fill(2);
    const imap = await bed.raw('INBOX');
    await imap.command('u1 STORE 1:2 +FLAGS.SILENT (\\Deleted)');
    expect(await imap.command('u2 UNSELECT')).toEqual([expect.stringMatching(/^u2 OK/)]);
    expect((await imap.command('u3 NOOP')).at(-1)).toMatch(/^u3 OK/);
    await imap.command('u4 EXAMINE INBOX');
    expect(await imap.command('u5 CLOSE')).toEqual([expect.stringMatching(/^u5 OK/)]);
    expect(bed.webmel.services.store.counts(bed.mailbox().id).messages).toBe(2);
    expect((await imap.command('u6 UNSELECT')).at(-1)).toMatch(/^u6 BAD/);
  });
});
