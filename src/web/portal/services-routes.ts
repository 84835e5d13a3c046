/**
 * « Les services », behind the sign-in and iprofOnly (portal-routes.ts mounts this router):
 * - `GET /iprof/services`: the configured applications.
 * - `GET /iprof/services/:code/ouvrir`: 303 to the application, with a one-time ticket in its
 *   URL when it accepts our session (the application then asks the public validation endpoint,
 *   services-validation-routes.ts, whom it stands for); 404 for an unknown code.
 */
import { Router } from 'express';
import { signedIn, type WebDeps } from '../web-context.js';
import { renderPortalPage } from './portal-page.js';
import { SERVICES_URL } from './portal-urls.js';
import { servicesPage, unknownServicePage } from './services-page.js';

export function servicesRoutes(deps: WebDeps): Router {
  const router = Router();
  const { apps } = deps.services.portal;

  router.get(SERVICES_URL, (_req, res) => {
    renderPortalPage(deps, res, { title: 'Les services', section: 'services', main: servicesPage(apps.list()) });
  });

  router.get(`${SERVICES_URL}/:code/ouvrir`, (req, res) => {
    const target = apps.openingUrl(String(req.params.code), signedIn(res.locals).account.id);
    if (!target) {
      renderPortalPage(deps, res, { title: 'Service introuvable', section: 'services', status: 404, main: unknownServicePage() });
      return;
    }
    res.redirect(303, target);
  });

  return router;
}
