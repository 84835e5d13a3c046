/**
 * Assembles the Express application. Order matters:
 * security headers → /healthz, /metrics and static files (no session) → form bodies → session → no-store →
 * the one-click unsubscribe (no CSRF token, no sign-in: its token is its authority) → CSRF →
 * public routes → sign-in required → the reader's routes → 404 → errors.
 */
import { createHash } from 'node:crypto';
import express, { type Express } from 'express';
import type { Services } from '../services.js';
import { admission } from './http/admission.js';
import { csrfProtection } from './http/csrf.js';
import { noStore, securityHeaders } from './http/security-headers.js';
import type { ImapPool } from './mail-client/imap-pool.js';
import { accountRoutes } from './routes/account-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { errorHandler, forbidden, notFound } from './routes/errors.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { mailboxRoutes } from './routes/mailbox-routes.js';
import { messageContentRoutes } from './routes/message-content-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { publicRoutes } from './routes/public-routes.js';
import { searchRoutes } from './routes/search-routes.js';
import { spaceRoutes } from './routes/space-routes.js';
import { staticRoutes } from './routes/static-routes.js';
import { portalRoutes } from './portal/portal-routes.js';
import { portalPublicRoutes } from './portal/services-validation-routes.js';
import { composeRoutes } from './routes/compose-routes.js';
import { composeDeps, type ComposeSettings } from './compose/compose-deps.js';
import { directoryRoutes } from './directory/directory-routes.js';
import { adminRoutes } from './admin/admin-routes.js';
import { electionRoutes } from './election/election-routes.js';
import { strikeRoutes } from './strikes/strike-routes.js';
import { bulletinRoutes } from './bulletins/bulletin-routes.js';
import { ADMIN_BULLETINS_URL, UNION_URL } from './bulletins/bulletin-urls.js';
import { unionRoutes } from './bulletins/union-routes.js';
import { unsubscribeRoutes } from './bulletins/unsubscribe-routes.js';
import { MAX_BODY_BYTES } from '../bulletins/index.js';
import { MAX_GUIDE_BYTES } from '../portal/index.js';
import { IPROF_SETTINGS } from './admin/console-urls.js';
import { loadSession, requireAccount } from './sessions/session-middleware.js';
import { loadAssets } from './static/assets.js';
import type { WebDeps } from './web-context.js';

/** Form bodies are small: a few fields, or up to 500 selected UIDs. */
const MAX_FORM_BYTES = 64 * 1024;
const MAX_FORM_FIELDS = 1000;
/**
 * A bulletin's or a union message's text may be MAX_BODY_BYTES (1 Mo): percent-encoded, an
 * accented letter takes 6 characters for its 2 bytes, a `<` 3 for 1. Only these two POSTs (their
 * routes then refuse anyone but an admin, or a union) get room for it; the engine says « trop
 * long » in the form rather than the parser a bare 413.
 */
const MAX_PUBLICATION_FORM_BYTES = 3 * MAX_BODY_BYTES + MAX_FORM_BYTES;
/** The same room, for the same reason, for a guide written in the console (MAX_GUIDE_BYTES, 256 Kio). */
const MAX_GUIDE_FORM_BYTES = 3 * MAX_GUIDE_BYTES + MAX_FORM_BYTES;
/**
 * Requests worked on at once (see admission.ts). Under bench:web's fifty clients, 16 kept the
 * thread as busy as fifty did and halved the slowest answers (p99 450 → 206 ms). Measured again
 * with the bench's lighter load generator, in alternating runs: 8 keeps the throughput (850-985
 * requests/s) and has the lower p99 in six pairs out of seven (94-121 ms, against 110-188 for 16).
 */
const ADMISSION = { limit: 8, releaseAfterMs: 1000 };

export function createWebApp(services: Services, pool: ImapPool, compose: Partial<ComposeSettings> = {}): { app: Express; deps: WebDeps } {
  const deps: WebDeps = {
    services,
    pool,
    sessions: services.sessions,
    trusted: services.trustedSenders,
    assets: loadAssets(),
    // Derived from the service secret: visitors' form tokens stay valid as long as it does.
    anonCsrfKey: createHash('sha256').update(`webmel visitor csrf\0${services.config.serviceSecret}`).digest(),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // pages are personal and never cached; assets set their own ETag
  app.set('query parser', 'simple');
  // X-Forwarded-For / -Proto / -Host are believed only from the proxies of WEBMEL_TRUST_PROXY
  // (addresses, CIDRs or proxy-addr's names); by default from nobody: anyone could send them.
  app.set('trust proxy', services.config.trustProxy.length > 0 ? services.config.trustProxy : false);

  app.use(admission(ADMISSION));
  app.use(securityHeaders);
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(staticRoutes(deps.assets));
  // A body parsed here is not parsed again by the next one.
  app.post([ADMIN_BULLETINS_URL, UNION_URL], express.urlencoded({ extended: false, limit: MAX_PUBLICATION_FORM_BYTES, parameterLimit: MAX_FORM_FIELDS }));
  app.post(IPROF_SETTINGS.guides, express.urlencoded({ extended: false, limit: MAX_GUIDE_FORM_BYTES, parameterLimit: MAX_FORM_FIELDS }));
  app.use(express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: MAX_FORM_FIELDS }));
  app.use(loadSession(deps.sessions, services.accounts));
  app.use(noStore);
  // RFC 8058: a mail client posts the one-click unsubscribe with no cookie nor form token.
  app.use(unsubscribeRoutes(deps));
  app.use(csrfProtection(deps.anonCsrfKey, new URL(services.config.publicUrl).origin, services.log, (req, res) => forbidden(deps, req, res)));
  app.use(publicRoutes(deps));
  // I-Prof's applications validate their one-time tickets server to server, without a session.
  app.use(portalPublicRoutes(deps));
  app.use(authRoutes(deps));
  app.use(requireAccount);
  app.use(accountRoutes(deps));
  app.use(mailboxRoutes(deps));
  app.use(messageRoutes(deps));
  app.use(messageContentRoutes(deps));
  app.use(searchRoutes(deps));
  app.use(spaceRoutes(deps));
  app.use(electionRoutes(deps));
  app.use(directoryRoutes(deps));
  const cd = composeDeps(deps, compose);
  // The strike declaration's letter to the IEN leaves through the same submission port as compose.
  app.use(strikeRoutes(deps, cd.settings.submission));
  app.use(adminRoutes(deps));
  app.use(bulletinRoutes(deps));
  app.use(unionRoutes(deps));
  app.use(portalRoutes(deps));
  app.use(composeRoutes(cd));
  app.use((req, res) => notFound(deps, req, res));
  app.use(errorHandler(deps));
  return { app, deps };
}
