/**
 * The pool's bookkeeping of the reader's own flag changes (ImapPool.ownFlagChange), on memoised
 * values computed without the server: what she sees between her change and the server's answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger.js';
import { AccountVersions } from '../../../src/web/mail-client/account-versions.js';
import { ImapPool } from '../../../src/web/mail-client/imap-pool.js';

const reader = { id: 7, login: 'lecteur' };
let versions: AccountVersions;
let pool: ImapPool;

const flagChange = () => versions.record({ kind: 'flags', accountId: reader.id, mailboxId: 1, uid: 1, flags: 1, keywords: '', modseq: 1 });

/** An unread count memoised as the folder list is, and an amender that marks one message read. */
async function memoisedUnread(count: number): Promise<{ value: { unseen: number } }> {
  const value = { unseen: count };
  await pool.memo(reader, 'folders', { kind: 'all' }, async () => value);
  return { value };
}
const readOne = (key: string, value: unknown, change: { memoWasCurrent: boolean }) => {
  if (key !== 'folders' || !change.memoWasCurrent) return null;
  (value as { unseen: number }).unseen--;
  return () => {};
};
const current = () => pool.peek<{ unseen: number }>(reader, 'folders', { kind: 'all' })?.value;

beforeEach(() => {
  versions = new AccountVersions();
  // Never connects: these memos are computed without the server.
  pool = new ImapPool({ host: '127.0.0.1', port: 1, serviceSecret: 'x', versions, log: silentLogger, maxLiteralBytes: 1024 });
});
afterEach(async () => {
  await pool.close();
});

describe("the reader's own flag change, between her page and the server's answer", () => {
  it('shows at once in what is memoised, and is still answered from memory while the change is on its way', async () => {
    await memoisedUnread(3);
    const change = pool.ownFlagChange(reader, readOne);
    let finish!: () => void;
    pool.afterAnswer(reader, new Promise<void>((resolve) => (finish = resolve)));
    expect(current()).toEqual({ unseen: 2 });
    // A memo() call does not wait for the change either: its answer already shows it.
    expect(await pool.memo(reader, 'folders', { kind: 'all' }, async () => ({ unseen: 99 }))).toEqual({ unseen: 2 });
    flagChange(); // the server commits it
    change.settle();
    finish();
    expect(current()).toEqual({ unseen: 2 });
  });

  it('lets the memo refresh when someone else changed flags as well', async () => {
    await memoisedUnread(3);
    const change = pool.ownFlagChange(reader, readOne);
    flagChange(); // Thunderbird
    flagChange(); // ours
    change.settle();
    expect(current()).toBeUndefined();
    expect(await pool.memo(reader, 'folders', { kind: 'all' }, async () => ({ unseen: 1 }))).toEqual({ unseen: 1 });
  });

  it('forgets the amended answers when the change fails, so the truth is asked again', async () => {
    await memoisedUnread(3);
    const change = pool.ownFlagChange(reader, readOne);
    expect(current()).toEqual({ unseen: 2 });
    change.abandon();
    expect(current()).toBeUndefined();
  });

  it('takes in a change the server already made (a FETCH that marked a message read), counted from the version before it was asked', async () => {
    await memoisedUnread(3);
    const before = versions.flags(reader.id);
    flagChange(); // committed by the server before it answered the FETCH
    pool.ownFlagChange(reader, readOne, before).settle();
    expect(current()).toEqual({ unseen: 2 });
  });

  it('lets the memo refresh when someone else changed flags while that FETCH was on its way', async () => {
    await memoisedUnread(3);
    const before = versions.flags(reader.id);
    flagChange(); // Thunderbird
    flagChange(); // the FETCH
    pool.ownFlagChange(reader, readOne, before).settle();
    expect(current()).toBeUndefined();
  });

  it('answers a memo made stale by a read in flight once the read is taken in, without computing it again', async () => {
    await memoisedUnread(3);
    const before = versions.flags(reader.id);
    let readDone!: () => void;
    pool.afterAnswer(reader, new Promise<void>((resolve) => (readDone = resolve)));
    flagChange(); // the server marked it read; its answer is not read yet
    let computed = false;
    const answer = pool.memo(reader, 'folders', { kind: 'all' }, async () => {
      computed = true;
      return { unseen: 99 };
    });
    pool.ownFlagChange(reader, readOne, before).settle();
    readDone();
    expect(await answer).toEqual({ unseen: 2 });
    expect(computed).toBe(false);
  });

  it('asks the server only once the pending change is made there', async () => {
    await memoisedUnread(3);
    flagChange(); // the memo is now stale: it must be computed again
    const order: string[] = [];
    let finish!: () => void;
    pool.afterAnswer(reader, new Promise<void>((resolve) => (finish = resolve)).then(() => void order.push('change made')));
    const computed = pool.memo(reader, 'folders', { kind: 'all' }, async () => {
      order.push('computed');
      return { unseen: 2 };
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    finish();
    expect(await computed).toEqual({ unseen: 2 });
    expect(order).toEqual(['change made', 'computed']);
  });
});
