// STORE and UID STORE: +FLAGS / -FLAGS / FLAGS, .SILENT, keywords, CONDSTORE's UNCHANGEDSINCE,
// read-only folders, and what other sessions are told.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageTestbed, putMany, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
  putMany(bed, [1, 2, 3, 4].map((i) => textMessage({ subject: `Message ${i}` })));
});
afterEach(async () => bed.stop());

describe('STORE', () => {
  it('adds, removes and replaces flags and keywords through imapflow', async () => {
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    expect(await client.messageFlagsAdd('1:2', ['\\Seen', 'projet'])).toBe(true);
    expect(await client.messageFlagsRemove('2', ['\\Seen'])).toBe(true);
    expect(await client.messageFlagsSet({ uid: '3' }, ['\\Flagged', '\\Answered'], { uid: true })).toBe(true);
    const flags = (await client.fetchAll('1:*', { flags: true })).map((m) => [...m.flags!].filter((f) => f !== '\\Recent').sort());
    expect(flags).toEqual([['\\Seen', 'projet'], ['projet'], ['\\Answered', '\\Flagged'], []]);
  });

  it('answers like RFC 3501 6.4.6: a FETCH per message, none with .SILENT, the UID with UID STORE', async () => {
    await bed.raw('INBOX'); // takes \Recent, so that the flags below match the RFC's example
    const imap = await bed.raw('INBOX');
    await imap.command('x3 STORE 2,4 FLAGS.SILENT (\\Seen)');
    expect(await imap.command('a003 STORE 2:4 +FLAGS (\\Deleted)')).toEqual([
      '* 2 FETCH (FLAGS (\\Seen \\Deleted))',
      '* 3 FETCH (FLAGS (\\Deleted))',
      '* 4 FETCH (FLAGS (\\Seen \\Deleted))',
      expect.stringMatching(/^a003 OK/),
    ]);
    expect(await imap.command('a004 STORE 2 -FLAGS.SILENT (\\Deleted)')).toEqual([expect.stringMatching(/^a004 OK/)]);
    expect(await imap.command('a005 UID STORE 3 FLAGS (suivi \\Draft)')).toEqual([
      '* 3 FETCH (FLAGS (\\Draft suivi) UID 3)',
      expect.stringMatching(/^a005 OK/),
    ]);
  });

  it('takes NIL as a keyword named NIL, in a list or alone (RFC 3501 9: flag-keyword = atom)', async () => {
    await bed.raw('INBOX'); // takes \\Recent, so that only the keyword shows
    const imap = await bed.raw('INBOX');
    expect(await imap.command('n1 STORE 1 +FLAGS NIL')).toEqual(['* 1 FETCH (FLAGS (NIL))', expect.stringMatching(/^n1 OK/)]);
    expect(await imap.command('n2 STORE 2 +FLAGS (NIL \\Seen)')).toEqual([
      '* 2 FETCH (FLAGS (\\Seen NIL))',
      expect.stringMatching(/^n2 OK/),
    ]);
    expect((await imap.command('n3 SEARCH KEYWORD NIL'))[0]).toBe('* SEARCH 1 2');
  });

  it('refuses \\Recent and unknown system flags with BAD, and any STORE in an EXAMINEd folder with NO', async () => {
    const imap = await bed.raw('INBOX');
    expect((await imap.command('b1 STORE 1 +FLAGS (\\Recent)')).at(-1)).toMatch(/^b1 BAD/);
    expect((await imap.command('b2 STORE 1 +FLAGS (\\Important)')).at(-1)).toMatch(/^b2 BAD/);
    expect((await imap.command('b3 STORE 9 +FLAGS (\\Seen)')).at(-1)).toMatch(/^b3 BAD/);
    await imap.command('b4 EXAMINE INBOX');
    expect((await imap.command('b5 STORE 1 +FLAGS (\\Seen)')).at(-1)).toMatch(/^b5 NO /);
  });

  it('tells another session about the change, and not the session that made it', async () => {
    const writer = await bed.raw('INBOX');
    const watcher = await bed.raw('INBOX');
    expect(await writer.command('w1 STORE 1 +FLAGS (\\Flagged)')).toEqual(['* 1 FETCH (FLAGS (\\Flagged \\Recent))', expect.stringMatching(/^w1 OK/)]);
    expect(await writer.command('w2 NOOP')).toEqual([expect.stringMatching(/^w2 OK/)]);
    expect(await watcher.command('o1 NOOP')).toEqual(['* 1 FETCH (UID 1 FLAGS (\\Flagged))', expect.stringMatching(/^o1 OK/)]);
  });
});

describe('STORE with CONDSTORE (RFC 7162 3.1.3)', () => {
  it('leaves messages changed since UNCHANGEDSINCE alone and lists them in [MODIFIED]', async () => {
    const imap = await bed.raw('INBOX');
    const modseqOf = async (seq: number) => {
      const line = (await imap.command(`q${seq} FETCH ${seq} (MODSEQ)`)).find((l) => l.startsWith(`* ${seq} FETCH`))!;
      return Number(/MODSEQ \((\d+)\)/.exec(line)![1]);
    };
    const base = Math.max(await modseqOf(1), await modseqOf(2), await modseqOf(3), await modseqOf(4));
    await imap.command('c1 STORE 2 +FLAGS.SILENT (\\Answered)'); // 2 changes after `base`
    const lines = await imap.command(`c2 STORE 1:3 (UNCHANGEDSINCE ${base}) +FLAGS (\\Seen)`);
    expect(lines.at(-1)).toMatch(/^c2 OK \[MODIFIED 2\] /);
    const fetches = lines.filter((line) => line.startsWith('* '));
    expect(fetches.map((line) => line.split(' ')[1])).toEqual(['1', '3']);
    expect(fetches[0]).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen \\Recent\) UID 1 MODSEQ \(\d+\)\)$/);
    // UID STORE lists UIDs; .SILENT still reports the new MODSEQ of changed messages.
    const silent = await imap.command(`c3 UID STORE 3:4 (UNCHANGEDSINCE ${base}) +FLAGS.SILENT (\\Flagged)`);
    expect(silent.at(-1)).toMatch(/^c3 OK \[MODIFIED 3\] /);
    expect(silent.filter((line) => line.startsWith('* '))).toEqual([expect.stringMatching(/^\* 4 FETCH \(UID 4 MODSEQ \(\d+\)\)$/)]);
  });
});
