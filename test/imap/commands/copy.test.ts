// COPY / UID COPY (RFC 3501 6.4.7, COPYUID from RFC 4315) and MOVE / UID MOVE (RFC 6851):
// UID mappings, TRYCREATE, quota (COPY refused with OVERQUOTA, MOVE never), live updates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { found, MessageTestbed, putMany, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
  putMany(bed, [1, 2, 3].map((i) => textMessage({ subject: `Message ${i}` })));
});
afterEach(async () => bed.stop());

describe('COPY', () => {
  it('copies with imapflow and reports the UID mapping', async () => {
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const result = await client.messageCopy('1:2', 'Archives');
    expect(result).toMatchObject({ destination: 'Archives', uidValidity: BigInt(bed.mailbox('Archives').uidValidity) });
    expect([...(result as { uidMap: Map<number, number> }).uidMap]).toEqual([[1, 1], [2, 2]]);
    const status = found(await client.status('Archives', { messages: true }));
    expect(status.messages).toBe(2);
    // Flags travel with the copy.
    await client.messageFlagsAdd('3', ['\\Flagged']);
    await client.messageCopy('3', 'Archives');
    await client.mailboxOpen('Archives');
    const copied = found(await client.fetchOne('3', { flags: true, envelope: true }));
    expect(copied.flags!.has('\\Flagged')).toBe(true);
    expect(copied.envelope!.subject).toBe('Message 3');
  });

  it('answers [COPYUID uidvalidity source destination] on the raw socket, UID COPY included', async () => {
    const imap = await bed.raw('INBOX');
    const validity = bed.mailbox('Archives').uidValidity;
    expect((await imap.command('c1 COPY 1,3 Archives')).at(-1)).toMatch(new RegExp(`^c1 OK \\[COPYUID ${validity} 1,3 1:2\\] `));
    expect((await imap.command('c2 UID COPY 2:* Archives')).at(-1)).toMatch(new RegExp(`^c2 OK \\[COPYUID ${validity} 2:3 3:4\\] `));
    // UIDs that do not exist copy nothing, and that is not an error.
    expect(await imap.command('c3 UID COPY 50:60 Archives')).toEqual([expect.stringMatching(/^c3 OK/)]);
  });

  it('refuses a missing destination with NO [TRYCREATE]', async () => {
    const imap = await bed.raw('INBOX');
    expect((await imap.command('t1 COPY 1 Inexistant')).at(-1)).toMatch(/^t1 NO \[TRYCREATE\] /);
    expect((await imap.command('t2 MOVE 1 Inexistant')).at(-1)).toMatch(/^t2 NO \[TRYCREATE\] /);
  });

  it('refuses a COPY that would go over the quota with NO [OVERQUOTA], copying nothing', async () => {
    const used = bed.webmel.services.store.usage(bed.account.id).usedBytes;
    bed.webmel.services.accounts.setQuota(bed.account.id, used + 100);
    const imap = await bed.raw('INBOX');
    expect((await imap.command('q1 COPY 1:3 Archives')).at(-1)).toMatch(/^q1 NO \[OVERQUOTA\] /);
    expect(bed.webmel.services.store.counts(bed.mailbox('Archives').id).messages).toBe(0);
  });

  it('announces a COPY into the selected folder with EXISTS', async () => {
    const imap = await bed.raw('INBOX');
    expect(await imap.command('s1 COPY 1 INBOX')).toEqual(['* 4 EXISTS', '* 4 RECENT', expect.stringMatching(/^s1 OK \[COPYUID/)]);
  });
});

describe('MOVE', () => {
  it('moves with imapflow, reporting the mapping, and the source loses the messages', async () => {
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const result = await client.messageMove('2:3', 'Corbeille');
    expect([...(result as { uidMap: Map<number, number> }).uidMap]).toEqual([[2, 1], [3, 2]]);
    expect(client.mailbox && client.mailbox.exists).toBe(1);
    const left = await client.fetchAll('1:*', { uid: true });
    expect(left.map((m) => m.uid)).toEqual([1]);
  });

  it('sends OK [COPYUID …] before the EXPUNGE responses (RFC 6851 4.3)', async () => {
    const imap = await bed.raw('INBOX');
    const validity = bed.mailbox('Archives').uidValidity;
    expect(await imap.command('m1 MOVE 1,3 Archives')).toEqual([
      expect.stringMatching(new RegExp(`^\\* OK \\[COPYUID ${validity} 1,3 1:2\\] `)),
      '* 1 EXPUNGE',
      '* 2 EXPUNGE',
      expect.stringMatching(/^m1 OK/),
    ]);
    expect(await imap.command('m2 UID MOVE 2 Archives')).toEqual([
      expect.stringMatching(new RegExp(`^\\* OK \\[COPYUID ${validity} 2 3\\] `)),
      '* 1 EXPUNGE',
      expect.stringMatching(/^m2 OK/),
    ]);
  });

  it('moves into the selected folder itself as COPY then EXPUNGE: new UIDs, COPYUID, EXPUNGE and EXISTS (RFC 6851 3.3)', async () => {
    const imap = await bed.raw('INBOX');
    const validity = bed.mailbox('INBOX').uidValidity;
    expect(await imap.command('m1 MOVE 1 INBOX')).toEqual([
      expect.stringMatching(new RegExp(`^\\* OK \\[COPYUID ${validity} 1 4\\] `)),
      // The original leaves, then its copy arrives at the end: three messages again.
      '* 1 EXPUNGE',
      '* 3 EXISTS',
      '* 3 RECENT',
      expect.stringMatching(/^m1 OK/),
    ]);
    expect(await imap.command('f1 FETCH 1:* (UID)')).toEqual([
      '* 1 FETCH (UID 2)',
      '* 2 FETCH (UID 3)',
      '* 3 FETCH (UID 4)',
      expect.stringMatching(/^f1 OK/),
    ]);
  });

  it('never refuses a MOVE for quota, even to Corbeille from a full mailbox', async () => {
    bed.webmel.services.accounts.setQuota(bed.account.id, 10);
    const imap = await bed.raw('INBOX');
    expect((await imap.command('f1 MOVE 1:3 Corbeille')).at(-1)).toMatch(/^f1 OK/);
    expect(bed.webmel.services.store.counts(bed.mailbox('Corbeille').id).messages).toBe(3);
  });

  it('refuses MOVE from a folder opened with EXAMINE', async () => {
    const imap = await bed.raw();
    await imap.command('e1 EXAMINE INBOX');
    expect((await imap.command('e2 MOVE 1 Archives')).at(-1)).toMatch(/^e2 NO /);
  });

  it('tells sessions on the source about the EXPUNGE and sessions on the destination about the EXISTS', async () => {
    const mover = await bed.raw('INBOX');
    const source = await bed.raw('INBOX');
    const target = await bed.raw('Archives');
    await mover.command('m1 MOVE 2 Archives');
    expect(await source.command('s1 NOOP')).toEqual(['* 2 EXPUNGE', expect.stringMatching(/^s1 OK/)]);
    expect(await target.command('t1 NOOP')).toEqual(['* 1 EXISTS', '* 1 RECENT', expect.stringMatching(/^t1 OK/)]);
  });
});
