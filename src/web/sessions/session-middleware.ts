/**
 * Reads the session cookie into `res.locals`, keeps the session alive, and guards the routes
 * that need a signed-in account. The cookie is HttpOnly, SameSite=Lax (a link from another site
 * still opens the webmail signed in, a cross-site POST does not carry it) and Secure behind TLS.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AccountStore } from '../../accounts/account-store.js';
import { parseCookies, setCookie } from '../http/cookies.js';
import { isPassivePoll } from '../http/request-kind.js';
import type { SessionStore, WebSession } from '../../sessions/index.js';

export const SESSION_COOKIE = 'webmel_session';

export function loadSession(sessions: SessionStore, accounts: AccountStore) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.session = null;
    res.locals.account = null;
    res.locals.csrfToken = '';
    const token = parseCookies(req.get('cookie')).get(SESSION_COOKIE);
    if (token) {
      const session = sessions.find(token);
      const account = session ? accounts.byId(session.accountId) : null;
      if (session && account && !account.disabledAt) {
        // Live pollers do not count as activity: an open tab alone must not keep a session alive.
        if (!isPassivePoll(req)) sessions.touch(session);
        res.locals.session = session;
        res.locals.account = account;
        res.locals.csrfToken = session.csrfToken;
      } else if (session) {
        sessions.delete(session.id);
      }
    }
    next();
  };
}

/** Starts a session after a successful sign-in, replacing any previous one (session rotation). */
export function startSession(req: Request, res: Response, sessions: SessionStore, accountId: number, ip: string): WebSession {
  if (res.locals.session) sessions.delete(res.locals.session.id);
  const { session, token } = sessions.create(accountId, req.get('user-agent') ?? '', ip);
  setCookie(req, res, SESSION_COOKIE, token, { sameSite: 'Lax' });
  res.locals.session = session;
  res.locals.csrfToken = session.csrfToken;
  return session;
}

export function endSession(req: Request, res: Response, sessions: SessionStore): void {
  if (res.locals.session) sessions.delete(res.locals.session.id);
  setCookie(req, res, SESSION_COOKIE, '', { sameSite: 'Lax', maxAgeSeconds: 0 });
  res.locals.session = null;
  res.locals.account = null;
}

/** Paths a signed-in user may reach before replacing the NUMEN with a password of their own. */
const ALLOWED_WHILE_PASSWORD_IS_NUMEN = new Set(['/account/password', '/logout']);

/**
 * Sends visitors to the sign-in page (htmx requests get 401 and an `HX-Redirect`), and users still
 * on their NUMEN to the page where they choose a password, before anything else.
 */
export function requireAccount(req: Request, res: Response, next: NextFunction): void {
  const account = res.locals.account;
  if (!account) {
    const back = req.method === 'GET' && !req.get('HX-Request') ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    if (req.get('HX-Request') === 'true') {
      res.setHeader('HX-Redirect', '/login');
      res.status(401).end();
      return;
    }
    res.redirect(303, `/login${back}`);
    return;
  }
  if (account.passwordIsNumen && !ALLOWED_WHILE_PASSWORD_IS_NUMEN.has(req.path)) {
    if (req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true') {
      res.setHeader('HX-Redirect', '/account/password');
      res.status(403).end();
      return;
    }
    res.redirect(303, '/account/password');
    return;
  }
  next();
}
