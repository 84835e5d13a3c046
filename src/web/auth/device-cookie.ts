/**
 * The device cookie (OWASP « device cookies »): set at each successful web sign-in, it lets a
 * browser the account already knows sign in while the account is under a spread guessing attack
 * (src/accounts/known-clients.ts). Only its SHA-256 is stored. HttpOnly and SameSite=Lax like
 * the session cookie, and Secure the same way (setCookie decides it for every cookie).
 */
import type { Request, Response } from 'express';
import { KNOWN_BROWSER_MS } from '../../accounts/known-clients.js';
import { parseCookies, setCookie } from '../http/cookies.js';

export const DEVICE_COOKIE = 'webmel_device';

/** The browser's device token, or null when it has none. */
export function deviceToken(req: Request): string | null {
  return parseCookies(req.get('cookie')).get(DEVICE_COOKIE) ?? null;
}

export function setDeviceCookie(req: Request, res: Response, token: string): void {
  setCookie(req, res, DEVICE_COOKIE, token, { sameSite: 'Lax', maxAgeSeconds: Math.floor(KNOWN_BROWSER_MS / 1000) });
}
