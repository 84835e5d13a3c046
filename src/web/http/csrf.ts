/**
 * Cross-site request forgery defence for every state-changing request (POST):
 * 1. Fetch metadata and origin: a browser marks a request from another site with
 *    `Sec-Fetch-Site: cross-site` / `same-site` and its `Origin`; either one refuses it.
 * 2. A synchronizer token: signed-in pages carry the session's token, sent back in the `_csrf`
 *    form field or the `X-CSRF-Token` header (htmx, through `hx-headers` on <body>). Visitors'
 *    forms (sign-in, reset) carry an HMAC of a random cookie instead, so a forged sign-in
 *    (login CSRF) is refused too.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../log/logger.js';
import { parseCookies, setCookie } from './cookies.js';

export const ANON_COOKIE = 'webmel_visitor';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The visitor's form token, bound to their visitor cookie (set here when missing). */
export function visitorCsrfToken(req: Request, res: Response, key: Buffer): string {
  let visitor = parseCookies(req.get('cookie')).get(ANON_COOKIE);
  if (!visitor || !/^[A-Za-z0-9_-]{43}$/.test(visitor)) {
    visitor = randomBytes(32).toString('base64url');
    setCookie(req, res, ANON_COOKIE, visitor, { sameSite: 'Strict' });
  }
  const token = createHmac('sha256', key).update(visitor).digest('base64url');
  // The layout's hx-headers send it too, for boosted forms.
  res.locals.csrfToken = token;
  return token;
}

/** The token the request must carry: the session's, or the visitor cookie's HMAC. */
function expectedToken(req: Request, res: Response, key: Buffer): string | null {
  if (res.locals.session) return res.locals.session.csrfToken;
  const visitor = parseCookies(req.get('cookie')).get(ANON_COOKIE);
  return visitor ? createHmac('sha256', key).update(visitor).digest('base64url') : null;
}

/**
 * RFC 6454 7: the page's origin must be ours: the one the request was addressed to (behind a
 * proxy of WEBMEL_TRUST_PROXY, Express takes the scheme from X-Forwarded-Proto and the host from
 * X-Forwarded-Host), or the declared public address (WEBMEL_PUBLIC_URL), for a proxy that
 * rewrites Host without saying so (nginx's default).
 */
function isOwnOrigin(req: Request, origin: string, publicOrigin: string): boolean {
  return origin === publicOrigin || origin === `${req.protocol}://${req.host ?? ''}`;
}

/** Why a request is refused, or null when it may proceed. `publicOrigin`: WEBMEL_PUBLIC_URL's origin. */
export function csrfRefusal(req: Request, res: Response, key: Buffer, publicOrigin: string): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const site = req.get('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin') return `Sec-Fetch-Site ${site}`;
  const origin = req.get('Origin');
  if (origin !== undefined && !isOwnOrigin(req, origin, publicOrigin)) return 'foreign Origin';
  const body = req.body as Record<string, unknown> | undefined;
  const expected = expectedToken(req, res, key);
  const field = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '';
  const header = req.get(CSRF_HEADER) ?? '';
  // A multipart body (the compose form, its files) is streamed by its route after this check,
  // so its token also rides in the form's action URL (`?_csrf=`), the only place a browser
  // without JavaScript, or navigator.sendBeacon, can put it.
  const query = (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data') && typeof req.query[CSRF_FIELD] === 'string' ? (req.query[CSRF_FIELD] as string) : '';
  // Either carrier may hold it: a boosted form sends both, and the header can be a page older
  // than the form (htmx keeps <body>'s attributes across swaps).
  if (!expected || !([field, header, query].some((given) => given !== '' && sameText(given, expected)))) return 'missing or wrong token';
  return null;
}

/** Middleware: refuses forged requests with 403 and a French page (`render403`). */
export function csrfProtection(key: Buffer, publicOrigin: string, log: Logger, render403: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refusal = csrfRefusal(req, res, key, publicOrigin);
    if (refusal === null) {
      next();
      return;
    }
    log.debug({ reason: refusal, path: req.path, user: res.locals.account?.login }, 'csrf refusal');
    render403(req, res);
  };
}
