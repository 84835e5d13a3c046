/** Routes anyone may reach: the home redirect and the accessibility statement. */
import { Router } from 'express';
import { accessibilityPage } from '../views/pages/simple-pages.js';
import type { WebDeps } from '../web-context.js';
import { renderPage } from './render.js';

export function publicRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.redirect(303, res.locals.account ? '/mailboxes/INBOX' : '/login');
  });
  // Browsers ask for it on their own; we have none, and it must not bounce to the sign-in page.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/accessibilite', (_req, res) => {
    renderPage(deps, res, { title: 'Accessibilité', main: accessibilityPage() });
  });
  return router;
}
