/** `GET /search`: the form, and the results when the query string holds criteria. */
import { Router } from 'express';
import { listFolders } from '../mail-client/folders.js';
import { isEmptySearch, parseSearch, searchMessages } from '../mail-client/search.js';
import { searchPage } from '../views/pages/search-page.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { renderPage } from './render.js';

export function searchRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const { account } = signedIn(res.locals);
    const folders = await listFolders(deps.pool, account);
    const criteria = parseSearch(req.query);
    if (criteria.folder !== null && !folders.some((f) => f.path === criteria.folder)) criteria.folder = null;
    const results = isEmptySearch(criteria) ? null : await searchMessages(deps.pool, account, folders, criteria);
    renderPage(deps, res, {
      title: results ? `Recherche : ${results.results.length} résultat${results.results.length > 1 ? 's' : ''}` : 'Rechercher',
      main: searchPage({ folders, criteria, results, csrfToken: res.locals.csrfToken, back: req.originalUrl }),
      folders: { list: folders, current: null },
    });
  });
  return router;
}
