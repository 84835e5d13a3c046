/**
 * « Vos perspectives » (issue 22): `GET /iprof/perspectives`, the next échelon from the grid
 * of the agent's corps and their dossier, and the promotion campaigns open today for their
 * corps (from the dossier, or the annuaire when the dossier is not there yet).
 */
import { Router } from 'express';
import { parisDay } from '../../calendar/index.js';
import { outlookOf } from '../../portal/index.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { perspectivesPage } from './perspectives-page.js';
import { renderPortalPage } from './portal-page.js';
import { PERSPECTIVES_URL } from './portal-urls.js';

export function perspectivesRoutes(deps: WebDeps): Router {
  const router = Router();
  const { portal, directory } = deps.services;

  router.get(PERSPECTIVES_URL, (_req, res) => {
    const { account } = signedIn(res.locals);
    const today = parisDay(Date.now());
    const dossier = portal.dossiers.of(account.id);
    const corps = dossier?.corps ?? directory.person(account.address)?.corps ?? '';
    renderPortalPage(deps, res, {
      title: 'Vos perspectives',
      section: 'perspectives',
      main: perspectivesPage({ outlook: outlookOf(portal.grids, dossier), campaigns: portal.campaigns.openOn(today, corps), today }),
    });
  });

  return router;
}
