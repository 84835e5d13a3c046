/**
 * The few cookies the webmail sets, read and written without a dependency: RFC 6265 4.2 `Cookie`
 * parsing (name=value pairs separated by `; `) and 4.1 `Set-Cookie` serialisation.
 *
 * Every cookie is set through `setCookie`, which alone decides the Secure attribute, so that no
 * cookie of a page served over https can leak over plain http.
 */
import type { Request, Response } from 'express';
import { reachedOverHttps } from './request-kind.js';

/** A `Cookie` header longer than this is not ours to parse (browsers cap at about 4 KB per cookie). */
const MAX_COOKIE_HEADER_CHARS = 16 * 1024;

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header || header.length > MAX_COOKIE_HEADER_CHARS) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    // RFC 6265 4.1.1: a value may be wrapped in double quotes.
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!cookies.has(name)) cookies.set(name, value); // the first is the most specific path
  }
  return cookies;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
}

// RFC 6265 4.1.1 cookie-octet: our values are base64url, checked so a bug cannot inject attributes.
const COOKIE_VALUE = /^[A-Za-z0-9_-]*$/;

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_VALUE.test(value)) throw new Error('cookie value must be base64url');
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Adds a cookie to the response. RFC 6265 4.1.2.5: Secure whenever the page came over https
 * (directly or through a trusted proxy), so the browser never sends it back in clear; over
 * plain http a Secure cookie would not be kept at all (RFC 6265bis 5.6), so it is left off there.
 */
export function setCookie(req: Request, res: Response, name: string, value: string, options: Omit<CookieOptions, 'secure'>): void {
  res.append('Set-Cookie', serializeCookie(name, value, { ...options, secure: reachedOverHttps(req) }));
}
