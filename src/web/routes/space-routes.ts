/**
 * « Libérer de l'espace ». The numbers (size per folder, largest messages) are the quota's own,
 * read from the store like the meter; every deletion goes through IMAP like any other action.
 */
import { Router } from 'express';
import { findFolder, listFolders, type Folder } from '../mail-client/folders.js';
import { MailActionError } from '../mail-client/imap-errors.js';
import { deleteOlderThan } from '../mail-client/message-actions.js';
import { seeOther } from '../http/request-kind.js';
import { quotaView } from '../quota-view.js';
import { spacePage, type FolderUsage, type LargeMessage } from '../views/pages/space-page.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { attempt } from './mailbox-routes.js';
import { bodyField } from './params.js';
import { renderPage } from './render.js';

/** Largest messages listed: one screen, enough to find what fills the box. */
export const LARGEST_SHOWN = 20;

export function spaceRoutes(deps: WebDeps): Router {
  const router = Router();
  const { store } = deps.services;

  router.get('/space', async (_req, res) => {
    const { account } = signedIn(res.locals);
    const folders = await listFolders(deps.pool, account);
    const folderOf = (name: string): Folder | null => findFolder(folders, name);
    const usage: FolderUsage[] = store
      .folderUsage(account.id)
      .flatMap((row) => {
        const folder = folderOf(row.name);
        return folder ? [{ folder, bytes: row.bytes, messages: row.messages }] : [];
      })
      .sort((a, b) => folders.indexOf(a.folder) - folders.indexOf(b.folder));
    const largest: LargeMessage[] = store.largestMessages(account.id, LARGEST_SHOWN).flatMap((row) => {
      const folder = folderOf(row.mailboxName);
      return folder
        ? [{ folder, uid: row.uid, subject: row.subject, from: row.fromText, size: row.size, date: new Date(row.internalDate) }]
        : [];
    });
    renderPage(deps, res, {
      title: 'Libérer de l’espace',
      main: spacePage({ quota: quotaView(deps.services, account), usage, largest, folders, csrfToken: res.locals.csrfToken }),
      folders: { list: folders, current: null },
    });
  });

  router.post('/space/delete-older', async (req, res) => {
    const { account } = signedIn(res.locals);
    const folders = await listFolders(deps.pool, account);
    const folder = findFolder(folders, bodyField(req.body, 'folder'));
    const before = bodyField(req.body, 'before');
    await attempt(deps, res, async () => {
      if (!folder || !folder.selectable) throw new MailActionError('Choisissez un dossier.');
      const date = /^\d{4}-\d{2}-\d{2}$/.test(before) ? new Date(`${before}T00:00:00Z`) : null;
      if (!date || Number.isNaN(date.getTime())) throw new MailActionError('Indiquez une date valide.');
      if (bodyField(req.body, 'confirm') !== '1') throw new MailActionError('Cochez la case de confirmation pour supprimer définitivement.');
      const count = await deleteOlderThan(deps.pool, account, folder.path, date);
      return count === 0 ? `Aucun message de ${folder.label} n’est antérieur à cette date.` : `${count} message${count > 1 ? 's' : ''} supprimé${count > 1 ? 's' : ''} définitivement de ${folder.label}.`;
    });
    seeOther(req, res, '/space');
  });

  return router;
}
