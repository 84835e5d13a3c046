/**
 * « Les guides », behind the sign-in and iprofOnly (portal-routes.ts mounts this router):
 * - `GET /iprof/guides`: every guide, by theme.
 * - `GET /iprof/guides/:slug`: one guide; 404 for an unknown slug.
 */
import { Router } from 'express';
import type { WebDeps } from '../web-context.js';
import { guidePage, guidesPage, unknownGuidePage } from './guides-page.js';
import { renderPortalPage } from './portal-page.js';
import { GUIDES_URL } from './portal-urls.js';

export function guidesRoutes(deps: WebDeps): Router {
  const router = Router();
  const { guides } = deps.services.portal;

  router.get(GUIDES_URL, (_req, res) => {
    renderPortalPage(deps, res, { title: 'Les guides', section: 'guides', main: guidesPage(guides.list()) });
  });

  router.get(`${GUIDES_URL}/:slug`, (req, res) => {
    const guide = guides.get(String(req.params.slug));
    if (!guide) {
      renderPortalPage(deps, res, { title: 'Guide introuvable', section: 'guides', status: 404, main: unknownGuidePage() });
      return;
    }
    renderPortalPage(deps, res, { title: guide.title, section: 'guides', main: guidePage(guide) });
  });

  return router;
}
