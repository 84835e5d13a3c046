/**
 * Changing messages and folders through IMAP, as the reader's own client: flags (STORE),
 * MOVE (RFC 6851) to another folder or to the Corbeille, permanent deletion (\Deleted then
 * UID EXPUNGE, RFC 4315), folder CREATE/RENAME/DELETE. imapflow answers some refusals with
 * `false` instead of throwing: each is turned into a MailActionError here.
 */
import type { Account } from '../../accounts/account-store.js';
import { MailActionError } from './imap-errors.js';
import type { ImapPool } from './imap-pool.js';
import { forgetFolderCounts, INBOX, listFolders, specialFolder } from './folders.js';

type Who = Pick<Account, 'id' | 'login'>;

/** UIDs per bulk request: a page is 50; a few pages at once is still a deliberate action. */
export const MAX_BULK_UIDS = 500;

export type FlagChange = { flag: '\\Seen' | '\\Flagged'; on: boolean };

function uidSet(uids: readonly number[]): string {
  if (uids.length === 0 || uids.length > MAX_BULK_UIDS) throw new MailActionError('Sélectionnez au moins un message (500 au plus).');
  return uids.join(',');
}

export function setFlag(pool: ImapPool, account: Who, path: string, uids: readonly number[], change: FlagChange): Promise<void> {
  const set = uidSet(uids);
  return pool.inMailbox(account, path, async (client) => {
    const done = change.on
      ? await client.messageFlagsAdd(set, [change.flag], { uid: true })
      : await client.messageFlagsRemove(set, [change.flag], { uid: true });
    if (!done) throw new MailActionError('Le serveur de messagerie a refusé de modifier ces messages.');
    if (change.flag === '\\Seen') forgetFolderCounts(pool, account);
  });
}

export function moveMessages(pool: ImapPool, account: Who, path: string, uids: readonly number[], target: string): Promise<void> {
  const set = uidSet(uids);
  if (target === path) return Promise.resolve();
  return pool.inMailbox(account, path, async (client) => {
    const moved = await client.messageMove(set, target, { uid: true });
    if (!moved) throw new MailActionError('Le déplacement a échoué : le dossier de destination existe-t-il encore ?');
  });
}

/** Removes messages for good (frees their space at once). */
export function expungeMessages(pool: ImapPool, account: Who, path: string, uids: readonly number[] | 'all'): Promise<void> {
  return pool.inMailbox(account, path, async (client, mailbox) => {
    if (uids === 'all' && mailbox.exists === 0) return;
    const set = uids === 'all' ? '1:*' : uidSet(uids);
    const done = await client.messageDelete(set, { uid: uids !== 'all' });
    if (!done) throw new MailActionError('La suppression a échoué.');
  });
}

/**
 * « Supprimer »: to the Corbeille (a move, which never needs quota); in the Corbeille itself,
 * for good. Returns where the messages went (null: deleted).
 */
export async function deleteMessages(pool: ImapPool, account: Who, path: string, uids: readonly number[]): Promise<string | null> {
  const trash = specialFolder(await listFolders(pool, account), '\\Trash');
  if (!trash || trash.path === path) {
    await expungeMessages(pool, account, path, uids);
    return null;
  }
  await moveMessages(pool, account, path, uids, trash.path);
  return trash.path;
}

export function markAllRead(pool: ImapPool, account: Who, path: string): Promise<void> {
  return pool.inMailbox(account, path, async (client, mailbox) => {
    if (mailbox.exists === 0) return;
    const done = await client.messageFlagsAdd('1:*', ['\\Seen']);
    if (!done) throw new MailActionError('Le serveur de messagerie a refusé de marquer les messages comme lus.');
    forgetFolderCounts(pool, account);
  });
}

/** UIDs of messages received before `date` (RFC 3501 6.4.4 BEFORE: date only, server's time zone). */
export function uidsBefore(pool: ImapPool, account: Who, path: string, date: Date): Promise<number[]> {
  return pool.inMailbox(account, path, async (client) => {
    const uids = await client.search({ before: date }, { uid: true });
    return Array.isArray(uids) ? uids : [];
  });
}

/** « Supprimer les messages antérieurs au … »: for good, in batches. Returns how many went. */
export async function deleteOlderThan(pool: ImapPool, account: Who, path: string, date: Date): Promise<number> {
  const uids = await uidsBefore(pool, account, path, date);
  for (let i = 0; i < uids.length; i += MAX_BULK_UIDS) {
    await expungeMessages(pool, account, path, uids.slice(i, i + MAX_BULK_UIDS));
  }
  return uids.length;
}

export function createFolder(pool: ImapPool, account: Who, path: string): Promise<void> {
  return pool.run(account, async (client) => {
    const created = await client.mailboxCreate(path);
    if (!created.created) throw new MailActionError('Un dossier porte déjà ce nom.');
  });
}

// Rename and delete run with INBOX selected (under the mailbox lock): the connection must not sit
// in the folder being changed, nor another request use it meanwhile.

export function renameFolder(pool: ImapPool, account: Who, path: string, newPath: string): Promise<void> {
  if (path === INBOX) return Promise.reject(new MailActionError('La boîte de réception ne peut pas être renommée.'));
  return pool.inMailbox(account, INBOX, async (client) => {
    await client.mailboxRename(path, newPath);
  });
}

export function deleteFolder(pool: ImapPool, account: Who, path: string): Promise<void> {
  if (path === INBOX) return Promise.reject(new MailActionError('La boîte de réception ne peut pas être supprimée.'));
  return pool.inMailbox(account, INBOX, async (client) => {
    await client.mailboxDelete(path);
  });
}
