/**
 * One message and the actions on messages: read, flag, mark unread, move, delete (to the
 * Corbeille; for good from the Corbeille or from « Libérer de l'espace »), and the same actions
 * on a selection, in one folder or across the folders of a search's results. Folders come from
 * the URL or the form and are looked up among the reader's own, and every IMAP command runs on
 * the reader's own connection: another account's message is a 404, or left out of a selection.
 */
import { Router, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import type { Folder } from '../mail-client/folders.js';
import { findFolder, listFolders } from '../mail-client/folders.js';
import { MailActionError } from '../mail-client/imap-errors.js';
import { messageSummary } from '../mail-client/message-list.js';
import { deleteMessages, expungeMessages, moveMessages, setFlag } from '../mail-client/message-actions.js';
import { openMessage } from '../mail-client/message-read.js';
import { neighbourUid } from '../mail-client/neighbours.js';
import { localPath } from '../http/local-path.js';
import { seeOther, wantsFragment } from '../http/request-kind.js';
import { isOutsideSender, sanitizeMailHtml } from '../mail-render/index.js';
import { messageRow } from '../views/fragments/message-rows.js';
import { messagePage } from '../views/pages/message-page.js';
import { showsRecipients } from '../views/pages/mailbox-page.js';
import { mailboxUrl, messageUrl } from '../views/urls.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { NotFoundError } from './errors.js';
import { attempt } from './mailbox-routes.js';
import { bodyField, loadFolder, selectionsAcrossFolders, uidList, uidParam, type FolderSelection } from './params.js';
import { flash, renderPage, sendHtml } from './render.js';

type Action = 'read' | 'unread' | 'flag' | 'unflag' | 'move' | 'delete';
const ACTIONS: ReadonlySet<string> = new Set(['read', 'unread', 'flag', 'unflag', 'move', 'delete']);

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many.replace('{n}', String(count));
}

/**
 * Runs one action on the selected messages, folder by folder (search results span several);
 * returns the notice for the reader.
 */
async function runAction(deps: WebDeps, account: Account, selections: readonly FolderSelection[], folders: readonly Folder[], action: Action, target: string): Promise<string> {
  const count = selections.reduce((sum, s) => sum + s.uids.length, 0);
  switch (action) {
    case 'read':
    case 'unread':
      for (const { folder, uids } of selections) await setFlag(deps.pool, account, folder.path, uids, { flag: '\\Seen', on: action === 'read' });
      return plural(count, `Message marqué comme ${action === 'read' ? 'lu' : 'non lu'}.`, `{n} messages marqués comme ${action === 'read' ? 'lus' : 'non lus'}.`);
    case 'flag':
    case 'unflag':
      for (const { folder, uids } of selections) await setFlag(deps.pool, account, folder.path, uids, { flag: '\\Flagged', on: action === 'flag' });
      return plural(count, action === 'flag' ? 'Message suivi.' : 'Message plus suivi.', action === 'flag' ? '{n} messages suivis.' : '{n} messages plus suivis.');
    case 'move': {
      const destination = findFolder(folders, target);
      if (!destination || !destination.selectable) throw new MailActionError('Choisissez un dossier de destination.');
      // Those already there stay as they are (a search result can be in the destination).
      for (const { folder, uids } of selections) {
        if (folder.path !== destination.path) await moveMessages(deps.pool, account, folder.path, uids, destination.path);
      }
      return plural(count, `Message déplacé vers ${destination.label}.`, `{n} messages déplacés vers ${destination.label}.`);
    }
    case 'delete': {
      let trashed = 0;
      let gone = 0;
      for (const { folder, uids } of selections) {
        if ((await deleteMessages(deps.pool, account, folder.path, uids)) === null) gone += uids.length;
        else trashed += uids.length;
      }
      return [
        trashed > 0 ? plural(trashed, 'Message placé dans la corbeille.', '{n} messages placés dans la corbeille.') : '',
        gone > 0 ? plural(gone, 'Message supprimé définitivement.', '{n} messages supprimés définitivement.') : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
  }
}

export function messageRoutes(deps: WebDeps): Router {
  const router = Router();
  const who = (res: Response): Account => signedIn(res.locals).account;

  router.get('/mailboxes/:name/messages/:uid', async (req, res) => {
    const account = who(res);
    const { folder, folders } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const message = await openMessage(deps.pool, account, folder.path, uid, { markSeen: true });
    if (!message) throw new NotFoundError('no such message');
    const sender = message.from[0]?.address ?? null;
    const senderTrusted = deps.trusted.trusts(account.id, sender);
    const imagesAllowed = req.query.images === '1' || senderTrusted;
    // Count the remote images the frame will block, to offer « Afficher les images ». Only the
    // sanitiser knows for sure; a body without `<img` has none, and skips it.
    const blockedImages = imagesAllowed
      ? 0
      : message.texts
          .filter((t) => t.kind === 'html' && /<img/i.test(t.text))
          .reduce((sum, t) => sum + sanitizeMailHtml(t.text, { allowRemote: false, cidUrl: () => null }).blockedRemote, 0);
    renderPage(deps, res, {
      title: message.subject || '(sans objet)',
      main: messagePage({
        folder,
        folders,
        message,
        csrfToken: res.locals.csrfToken,
        outsideSender: isOutsideSender(sender),
        imagesAllowed,
        blockedImages,
        senderTrusted,
      }),
      folders: { list: folders, current: folder.path },
    });
  });

  // « Plus ancien » / « Plus récent »: a redirect to the neighbour, looked up on the click.
  for (const direction of ['older', 'newer'] as const) {
    router.get(`/mailboxes/:name/messages/:uid/${direction}`, async (req, res) => {
      const account = who(res);
      const { folder } = await loadFolder(deps, account, req.params.name);
      const uid = uidParam(req.params.uid);
      const next = await neighbourUid(deps.pool, account, folder.path, uid, direction);
      if (next === null) {
        res.redirect(303, mailboxUrl(folder.path)); // the message itself has gone
      } else if (next === 'end') {
        flash(deps, res, direction === 'older' ? 'C’est le message le plus ancien de ce dossier.' : 'C’est le message le plus récent de ce dossier.');
        res.redirect(303, messageUrl(folder.path, uid));
      } else {
        res.redirect(303, messageUrl(folder.path, next));
      }
    });
  }

  router.post('/mailboxes/:name/messages/:uid/actions', async (req, res) => {
    const account = who(res);
    const { folder, folders } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const action = bodyField(req.body, 'action');
    if (!ACTIONS.has(action)) throw new NotFoundError('unknown action');
    await attempt(deps, res, () => runAction(deps, account, [{ folder, uids: [uid] }], folders, action as Action, bodyField(req.body, 'target')));
    // Flag stays on the message; the others go back to the list (the message left, or was marked unread).
    seeOther(req, res, action === 'flag' || action === 'unflag' ? messageUrl(folder.path, uid) : mailboxUrl(folder.path));
  });

  router.post('/mailboxes/:name/messages/:uid/flag', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    const on = bodyField(req.body, 'flagged') === '1';
    await setFlag(deps.pool, account, folder.path, [uid], { flag: '\\Flagged', on });
    if (wantsFragment(req)) {
      const summary = await messageSummary(deps.pool, account, folder.path, uid);
      if (!summary) throw new NotFoundError('message gone');
      sendHtml(res, messageRow(summary, { path: folder.path, showRecipients: showsRecipients(folder) }));
      return;
    }
    seeOther(req, res, localPath(bodyField(req.body, 'back'), mailboxUrl(folder.path)));
  });

  router.post('/mailboxes/:name/messages/bulk', async (req, res) => {
    const account = who(res);
    const { folder, folders } = await loadFolder(deps, account, req.params.name);
    const action = bodyField(req.body, 'action');
    const uids = uidList(req.body);
    if (!ACTIONS.has(action)) throw new NotFoundError('unknown action');
    await attempt(deps, res, async () => {
      if (uids.length === 0) throw new MailActionError('Sélectionnez d’abord un ou plusieurs messages.');
      return runAction(deps, account, [{ folder, uids }], folders, action as Action, bodyField(req.body, 'target'));
    });
    seeOther(req, res, localPath(bodyField(req.body, 'back'), mailboxUrl(folder.path)));
  });

  // The selection of a search's results: messages of several folders at once.
  router.post('/search/messages/bulk', async (req, res) => {
    const account = who(res);
    const folders = await listFolders(deps.pool, account);
    const action = bodyField(req.body, 'action');
    if (!ACTIONS.has(action)) throw new NotFoundError('unknown action');
    const selections = selectionsAcrossFolders(req.body, folders);
    await attempt(deps, res, async () => {
      if (selections.length === 0) throw new MailActionError('Sélectionnez d’abord un ou plusieurs messages.');
      return runAction(deps, account, selections, folders, action as Action, bodyField(req.body, 'target'));
    });
    seeOther(req, res, localPath(bodyField(req.body, 'back'), '/search'));
  });

  router.post('/mailboxes/:name/messages/:uid/expunge', async (req, res) => {
    const account = who(res);
    const { folder } = await loadFolder(deps, account, req.params.name);
    const uid = uidParam(req.params.uid);
    await attempt(deps, res, async () => {
      await expungeMessages(deps.pool, account, folder.path, [uid]);
      return 'Message supprimé définitivement.';
    });
    seeOther(req, res, localPath(bodyField(req.body, 'back'), mailboxUrl(folder.path)));
  });

  return router;
}
