/**
 * What kind of request the route is answering: htmx asks for a fragment with `HX-Request`; a
 * boosted link or form (`HX-Boosted`) wants the whole page, as a plain browser would.
 */
import type { Request, Response } from 'express';

export function wantsFragment(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true';
}

/** Live pollers carry an id starting with `live-`: they do not count as the reader's activity. */
export function isPassivePoll(req: Request): boolean {
  return req.get('HX-Request') === 'true' && (req.get('HX-Trigger') ?? '').startsWith('live-');
}

/**
 * The client's address, for the sign-in limiter and the sessions list: the socket's, or, when
 * the socket is a proxy of WEBMEL_TRUST_PROXY, the address that proxy appended to
 * X-Forwarded-For (Express's `trust proxy`, set in create-web-app.ts, walks the list from the
 * right and stops at the first address it does not trust: a client cannot forge its own).
 */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Whether the browser reached us over https: TLS on this socket, or X-Forwarded-Proto https from
 * a trusted proxy (Express's `req.secure` believes the header only from WEBMEL_TRUST_PROXY).
 * Decides the cookies' Secure attribute (cookies.ts) and HSTS (security-headers.ts).
 */
export function reachedOverHttps(req: Request): boolean {
  return req.secure;
}

/** A redirect that works for plain forms (303) and for htmx requests (`HX-Location` keeps it in htmx). */
export function seeOther(req: Request, res: Response, location: string): void {
  if (req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true') {
    res.setHeader('HX-Redirect', location);
    res.status(204).end();
    return;
  }
  res.redirect(303, location);
}
