/**
 * The guard of pages reserved to one role of account (`admin`, `syndicat`), behind
 * requireAccount: anyone else gets the 403 page saying who they are for, and the request goes
 * no further (a refused POST changes nothing).
 */
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../accounts/account-store.js';
import { errorPage } from '../views/pages/simple-pages.js';
import { signedIn, type WebDeps } from '../web-context.js';
import { renderPage } from './render.js';

export function requireRole(deps: WebDeps, role: Role, reservedTo: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (signedIn(res.locals).account.role === role) {
      next();
      return;
    }
    renderPage(deps, res, {
      title: 'Accès réservé',
      status: 403,
      main: errorPage('Accès réservé', reservedTo, { href: '/', label: 'Retour à l’accueil' }),
    });
  };
}
