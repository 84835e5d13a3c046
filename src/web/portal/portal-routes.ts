/**
 * I-Prof (issue 22), mounted behind requireAccount: one sign-in for both applications, the
 * same session, CSRF checked on every POST by csrfProtection like every other form.
 *
 * - Every `/iprof` URL first passes `iprofOnly`: a private-sector account (secteur `prive`)
 *   gets the I-Professionnel message instead (the seed: « I-PROF étant destiné aux
 *   enseignants du public »), 200 on the home, 403 on a section.
 * - `GET /iprof`: the home; `POST /iprof/mel-personnel` (`address`): the personal address.
 * - `GET /iprof/aide`: what I-Prof is and how to sign in.
 * - The sections' own routers, each in its file: dossier-routes.ts (`/iprof/dossier` and the
 *   gestionnaire's `/iprof/gestion`, `/iprof/gestion/agents/:login`), cv-routes.ts (`/iprof/cv`),
 *   perspectives-routes.ts (`/iprof/perspectives`).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Account } from '../../accounts/account-store.js';
import { PortalError } from '../../portal/index.js';
import { seeOther } from '../http/request-kind.js';
import { flash } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { aidePage } from './aide-page.js';
import { courrierRoutes } from './courrier-routes.js';
import { cvRoutes } from './cv-routes.js';
import { dossierRoutes } from './dossier-routes.js';
import { perspectivesRoutes } from './perspectives-routes.js';
import { academieName } from './academie-name.js';
import { guidesRoutes } from './guides-routes.js';
import { homePage, iprofessionnelPage } from './home-page.js';
import { renderPortalPage } from './portal-page.js';
import { AIDE_URL, IPROF_URL, PERSONAL_ADDRESS_URL } from './portal-urls.js';
import { servicesRoutes } from './services-routes.js';

/** The longest personal address a form may carry (RFC 5321: 254), with room to say it is too long. */
const MAX_ADDRESS_FIELD = 400;

export function portalRoutes(deps: WebDeps): Router {
  const router = Router();
  const { portal, config } = deps.services;

  router.use(IPROF_URL, iprofOnly(deps));

  const home = (res: Response, status = 200, error: string | null = null, typed?: string) => {
    const { account } = signedIn(res.locals);
    renderPortalPage(deps, res, {
      title: error ? 'Erreur : I-Prof' : 'Accueil I-Prof',
      status,
      main: homePage({
        csrfToken: res.locals.csrfToken,
        academie: academieName(config.domain),
        personalAddress: portal.personalAddresses.of(account.id),
        archiveAfterDays: config.iprof.archiveAfterDays,
        error,
        typed,
        gestion: gestionOf(account),
      }),
    });
  };

  /** The home's « Espace gestionnaire », for whoever the annuaire names gestionnaire, and admins. */
  const gestionOf = (account: Account) => {
    const agents = portal.courrier.agentsOf(account).length;
    if (agents === 0 && account.role !== 'admin') return null;
    return { agents, toHandle: agents > 0 ? portal.courrier.toHandleCount(account) : 0, isAdmin: account.role === 'admin' };
  };

  router.get(IPROF_URL, (_req, res) => home(res));

  router.post(PERSONAL_ADDRESS_URL, (req, res) => {
    const typed = typeof req.body?.address === 'string' ? req.body.address.slice(0, MAX_ADDRESS_FIELD) : '';
    try {
      const saved = portal.personalAddresses.set(signedIn(res.locals).account.id, typed);
      flash(deps, res, saved ? `Votre mél personnel ${saved} est enregistré.` : 'Votre mél personnel est effacé : les avis n’arrivent plus que dans votre messagerie académique.');
    } catch (err) {
      if (!(err instanceof PortalError)) throw err;
      home(res, err.status, err.message, typed);
      return;
    }
    seeOther(req, res, IPROF_URL);
  });

  router.use(courrierRoutes(deps));

  router.get(AIDE_URL, (_req, res) => renderPortalPage(deps, res, { title: 'Aide', main: aidePage(deps.services.config.iprof) }));
  router.use(servicesRoutes(deps));
  router.use(guidesRoutes(deps));

  // « Votre dossier » with the gestionnaire's side, « Votre CV », « Vos perspectives ».
  router.use(dossierRoutes(deps));
  router.use(cvRoutes(deps));
  router.use(perspectivesRoutes(deps));

  return router;
}

/** Private-sector teachers are sent to I-Professionnel, on every I-Prof URL. */
function iprofOnly(deps: WebDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (signedIn(res.locals).account.sector !== 'prive') {
      next();
      return;
    }
    const status = req.method === 'GET' && (req.path === '/' || req.path === '') ? 200 : 403;
    renderPortalPage(deps, res, { title: 'I-Professionnel', status, main: iprofessionnelPage(deps.services.config.iprof.iprofessionnelUrl) });
  };
}
