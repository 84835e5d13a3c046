/**
 * The applications' side of « Les services », mounted before the sign-in guard (create-web-app.ts):
 * the application itself calls it, server to server, without our session's cookie.
 *
 * `GET /iprof/services/validation?service=CODE&ticket=ST-…`, as CAS's serviceValidate: 200 and
 * `{"login","address","nom","prenom"}` for a ticket made for that application, unused and
 * under a minute old; 404 `{"error"}` otherwise (the ticket is then spent all the same, see
 * PortalApps.redeem), 400 `{"error"}` when a parameter is missing. JSON in every case, since a
 * program reads it; never cached (noStore runs before this router).
 */
import { Router, type Response } from 'express';
import type { WebDeps } from '../web-context.js';
import { SERVICES_URL } from './portal-urls.js';

export const SERVICES_VALIDATION_URL = `${SERVICES_URL}/validation`;

/** What an application learns of the agent: enough to find them in its own files, nothing more (no NUMEN, no role). */
export interface ValidatedAgent {
  login: string;
  address: string;
  nom: string;
  prenom: string;
}

const refuse = (res: Response, status: number, error: string) => void res.status(status).json({ error });

export function portalPublicRoutes(deps: WebDeps): Router {
  const router = Router();
  const { accounts, portal } = deps.services;

  router.get(SERVICES_VALIDATION_URL, (req, res) => {
    const { service, ticket } = req.query;
    if (typeof service !== 'string' || service === '' || typeof ticket !== 'string' || ticket === '') {
      refuse(res, 400, 'Paramètres « service » et « ticket » attendus.');
      return;
    }
    const accountId = portal.apps.redeem(service, ticket);
    // A ticket outliving its account's closing (or its deletion) vouches for nobody.
    const account = accountId === null ? null : accounts.byId(accountId);
    if (!account || account.disabledAt !== null) {
      refuse(res, 404, 'Ticket inconnu, déjà utilisé, expiré ou émis pour un autre service.');
      return;
    }
    const agent: ValidatedAgent = { login: account.login, address: account.address, nom: account.nom, prenom: account.prenom };
    res.status(200).json(agent);
  });

  return router;
}
