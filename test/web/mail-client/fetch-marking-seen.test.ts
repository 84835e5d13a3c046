/**
 * The webmail's FETCH that marks a message read as it reads its body (BODY[…] without PEEK),
 * sent through imapflow's command queue to our IMAP server, read by imapflow's parser.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchMarkingSeen } from '../../../src/web/mail-client/fetch-marking-seen.js';
import { MessageTestbed, multipartMessage, textMessage } from '../../helpers/imap-messages.js';

let bed: MessageTestbed;
beforeEach(async () => {
  bed = await MessageTestbed.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await bed.stop();
});

const flagsOf = async (uid: number) => {
  const client = await bed.client();
  await client.mailboxOpen('INBOX', { readOnly: true });
  const message = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
  return message ? [...message.flags!].filter((f) => f !== '\\Recent').sort() : null;
};

describe('a FETCH that marks the message read', () => {
  it('answers the head and the source as fetchOne would, and says it marked an unread message read', async () => {
    const raw = textMessage({ subject: 'Conseil des maîtres' });
    const uid = bed.put(raw, { flags: ['\\Flagged'] });
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const peeked = await client.fetchOne(String(uid), { uid: true, envelope: true, bodyStructure: true, size: true, internalDate: true, source: { start: 0, maxLength: 65536 } }, { uid: true });
    if (!peeked) throw new Error('message not found');
    expect(await flagsOf(uid)).toEqual(['\\Flagged']);

    // The server's OK waits for its WAL to reach the disk: hold that back.
    const held: Array<() => void> = [];
    const realSync = fs.fdatasync;
    vi.spyOn(fs, 'fdatasync').mockImplementation((fd, callback) => void held.push(() => realSync(fd, callback)));
    const fetch = fetchMarkingSeen(client, uid, { head: true, sections: [{ key: '', start: 0, maxLength: 65536 }] });
    let ended = false;
    void fetch.done.then(() => (ended = true));
    const answer = await fetch.answer;
    expect(ended).toBe(false); // answered while the command still waits for the disk
    expect(held.length).toBeGreaterThan(0);
    vi.restoreAllMocks();
    for (const release of held) release();
    await fetch.done;
    expect(answer?.markedSeen).toBe(true);
    expect([...answer!.message.flags!].filter((f) => f !== '\\Recent').sort()).toEqual(['\\Flagged', '\\Seen']);
    expect(answer!.message.source!.equals(raw)).toBe(true);
    expect(answer!.message.envelope).toEqual(peeked.envelope);
    expect(answer!.message.bodyStructure).toEqual(peeked.bodyStructure);
    expect(answer!.message.size).toBe(raw.length);
    expect(await flagsOf(uid)).toEqual(['\\Flagged', '\\Seen']);
  });

  it('reads only the sections asked for, and says nothing changed for a message already read', async () => {
    const uid = bed.put(multipartMessage(), { flags: ['\\Seen'] });
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const peeked = await client.fetchOne(String(uid), { uid: true, bodyParts: [{ key: '1', start: 0, maxLength: 100 }] }, { uid: true });
    if (!peeked) throw new Error('message not found');

    const answer = await fetchMarkingSeen(client, uid, { head: false, sections: [{ key: '1', start: 0, maxLength: 100 }] }).answer;
    expect(answer?.markedSeen).toBe(false);
    expect(answer!.message.flags).toBeUndefined();
    expect(answer!.message.envelope).toBeUndefined();
    expect(answer!.message.bodyParts!.get('1')!.equals(peeked.bodyParts!.get('1')!)).toBe(true);
    expect(await flagsOf(uid)).toEqual(['\\Seen']);
  });

  it('answers null for a UID the folder does not have, and leaves the connection usable', async () => {
    bed.put(textMessage({ subject: 'Seul message' }));
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const missing = fetchMarkingSeen(client, 999, { head: true, sections: [{ key: '', start: 0, maxLength: 1024 }] });
    expect(await missing.answer).toBeNull();
    await missing.done;
    const status = await client.status('INBOX', { messages: true, unseen: true });
    expect(status).toMatchObject({ messages: 1, unseen: 1 });
  });

  it('fails both the answer and the end when the connection is gone', async () => {
    const uid = bed.put(textMessage({ subject: 'Coupure' }));
    const client = await bed.client();
    await client.mailboxOpen('INBOX');
    const fetch = fetchMarkingSeen(client, uid, { head: true, sections: [{ key: '', start: 0, maxLength: 1024 }] });
    client.close();
    await expect(fetch.answer).rejects.toThrow();
    await expect(fetch.done).rejects.toThrow();
    // Once closed, nothing is selected: refused up front, never thrown at the caller.
    const after = fetchMarkingSeen(client, uid, { head: true, sections: [{ key: '', start: 0, maxLength: 1024 }] });
    await expect(after.answer).rejects.toThrow('FETCH without a selected mailbox');
  });

  it('does not mark read in a folder opened read-only (EXAMINE)', async () => {
    const uid = bed.put(textMessage({ subject: 'En lecture seule' }));
    const client = await bed.client();
    await client.mailboxOpen('INBOX', { readOnly: true });
    const answer = await fetchMarkingSeen(client, uid, { head: false, sections: [{ key: '1', start: 0, maxLength: 1024 }] }).answer;
    expect(answer?.markedSeen).toBe(false);
    expect(await flagsOf(uid)).toEqual([]);
  });
});
