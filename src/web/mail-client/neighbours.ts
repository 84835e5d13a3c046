/**
 * The message that arrived just before or just after another in its folder: « Plus ancien » and
 * « Plus récent » on the message page. Arrival order is the sequence order (RFC 3501 2.3.1.2),
 * so the neighbour is one sequence number away: the message's own number (a UID FETCH), then the
 * UID at the next one (a FETCH by number). Looked up only when asked for, so that opening a
 * message costs nothing more.
 */
import type { Account } from '../../accounts/account-store.js';
import type { ImapPool } from './imap-pool.js';

export type Direction = 'older' | 'newer';

/** The neighbour's UID, `end` at that end of the folder; null when `uid` is no longer there. */
export function neighbourUid(pool: ImapPool, account: Pick<Account, 'id' | 'login'>, path: string, uid: number, direction: Direction): Promise<number | 'end' | null> {
  return pool.inMailbox(account, path, async (client, mailbox) => {
    const here = await client.fetchOne(String(uid), { uid: true }, { uid: true });
    if (!here || here.uid !== uid) return null;
    const seq = here.seq + (direction === 'newer' ? 1 : -1);
    if (seq < 1 || seq > mailbox.exists) return 'end';
    const there = await client.fetchOne(String(seq), { uid: true });
    return there ? there.uid : 'end';
  });
}
