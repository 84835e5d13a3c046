/**
 * What every route needs, built once by `createWebApp`, and the per-request values the
 * middlewares leave in `res.locals` (typed here so routes cannot misspell them).
 */
import type { Account } from '../accounts/account-store.js';
import type { Services } from '../services.js';
import type { ImapPool } from './mail-client/imap-pool.js';
import type { TrustedSenders } from '../preferences/index.js';
import type { SessionStore, WebSession } from '../sessions/index.js';
import type { Assets } from './static/assets.js';

export interface WebDeps {
  services: Services;
  pool: ImapPool;
  sessions: SessionStore;
  trusted: TrustedSenders;
  assets: Assets;
  /** Key of the anonymous forms' CSRF tokens (sign-in, password reset). */
  anonCsrfKey: Buffer;
}

declare global {
  // Express reads its `Locals` type from this global namespace.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The signed-in session, or null for a visitor. */
      session: WebSession | null;
      account: Account | null;
      /** Token every form of the page carries (`_csrf`) and htmx sends (`X-CSRF-Token`). */
      csrfToken: string;
    }
  }
}

/** The signed-in account; only called behind `requireAccount`. */
export function signedIn(locals: Express.Locals): { account: Account; session: WebSession } {
  if (!locals.account || !locals.session) throw new Error('route needs a signed-in account');
  return { account: locals.account, session: locals.session };
}
