/**
 * Response headers every page gets (what `helmet` would set, written out so each one is visible
 * and argued). The message frame and attachment endpoints replace the CSP with their own, stricter
 * one (see routes/message-content-routes.ts).
 */
import type { NextFunction, Request, Response } from 'express';

/**
 * App pages: scripts only from our own origin (htmx and /static/app.js, no inline script, no
 * eval), styles only from our stylesheet, images from us (attachment previews), frames only our
 * own message frame, forms only to us, and nobody may frame us.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "frame-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', APP_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Mail URLs carry folder names and UIDs: never send them to another site.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  // RFC 6797: only meaningful over HTTPS (behind a TLS proxy with `trust proxy`).
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  next();
}

/** Personal pages must not stay in shared caches or the browser's disk cache. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
