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

/** The client address for the rate limiter (the socket's; Express's `trust proxy` decides). */
export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
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
