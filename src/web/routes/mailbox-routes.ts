/**
 * Folders and message lists. `GET /mailboxes/:name` is the page, or only its rows when htmx
 * asks for a fragment (the « plus » button); `GET /mailboxes` is the folder management page, or
 * the folder list fragment when the poller asks.
 */
import { Router, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { isDisposalFolder, listFolders, INBOX } from '../mail-client/folders.js';
import { refusalMessage } from '../mail-client/imap-errors.js';
import { listMessages, messagesAfter } from '../mail-client/message-list.js';
import { createFolder, deleteFolder, expungeMessages, markAllRead, renameFolder } from '../mail-client/message-actions.js';
import { exportMbox } from '../mail-client/mbox-export.js';
import { contentDisposition } from '../http/content-disposition.js';
import { localPath } from '../http/local-path.js';
import { writeChunk } from '../http/write-chunk.js';
import { seeOther, wantsFragment } from '../http/request-kind.js';
import { html } from '../mail-render/index.js';
import { quotaView } from '../quota-view.js';
import { folderList } from '../views/fragments/folder-list.js';
import { liveNewAnswer } from '../views/fragments/live-new.js';
import { messageRows } from '../views/fragments/message-rows.js';
import { quotaMeter } from '../views/fragments/quota-meter.js';
import { foldersPage } from '../views/pages/folders-page.js';
import { mailboxPage, showsRecipients } from '../views/pages/mailbox-page.js';
import { mailboxUrl } from '../views/urls.js';
import { quickRecipientLinks } from '../directory/quick-recipients-view.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { bodyField, folderNameField, listRequest, loadFolder } from './params.js';
import { flash, renderPage, sendHtml } from './render.js';

/** Runs a change; a refusal by the server becomes an error notice instead of an error page. */
export async function attempt(deps: WebDeps, res: Response, fn: () => Promise<string | null>): Promise<void> {
  try {
    const message = await fn();
    if (message) flash(deps, res, message);
  } catch (err) {
    const refusal = refusalMessage(err);
    if (refusal === null) throw err;
    flash(deps, res, refusal, 'error');
  }
}

export function mailboxRoutes(deps: WebDeps): Router {
  const router = Router();
  const who = (res: Response): Account => signedIn(res.locals).account;

  router.get('/mailboxes', async (req, res) => {
    const account = who(res);
    const folders = await listFolders(deps.pool, account);
    if (wantsFragment(req)) {
      const current = typeof req.query.current === 'string' ? req.query.current : null;
      sendHtml(res, html`${folderList(folders, current)}${quotaMeter(quotaView(deps.services, account), { oob: true })}`);
      return;
    }
    renderPage(deps, res, {
      title: 'Gérer les dossiers',
      main: foldersPage({ folders, csrfToken: res.locals.csrfToken }),
      folders: { list: folders, current: null },
    });
  });

  router.post('/mailboxes', async (req, res) => {
    const account = who(res);
    const name = folderNameField(req.body);
    if (!name) {
      flash(deps, res, 'Nom de dossier invalide : évitez les caractères * % \\ et les « / » en début ou en fin.', 'error');
    } else {
      await attempt(deps, res, async () => {
        await createFolder(deps.pool, account, name);
        return `Le dossier « ${name} » a été créé.`;
      });
    }
    seeOther(req, res, '/mailboxes');
  });

  router.get('/mailboxes/:name', async (req, res) => {
    const account = who(res);
    const { folder, folders } = await loadFolder(deps, account, req.params.name);
    const request = listRequest(req.query);
    const page = await listMessages(deps.pool, account, folder.path, request);
    res.setHeader('Vary', 'HX-Request');
    if (wantsFragment(req)) {
      const more = { path: folder.path, page: page.page, pageCount: page.pageCount, sort: request.sort, order: request.order };
      sendHtml(res, messageRows(page.messages, { path: folder.path, showRecipients: showsRecipients(folder) }, more));
      return;
    }
    renderPage(deps, res, {
      title: folder.label,
      main: mailboxPage({
        folder,
        folders,
        page,
        sort: request.sort,
        order: request.order,
        csrfToken: res.locals.csrfToken,
        // The inbox is where '/' leads: the home page.
        footer: folder.path === INBOX ? quickRecipientLinks(deps.services.directory.quickRecipients(account.address)) : '',
      }),
      folders: { list: folders, current: folder.path },
    });
  });

  router.get('/mailboxes/:name/new', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    if (!wantsFragment(req)) {
      res.redirect(303, mailboxUrl(folder.path));
      return;
    }
    const after = Number(req.query.after);
    const afterUid = Number.isSafeInteger(after) && after >= 0 ? after : 0;
    const { messages, lastUid } = await messagesAfter(deps.pool, account, folder.path, afterUid);
    const rows = messages.length > 0 ? messageRows(messages, { path: folder.path, showRecipients: showsRecipients(folder) }, null) : null;
    sendHtml(res, liveNewAnswer(folder.path, lastUid, rows, messages.length));
  });

  router.post('/mailboxes/:name/rename', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const name = folderNameField(req.body);
    if (!name || folder.path === INBOX || folder.specialUse) {
      flash(deps, res, name ? 'Ce dossier du système ne peut pas être renommé.' : 'Nom de dossier invalide.', 'error');
    } else {
      await attempt(deps, res, async () => {
        await renameFolder(deps.pool, account, folder.path, name);
        return `Le dossier « ${folder.path} » s’appelle maintenant « ${name} ».`;
      });
    }
    seeOther(req, res, '/mailboxes');
  });

  router.post('/mailboxes/:name/delete', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    if (folder.path === INBOX || folder.specialUse) {
      flash(deps, res, 'Ce dossier du système ne peut pas être supprimé.', 'error');
    } else {
      await attempt(deps, res, async () => {
        await deleteFolder(deps.pool, account, folder.path);
        return `Le dossier « ${folder.path} » a été supprimé.`;
      });
    }
    seeOther(req, res, '/mailboxes');
  });

  router.post('/mailboxes/:name/empty', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    if (!isDisposalFolder(folder)) {
      flash(deps, res, 'Seules la corbeille et les indésirables peuvent être vidés d’un coup.', 'error');
    } else {
      await attempt(deps, res, async () => {
        await expungeMessages(deps.pool, account, folder.path, 'all');
        return `Le dossier ${folder.label} a été vidé.`;
      });
    }
    seeOther(req, res, localPath(bodyField(req.body, 'back'), mailboxUrl(folder.path)));
  });

  router.post('/mailboxes/:name/read-all', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    await attempt(deps, res, async () => {
      await markAllRead(deps.pool, account, folder.path);
      return `Tous les messages de ${folder.label} sont marqués comme lus.`;
    });
    seeOther(req, res, mailboxUrl(folder.path));
  });

  router.get('/mailboxes/:name/mbox', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    res.setHeader('Content-Type', 'application/mbox');
    res.setHeader('Content-Disposition', contentDisposition('attachment', `${folder.label}.mbox`));
    res.setHeader('Cache-Control', 'private, no-store');
    await exportMbox(deps.pool, account, folder.path, (chunk) => writeChunk(res, chunk));
    res.end();
  });

  return router;
}
