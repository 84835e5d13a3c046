/**
 * `/admin/bulletins` (issue 20), mounted by adminRoutes behind its admin-only guard:
 * - `GET`: the publishing form, the publications (htmx polls the list alone while one is
 *   being delivered) and the unsubscription date's form;
 * - `POST /admin/bulletins`: records a bulletin or an election notice. This thread only records
 *   it: the server's PublicationRunner, in the main thread where the IMAP sessions listen,
 *   delivers it within its poll (250 ms). A BulletinError comes back at the top of the form
 *   with what was typed, with its status (400, 403, 409);
 * - `POST /admin/bulletins/desabonnements`: the date union unsubscriptions last until (`until`),
 *   or back to the next elections (`action=reset`).
 */
import { Router, type Response } from 'express';
import { BulletinError, type PublicationKind } from '../../bulletins/index.js';
import { endOfParisDay, frenchDate, parseCivilDate } from '../../calendar/index.js';
import { bodyFormat, formText, readMessageForm } from '../bulletins/bulletin-form.js';
import { ADMIN_BULLETINS_URL, ADMIN_UNSUBSCRIBE_UNTIL_URL } from '../bulletins/bulletin-urls.js';
import { untilWords } from '../bulletins/publication-view.js';
import { seeOther, wantsFragment } from '../http/request-kind.js';
import { flash, renderPage, sendHtml } from '../routes/render.js';
import { plural } from '../views/format.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { bulletinsAdminPage, publicationList, type PublishFormValues } from './bulletins-admin-page.js';

const KINDS: ReadonlySet<string> = new Set<PublicationKind>(['bulletin', 'election']);

export function bulletinAdminRoutes(deps: WebDeps): Router {
  const router = Router();
  const { bulletins, config } = deps.services;
  const senders = [`Rectorat de l’académie <communication@${config.domain}>`, 'Ministère de l’Éducation nationale <communication@education.gouv.fr>'];

  const show = (res: Response, options: { status?: number; error?: string; untilError?: string; values?: PublishFormValues } = {}) =>
    renderPage(deps, res, {
      title: options.error || options.untilError ? 'Erreur : bulletins' : 'Bulletins et avis institutionnels',
      status: options.status ?? 200,
      main: bulletinsAdminPage({
        csrfToken: res.locals.csrfToken,
        publications: bulletins.list(),
        senders,
        unsubscribeUntil: bulletins.unsubscribeUntil(),
        runnerAlive: bulletins.hasRunner(),
        error: options.error ?? null,
        untilError: options.untilError ?? null,
        ...(options.values ? { values: options.values } : {}),
      }),
      current: { entry: 'bulletins', page: false },
    });

  router.get(ADMIN_BULLETINS_URL, (req, res) => {
    // The list's poll while a publication is being delivered.
    if (wantsFragment(req)) sendHtml(res, publicationList(bulletins.list(), bulletins.hasRunner()));
    else show(res);
  });

  router.post(ADMIN_BULLETINS_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const values: PublishFormValues = { ...readMessageForm(req.body), kind: formText(req.body, 'kind'), from: formText(req.body, 'from') };
    const format = bodyFormat(values.format);
    let published;
    try {
      if (!KINDS.has(values.kind)) throw new BulletinError('Type inconnu : bulletin ou élections professionnelles.');
      if (format === null) throw new BulletinError('Format inconnu : texte, Markdown ou HTML.');
      published = bulletins.publish({
        kind: values.kind as 'bulletin' | 'election',
        from: values.from,
        subject: values.subject,
        audience: values.audience,
        body: { format, source: values.source },
        authorId: account.id,
      });
    } catch (err) {
      if (!(err instanceof BulletinError)) throw err;
      show(res, { status: err.status, error: err.message, values });
      return;
    }
    deps.services.log.info({ user: account.login, publication: published.id, kind: published.kind, recipients: published.recipients }, 'bulletin recorded');
    flash(deps, res, `Bulletin n° ${published.id} enregistré : distribution à ${plural(published.recipients, 'boîte', 'boîtes')} en cours.`);
    seeOther(req, res, ADMIN_BULLETINS_URL);
  });

  router.post(ADMIN_UNSUBSCRIBE_UNTIL_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const reset = formText(req.body, 'action') === 'reset';
    const text = formText(req.body, 'until', 20);
    const day = reset ? null : parseCivilDate(text);
    try {
      if (!reset && day === null) throw new BulletinError(`Date invalide « ${text} » : attendu AAAA-MM-JJ.`);
      // The whole of the day given: an unsubscription holds until its midnight, Paris time.
      bulletins.setUnsubscribeUntil(day === null ? null : endOfParisDay(day));
    } catch (err) {
      if (!(err instanceof BulletinError)) throw err;
      show(res, { status: err.status, untilError: err.message });
      return;
    }
    deps.services.log.info({ user: account.login, until: day }, 'union unsubscriptions date set');
    flash(
      deps,
      res,
      day === null
        ? `Les désabonnements syndicaux valent de nouveau jusqu’aux prochaines élections professionnelles : le ${untilWords(bulletins.unsubscribeUntil())}.`
        : `Les désabonnements syndicaux valent désormais jusqu’au ${frenchDate(day)}.`,
    );
    seeOther(req, res, ADMIN_BULLETINS_URL);
  });

  return router;
}
