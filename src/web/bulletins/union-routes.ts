/**
 * « Diffusion syndicale » (issue 20; shared/domain.md §2.4), for accounts of role syndicat only:
 * anyone else gets the 403 page, and a POST of theirs records nothing. The route records the
 * message (Bulletins.unionSend); the server's PublicationRunner delivers it, in the main
 * thread where the IMAP sessions listen. A BulletinError (nobody left to reach this month, an
 * unknown audience, an empty text) comes back at the top of the form, with what was typed.
 */
import { Router, type Response } from 'express';
import { BulletinError, unionName } from '../../bulletins/index.js';
import { seeOther, wantsFragment } from '../http/request-kind.js';
import { flash, renderPage, sendHtml } from '../routes/render.js';
import { requireRole } from '../routes/require-role.js';
import { plural } from '../views/format.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { bodyFormat, readMessageForm, type MessageFormValues } from './bulletin-form.js';
import { UNION_URL } from './bulletin-urls.js';
import { unionMessages, unionPage } from './union-page.js';

export function unionRoutes(deps: WebDeps): Router {
  const router = Router();
  const { bulletins } = deps.services;

  router.use(UNION_URL, requireRole(deps, 'syndicat', 'Cette page est réservée aux comptes des organisations syndicales.'));

  const show = (res: Response, options: { status?: number; error?: string; values?: MessageFormValues } = {}) => {
    const { account } = signedIn(res.locals);
    renderPage(deps, res, {
      title: options.error ? 'Erreur : diffusion syndicale' : 'Diffusion syndicale',
      status: options.status ?? 200,
      main: unionPage({
        csrfToken: res.locals.csrfToken,
        unionName: unionName(account),
        sent: bulletins.sentByUnion(account.id),
        error: options.error ?? null,
        ...(options.values ? { values: options.values } : {}),
      }),
      current: { entry: 'syndicat', page: true },
    });
  };

  router.get(UNION_URL, (req, res) => {
    // The list's poll while a message is being delivered.
    if (wantsFragment(req)) sendHtml(res, unionMessages(bulletins.sentByUnion(signedIn(res.locals).account.id)));
    else show(res);
  });

  router.post(UNION_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const values = readMessageForm(req.body);
    const format = bodyFormat(values.format);
    let sent;
    try {
      if (format === null) throw new BulletinError('Format inconnu : texte, Markdown ou HTML.');
      sent = bulletins.unionSend({ unionId: account.id, subject: values.subject, audience: values.audience, body: { format, source: values.source } });
    } catch (err) {
      if (!(err instanceof BulletinError)) throw err;
      show(res, { status: err.status, error: err.message, values });
      return;
    }
    deps.services.log.info({ user: account.login, publication: sent.id, recipients: sent.recipients }, 'union message recorded');
    flash(deps, res, `Message n° ${sent.id} enregistré : distribution en cours, à ${plural(sent.recipients, 'agent', 'agents')} au plus (ni à ceux qui ont atteint la limite du mois, ni à ceux qui se sont désabonnés).`);
    seeOther(req, res, UNION_URL);
  });

  return router;
}
