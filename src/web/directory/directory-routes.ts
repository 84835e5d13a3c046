/**
 * The annuaire's pages, for every signed-in staff member (mounted behind requireAccount: a
 * visitor is sent to the sign-in page, an htmx request gets 401, and nothing of the directory
 * is read for them). `GET /annuaire` is the search page, or only its results when htmx asks
 * (the active search); `GET /annuaire/structures/:uai` a structure's page, the UAI in any case.
 * The directory is read through its module (services.directory), never its tables.
 */
import { Router } from 'express';
import { MAX_RESULTS, type Directory, type Structure } from '../../directory/index.js';
import { wantsFragment } from '../http/request-kind.js';
import { renderPage, sendHtml } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { annuairePage, annuaireResults, type AnnuaireResults } from './annuaire-page.js';
import { annuaireUrl, filtersOf, isEmptyQuery, parseAnnuaireQuery } from './annuaire-query.js';
import type { CardLookups } from './directory-cards.js';
import { ANNUAIRE_URL } from './directory-urls.js';
import { structurePage, unknownStructurePage } from './structure-page.js';
import { structureTitle } from './structure-title.js';

/** What a page's cards read: the structures they name, each read once, and who receives mail. */
function lookupsOf(directory: Directory): CardLookups {
  const seen = new Map<string, Structure | null>();
  return {
    place(uai) {
      if (!seen.has(uai)) seen.set(uai, directory.structure(uai));
      return seen.get(uai) ?? null;
    },
    receivesMail: (address) => directory.receivesMailAt(address),
  };
}

export function directoryRoutes(deps: WebDeps): Router {
  const router = Router();
  const { directory } = deps.services;

  router.get(ANNUAIRE_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const query = parseAnnuaireQuery(req.query);
    const empty = isEmptyQuery(query);
    const results: AnnuaireResults = {
      query,
      answer: empty ? null : directory.search(query.q, filtersOf(query), MAX_RESULTS),
      lookups: lookupsOf(directory),
      quickRecipients: empty ? directory.quickRecipients(account.address) : [],
    };
    res.setHeader('Vary', 'HX-Request');
    if (wantsFragment(req)) {
      // The address bar shows the search as a link to it would be written.
      res.setHeader('HX-Push-Url', annuaireUrl(query));
      sendHtml(res, annuaireResults(results));
      return;
    }
    renderPage(deps, res, {
      title: empty ? 'Annuaire' : `Annuaire : ${query.q || 'recherche'}`,
      main: annuairePage({ ...results, circonscriptions: directory.circonscriptions() }),
      current: { entry: 'annuaire', page: true },
    });
  });

  router.get(`${ANNUAIRE_URL}/structures/:uai`, (req, res) => {
    const page = directory.structurePage(req.params.uai.slice(0, 16));
    if (!page) {
      renderPage(deps, res, { title: 'Structure inconnue', status: 404, main: unknownStructurePage(), current: { entry: 'annuaire', page: false } });
      return;
    }
    renderPage(deps, res, {
      title: structureTitle(page.structure),
      main: structurePage(page, lookupsOf(directory)),
      current: { entry: 'annuaire', page: false },
    });
  });

  return router;
}
