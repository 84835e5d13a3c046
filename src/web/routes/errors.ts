/**
 * The web edge's one mapping from failures to answers: a folder or message that is not the
 * reader's (or no longer exists) is a 404, whoever asks; the IMAP server unreachable is a 503;
 * a refused action comes back as an error notice on the page the reader came from; anything
 * else is logged as a fault and answered 500, in French, without details.
 */
import type { NextFunction, Request, Response } from 'express';
import { ClientGoneError } from '../http/write-chunk.js';
import { ImapUnavailableError } from '../mail-client/imap-pool.js';
import { isMailboxMissing, refusalMessage } from '../mail-client/imap-errors.js';
import { errorPage } from '../views/pages/simple-pages.js';
import type { WebDeps } from '../web-context.js';
import { renderPage } from './render.js';

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export function notFound(deps: WebDeps, req: Request, res: Response): void {
  if (req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true') {
    res.status(404).type('text').send('Introuvable');
    return;
  }
  renderPage(deps, res, {
    title: 'Page introuvable',
    status: 404,
    main: errorPage('Page introuvable', 'Cette page, ce dossier ou ce message n’existe pas (ou plus).', {
      href: res.locals.account ? '/mailboxes/INBOX' : '/login',
      label: res.locals.account ? 'Retour à la boîte de réception' : 'Se connecter',
    }),
  });
}

export function forbidden(deps: WebDeps, req: Request, res: Response): void {
  if (req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true') {
    res.status(403).type('text').send('Demande refusée');
    return;
  }
  renderPage(deps, res, {
    title: 'Demande refusée',
    status: 403,
    main: errorPage(
      'Demande refusée',
      'Cette demande ne provient pas d’une page de la messagerie, ou son jeton de sécurité a expiré. Rechargez la page puis réessayez.',
      { href: '/', label: 'Retour à l’accueil' },
    ),
  });
}

export function errorHandler(deps: WebDeps) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      if (!(err instanceof ClientGoneError)) deps.services.log.warn({ err, path: req.path }, 'web response failed after headers were sent');
      res.destroy();
      return;
    }
    if (err instanceof NotFoundError || isMailboxMissing(err)) {
      notFound(deps, req, res);
      return;
    }
    const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 0;
    if (status >= 400 && status < 500) {
      // Body parser refusals (413 too large, 400 malformed).
      res.status(status).type('text').send(status === 413 ? 'Demande trop volumineuse' : 'Demande invalide');
      return;
    }
    if (err instanceof ImapUnavailableError) {
      renderPage(deps, res, {
        title: 'Messagerie indisponible',
        status: 503,
        main: errorPage('Messagerie momentanément indisponible', 'Le serveur de messagerie ne répond pas. Réessayez dans quelques instants.', {
          href: req.originalUrl,
          label: 'Réessayer',
        }),
      });
      return;
    }
    const refusal = refusalMessage(err);
    deps.services.log.error({ err, path: req.path, user: res.locals.account?.login, refusal }, 'web request failed');
    renderPage(deps, res, {
      title: 'Erreur',
      status: 500,
      main: errorPage('Une erreur est survenue', 'La demande n’a pas pu aboutir. Réessayez ; si le problème persiste, contactez l’assistance.', {
        href: '/',
        label: 'Retour à l’accueil',
      }),
    });
  };
}
