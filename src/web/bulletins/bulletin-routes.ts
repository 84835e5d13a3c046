/**
 * « Bulletins » for every signed-in agent (issue 20; shared/domain.md §5), behind requireAccount
 * and the CSRF check like every page:
 * - `GET /bulletins`: the bulletins and election notices she was sent, delivered or not;
 * - `GET /bulletins/:id` and `/bulletins/:id/contenu` (the sandboxed frame's document): one of
 *   them, read from the publication, not from her mailbox, so it stays readable once deleted
 *   there. Bulletins.message answers null for a publication not sent to her (an admin reads
 *   any): the same 404 as a number that exists nowhere;
 * - `POST /account/syndicats/:unionId/recevoir`: she takes back her refusal of a union's mail
 *   (the list is on « Mon compte »).
 */
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { seeOther } from '../http/request-kind.js';
import { sanitizeMailHtml } from '../mail-render/index.js';
import { NotFoundError } from '../routes/errors.js';
import { sendMailFrame } from '../routes/message-content-routes.js';
import { flash, renderPage } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { readBulletinMessage, type BulletinMessage } from './bulletin-message.js';
import { BULLETINS_URL, RESUBSCRIBE_ROUTE } from './bulletin-urls.js';
import { bulletinPage, bulletinsPage } from './bulletins-page.js';

/** A publication number: digits only, as the pages write it. */
function publicationId(value: string | undefined): number {
  const id = /^\d{1,15}$/.test(value ?? '') ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new NotFoundError('no such publication');
  return id;
}

export function bulletinRoutes(deps: WebDeps): Router {
  const router = Router();
  const { bulletins } = deps.services;

  /** The message as `account` may read it, parsed; a 404 for anything else. */
  async function readable(req: Request, account: Account): Promise<{ id: number; message: BulletinMessage }> {
    const id = publicationId(req.params.id as string | undefined);
    const raw = bulletins.message(account.id, id, account.role === 'admin');
    if (raw === null) throw new NotFoundError('publication not sent to this account');
    return { id, message: await readBulletinMessage(raw) };
  }

  router.get(BULLETINS_URL, (_req, res) => {
    const { account } = signedIn(res.locals);
    renderPage(deps, res, {
      title: 'Bulletins',
      main: bulletinsPage({ received: bulletins.receivedBy(account.id), admin: account.role === 'admin' }),
      current: { entry: 'bulletins', page: true },
    });
  });

  router.get(`${BULLETINS_URL}/:id`, async (req, res) => {
    const { account } = signedIn(res.locals);
    const { id, message } = await readable(req, account);
    const publication = bulletins.get(id)!;
    const received = bulletins.receivedBy(account.id).find((r) => r.publication.id === id);
    const imagesAllowed = req.query.images === '1';
    // As the message page does: only the sanitiser knows how many remote images the frame blocks.
    const html = message.body?.kind === 'html' ? message.body.text : '';
    const blockedImages = imagesAllowed || !/<img/i.test(html) ? 0 : sanitizeMailHtml(html, { allowRemote: false, cidUrl: () => null }).blockedRemote;
    renderPage(deps, res, {
      title: message.subject || '(sans objet)',
      main: bulletinPage({ id, kind: publication.kind, message, delivered: received?.delivered ?? true, imagesAllowed, blockedImages }),
      current: { entry: 'bulletins', page: false },
    });
  });

  router.get(`${BULLETINS_URL}/:id/contenu`, async (req, res) => {
    const { message } = await readable(req, signedIn(res.locals).account);
    // Our own bulletins have no cid: images (src/bulletins keeps https images only).
    sendMailFrame(res, message.body ? [message.body] : [], { allowRemote: req.query.images === '1', cidUrl: () => null });
  });

  router.post(RESUBSCRIBE_ROUTE, (req: Request, res: Response) => {
    const { account } = signedIn(res.locals);
    const unionId = Number(req.params.unionId);
    const refusal = Number.isSafeInteger(unionId) ? bulletins.unsubscriptions(account.id).find((u) => u.unionId === unionId) : undefined;
    if (refusal && bulletins.resubscribe(account.id, unionId)) {
      deps.services.log.info({ user: account.login, union: unionId }, 'union mail accepted again');
      flash(deps, res, `Vous recevrez à nouveau les messages de ${refusal.unionName}.`);
    } else {
      flash(deps, res, 'Ce refus n’existe plus : vous recevez déjà les messages de ce syndicat.', 'error');
    }
    seeOther(req, res, '/account');
  });

  return router;
}
