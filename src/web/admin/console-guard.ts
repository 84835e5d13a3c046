/**
 * The guard in front of every /admin URL (issue 21): an admin passes; an IEN passes only to read
 * the account list, its CSV and the account pages (GET or HEAD), restricted to their
 * circonscription by the routes (console-scope.ts); anyone else, and any POST of an IEN, gets
 * the 403 page and the request goes no further (a refused POST changes nothing).
 */
import type { NextFunction, Request, Response } from 'express';
import { errorPage } from '../views/pages/simple-pages.js';
import { renderPage } from '../routes/render.js';
import { signedIn, type WebDeps } from '../web-context.js';

/** What an IEN may read: the list, its export, an account page (not its mbox, not the forms' pages). */
const IEN_READABLE = /^\/admin\/comptes(?:\.csv|\/(?!nouveau$|import$)[^/]+)?\/?$/;

export function ienMayRead(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && IEN_READABLE.test(path);
}

export function consoleGuard(deps: WebDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { role } = signedIn(res.locals).account;
    if (role === 'admin' || (role === 'ien' && ienMayRead(req.method, req.baseUrl + req.path))) {
      next();
      return;
    }
    renderPage(deps, res, {
      title: 'Accès réservé',
      status: 403,
      main: errorPage('Accès réservé', 'Cette page est réservée aux administrateurs de la messagerie.', { href: '/', label: 'Retour à l’accueil' }),
    });
  };
}
