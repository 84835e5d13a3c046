/**
 * `/desabonnement/:token`: the one-click unsubscribe of each union message (RFC 2369
 * List-Unsubscribe, RFC 8058 List-Unsubscribe-Post; shared/domain.md §2.4).
 *
 * Mounted before the sign-in and the CSRF check (create-web-app.ts): a mail client posts
 * `List-Unsubscribe=One-Click` with no cookie, no Origin and no form token, and the reader may
 * open the link in a browser where she is not signed in. That is safe because the token is
 * the whole authority: an HMAC of the agent, the union and a date (src/bulletins), which
 * names one agent and one union and can do one thing, refuse that union's mail, undone from
 * « Mon compte ». Knowing it is having received the message; a forged one is a 404. The
 * session, if any, decides nothing (the page shows who is signed in, that is all).
 *
 * - GET: the confirmation page, and nothing changes (link scanners fetch every link of a message).
 * - POST: unsubscribes (already unsubscribed: said so, still 200) and answers 200 with a short
 *   page, never a redirect (RFC 8058 3.2). Whatever the body says: the token is what counts.
 *
 * No rate limit: the webmail has none for unauthenticated requests except the sign-in's, which
 * counts password checks; a token cannot be guessed (HMAC-SHA-256), and the admission queue
 * bounds the requests worked on at once.
 */
import { Router, type Response } from 'express';
import { BulletinError } from '../../bulletins/index.js';
import { renderPage } from '../routes/render.js';
import { errorPage } from '../views/pages/simple-pages.js';
import type { WebDeps } from '../web-context.js';
import { UNSUBSCRIBE_URL, unsubscribeUrl } from './bulletin-urls.js';
import { unsubscribeConfirmPage, unsubscribedPage } from './unsubscribe-page.js';

const TITLES: Partial<Record<BulletinError['status'], string>> = { 404: 'Lien non valide', 410: 'Lien expiré' };

export function unsubscribeRoutes(deps: WebDeps): Router {
  const router = Router();
  const { bulletins } = deps.services;
  const route = `${UNSUBSCRIBE_URL}/:token`;

  function refuse(res: Response, err: BulletinError): void {
    const title = TITLES[err.status] ?? 'Désabonnement impossible';
    renderPage(deps, res, { title, status: err.status, main: errorPage(title, err.message, { href: '/', label: 'Aller à la messagerie' }) });
  }

  /** Runs `act`; a BulletinError of the token (forged: 404, expired: 410) is answered with its page. */
  function withToken(res: Response, act: () => void): void {
    try {
      act();
    } catch (err) {
      if (!(err instanceof BulletinError)) throw err;
      refuse(res, err);
    }
  }

  router.get(route, (req, res) => {
    const token = req.params.token;
    withToken(res, () => {
      const subject = bulletins.tokenSubject(token);
      renderPage(deps, res, {
        title: `Ne plus recevoir les messages de ${subject.unionName}`,
        main: unsubscribeConfirmPage({ ...subject, until: bulletins.unsubscribeUntil(), action: unsubscribeUrl(token) }),
      });
    });
  });

  router.post(route, (req, res) => {
    const token = req.params.token;
    withToken(res, () => {
      const result = bulletins.unsubscribe(token);
      deps.services.log.info({ union: result.unionName, already: result.already }, 'union mail unsubscribed');
      renderPage(deps, res, { title: 'Désabonnement enregistré', main: unsubscribedPage(result) });
    });
  });

  return router;
}
