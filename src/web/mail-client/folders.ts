/**
 * The folder list with message and unread counts (LIST, with RFC 5819 LIST-STATUS when the
 * server offers it, STATUS per folder otherwise: imapflow chooses), in the order the
 * académies' webmails show them: INBOX, then the special folders (RFC 6154), then the user's.
 */
import type { ImapFlow, ListResponse } from 'imapflow';
import type { Account } from '../../accounts/account-store.js';
import type { ImapPool, OwnFlagChange } from './imap-pool.js';

export interface Folder {
  path: string;
  /** Last level of the path, or the French name of INBOX. */
  label: string;
  depth: number;
  delimiter: string;
  specialUse: string | null;
  messages: number;
  unseen: number;
  /** \Noselect folders exist only as parents. */
  selectable: boolean;
}

export const INBOX = 'INBOX';
export const INBOX_LABEL = 'Boîte de réception';

/** Display order of the special folders after INBOX. */
const SPECIAL_ORDER = ['\\Sent', '\\Drafts', '\\Trash', '\\Junk', '\\Archive'];

function rank(folder: Pick<Folder, 'path' | 'specialUse'>): number {
  if (folder.path === INBOX) return 0;
  const index = folder.specialUse ? SPECIAL_ORDER.indexOf(folder.specialUse) : -1;
  return index === -1 ? SPECIAL_ORDER.length + 1 : index + 1;
}

function toFolder(entry: ListResponse): Folder {
  const isInbox = entry.path.toUpperCase() === INBOX;
  return {
    path: isInbox ? INBOX : entry.path,
    label: isInbox ? INBOX_LABEL : entry.name,
    depth: entry.parent.length,
    delimiter: entry.delimiter || '/',
    specialUse: isInbox ? null : entry.specialUse ?? null,
    messages: entry.status?.messages ?? 0,
    unseen: entry.status?.unseen ?? 0,
    selectable: !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'),
  };
}

/** Special folders first, then user folders alphabetically with each parent before its children. */
export function sortFolders(folders: Folder[]): Folder[] {
  return [...folders].sort((a, b) => {
    // Children follow their top-level parent's rank.
    const topA = folders.find((f) => f.path === a.path.split(a.delimiter)[0]) ?? a;
    const topB = folders.find((f) => f.path === b.path.split(b.delimiter)[0]) ?? b;
    const byRank = rank(topA) - rank(topB);
    if (byRank !== 0) return byRank;
    return a.path.localeCompare(b.path, 'fr', { sensitivity: 'base' });
  });
}

async function fetchFolders(client: ImapFlow): Promise<Folder[]> {
  const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
  return sortFolders(entries.map(toFolder));
}

/**
 * The folder list with counts is kept until anything changes in the account (a burst of changes
 * elsewhere costs one recount at the next page, not one per change). The reader's own read of a
 * message amends it in place instead (`amendFoldersRead`), so reading mail costs no recount.
 */
export const FOLDERS_MEMO = 'folders';

export function listFolders(pool: ImapPool, account: Pick<Account, 'id' | 'login'>): Promise<Folder[]> {
  // Counted under the mailbox lock: the reader's own STOREs (which amend this memo) cannot run
  // in the middle of the count and leave it looking out of date.
  return pool.memo(account, FOLDERS_MEMO, { kind: 'all' }, (stamp) =>
    pool.exclusive(account, (client) => {
      stamp();
      return fetchFolders(client);
    }),
  );
}

/** Our own read of one message in `path`: its folder's unread count drops by one, no recount needed. */
export function amendFoldersRead(key: string, value: unknown, change: OwnFlagChange, path: string): ((now: number) => void) | null {
  if (key !== FOLDERS_MEMO || !change.memoWasCurrent) return null;
  const folder = (value as Folder[]).find((f) => f.path === path);
  if (folder && folder.unseen > 0) folder.unseen--;
  return () => {}; // the memo's own stamp is all there is
}

/** After our own flag changes on several messages: recount next time. */
export function forgetFolderCounts(pool: ImapPool, account: Pick<Account, 'id'>): void {
  pool.forget(account, FOLDERS_MEMO);
}

export function findFolder(folders: readonly Folder[], path: string): Folder | null {
  const wanted = path.toUpperCase() === INBOX ? INBOX : path;
  return folders.find((folder) => folder.path === wanted) ?? null;
}

export function specialFolder(folders: readonly Folder[], specialUse: string): Folder | null {
  return folders.find((folder) => folder.specialUse === specialUse) ?? null;
}

/** Corbeille and Indésirables: deleting there is for good, and they can be emptied. */
export function isDisposalFolder(folder: Pick<Folder, 'specialUse'> | null): boolean {
  return folder?.specialUse === '\\Trash' || folder?.specialUse === '\\Junk';
}
