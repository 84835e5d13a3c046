/**
 * The admins' pages (account role `admin`; anyone else gets a 403 page, a visitor the sign-in
 * page like everywhere behind requireAccount): `/admin/greve`, the préavis of the strike
 * declaration (issue 19), and `/admin/bulletins`, institutional mail (issue 20,
 * bulletins-admin-routes.ts), the console of issue 21 (console-routes.ts and the files it
 * names) and « Réglages d’I-Prof » (`/admin/iprof`, iprof-settings-routes.ts, issue 22).
 * consoleGuard lets an IEN read the account list and pages of their circonscription.
 */
import { Router, type Response } from 'express';
import { frenchDate } from '../../calendar/index.js';
import { StrikeError } from '../../strikes/index.js';
import { seeOther } from '../http/request-kind.js';
import { flash, renderPage } from '../routes/render.js';
import { ADMIN_GREVE_URL, ADMIN_PREAVIS_URL } from '../strikes/strike-urls.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { accountActionRoutes } from './account-action-routes.js';
import { accountCreateRoutes } from './account-create-routes.js';
import { bulletinAdminRoutes } from './bulletins-admin-routes.js';
import { consoleGuard } from './console-guard.js';
import { consoleRoutes } from './console-routes.js';
import { iprofSettingsRoutes } from './iprof-settings-routes.js';
import { journalRoutes } from './journal-routes.js';
import { preavisAdminPage, type PreavisFormValues } from './preavis-page.js';

/** Long enough for a préavis' text (the store keeps 4 000 characters). */
const MAX_FIELD_CHARS = 8000;

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, MAX_FIELD_CHARS) : '';
}

export function adminRoutes(deps: WebDeps): Router {
  const router = Router();
  const { strikes, holidays } = deps.services;

  router.use('/admin', consoleGuard(deps));

  // Behind the guard above, like every /admin page.
  router.use(bulletinAdminRoutes(deps));
  // Before the account pages: « nouveau » and « import » are no login.
  router.use(accountCreateRoutes(deps));
  router.use(consoleRoutes(deps));
  router.use(accountActionRoutes(deps));
  router.use(journalRoutes(deps));
  router.use(iprofSettingsRoutes(deps));

  const show = (res: Response, options: { status?: number; error?: string; values?: PreavisFormValues } = {}) =>
    renderPage(deps, res, {
      title: options.error ? 'Erreur : préavis de grève' : 'Préavis de grève',
      status: options.status ?? 200,
      main: preavisAdminPage({ csrfToken: res.locals.csrfToken, preavis: strikes.preavis.list(), holidays: holidays.list(), error: options.error ?? null, ...(options.values ? { values: options.values } : {}) }),
      current: { entry: 'greve', page: false },
    });

  router.get(ADMIN_GREVE_URL, (_req, res) => show(res));

  router.post(ADMIN_PREAVIS_URL, (req, res) => {
    const values: PreavisFormValues = { union: field(req.body, 'union'), from: field(req.body, 'from'), to: field(req.body, 'to'), ref: field(req.body, 'ref'), text: field(req.body, 'text') };
    let added;
    try {
      added = strikes.preavis.add({ union: values.union, from: values.from, to: values.to, reference: values.ref, text: values.text });
    } catch (err) {
      if (!(err instanceof StrikeError)) throw err;
      show(res, { status: err.status, error: err.message, values });
      return;
    }
    deps.services.log.info({ user: signedIn(res.locals).account.login, preavis: added.id }, 'strike preavis added');
    flash(deps, res, `Préavis enregistré : ${added.union}, du ${frenchDate(added.from)} au ${frenchDate(added.to)}.`);
    seeOther(req, res, ADMIN_GREVE_URL);
  });

  return router;
}
