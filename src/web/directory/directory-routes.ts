/**
 * The annuaire's pages, for every signed-in staff member (mounted behind requireAccount: a
 * visitor is sent to the sign-in page, an htmx request gets 401, and nothing of the directory
 * is read for them). `GET /annuaire` is the search page, or only its results when htmx asks
 * (the active search); `GET /annuaire/structures/:uai` a structure's page, the UAI in any case.
 * The directory is read through its module (services.directory), never its tables.
 */
import { Router } from 'express';
import type { Directory, SearchAnswer, Structure } from '../../directory/index.js';
import { wantsFragment } from '../http/request-kind.js';
import { renderPage, sendHtml } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { annuairePage, annuaireResults, type AnnuaireResults } from './annuaire-page.js';
import { annuaireUrl, filtersOf, isEmptyQuery, parseAnnuaireQuery } from './annuaire-query.js';
import type { CardLookups } from './directory-cards.js';
import { ANNUAIRE_URL } from './directory-urls.js';
import { structurePage, unknownStructurePage } from './structure-page.js';
import { structureTitle } from './structure-title.js';

/**
 * What a page's cards read: the structures they name, each read once, and which of their
 * addresses receive mail, for all of them in two reads.
 */
function lookupsOf(directory: Directory, addresses: readonly string[]): CardLookups {
  const seen = new Map<string, Structure | null>();
  const reachable = directory.reachableAmong(addresses);
  return {
    place(uai) {
      if (!seen.has(uai)) seen.set(uai, directory.structure(uai));
      return seen.get(uai) ?? null;
    },
    receivesMail: (address) => reachable.has(address.trim().toLowerCase()),
  };
}

/**
 * Results on one page: twenty cards are read at a glance, and a search is typed until the one
 * sought is among them (the search itself returns at most MAX_RESULTS).
 */
export const ANNUAIRE_PAGE_SIZE = 20;

/** The page's share of an answer: one hit more than it shows says there are more (« précisez »). */
function onePage(answer: SearchAnswer): SearchAnswer {
  return { hits: answer.hits.slice(0, ANNUAIRE_PAGE_SIZE), broad: answer.broad || answer.hits.length > ANNUAIRE_PAGE_SIZE };
}

export function directoryRoutes(deps: WebDeps): Router {
  const router = Router();
  const { directory } = deps.services;

  router.get(ANNUAIRE_URL, (req, res) => {
    const { account } = signedIn(res.locals);
    const query = parseAnnuaireQuery(req.query);
    const empty = isEmptyQuery(query);
    const answer = empty ? null : onePage(directory.search(query.q, filtersOf(query), ANNUAIRE_PAGE_SIZE + 1));
    const results: AnnuaireResults = {
      query,
      answer,
      lookups: lookupsOf(directory, answer?.hits.map((hit) => hit.adresse) ?? []),
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
      main: structurePage(
        page,
        lookupsOf(directory, [page.structure.address, ...[...page.ien, ...page.staff].map((p) => p.address), ...page.ecoles.map((e) => e.address)]),
      ),
      current: { entry: 'annuaire', page: false },
    });
  });

  return router;
}
