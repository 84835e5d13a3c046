/**
 * Response headers every page gets (what `helmet` would set, written out so each one is visible
 * and argued). The message frame and attachment endpoints replace the CSP with their own, stricter
 * one (see routes/message-content-routes.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import { reachedOverHttps } from './request-kind.js';

/** RFC 6797 6.1.1: browsers keep to https for a year after each visit. */
export const HSTS = 'max-age=31536000';

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
  // RFC 6797 6.1 / 7.2: HSTS over https only (directly, or X-Forwarded-Proto from a proxy of
  // WEBMEL_TRUST_PROXY), never over plain http. One year; no includeSubDomains: the webmail
  // cannot know that every other host under its name speaks https.
  if (reachedOverHttps(req)) res.setHeader('Strict-Transport-Security', HSTS);
  next();
}

/** Personal pages must not stay in shared caches or the browser's disk cache. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
