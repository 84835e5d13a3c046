/**
 * The webmail: Express + htmx, in French, reading mail only through our own IMAP server with
 * imapflow (one pooled connection per signed-in account, authenticated as the webmail's
 * service identity acting for the account), as a desktop client would.
 *
 * Layout:
 * - `server.ts` starts it; `create-web-app.ts` assembles the middlewares and routes.
 * - `sessions/` (SQL on web_sessions), `prefs/` (SQL on web_trusted_senders) and
 *   `compose/signature-store.ts` (SQL on web_compose_prefs): the only SQL here.
 * - `compose/`: writing mail (compositions, attachments, drafts, sending, undo); see its index.ts.
 * - `http/`: headers, cookies, CSRF, downloads. `imap/`: everything said to the IMAP server.
 * - `routes/`: one file per area; each route serves a page, or its fragment when htmx asks.
 * - `views/`: `layout`, `pages/*`, `fragments/*` (named after what they replace); functions
 *   returning SafeHtml from the escaping `html` template (mail-render).
 * - `static/`: stylesheet and script served from memory; htmx from node_modules.
 *
 * Invariants:
 * - Every page works without JavaScript; htmx only enhances. No inline script (CSP `script-src 'self'`).
 * - Every POST carries a CSRF token and a same-origin Origin/Sec-Fetch-Site.
 * - A mail's HTML is shown only in the sandboxed frame from its own endpoint; text is escaped.
 * - No route reads or changes another account's mail: folders are looked up among the reader's
 *   own, and every IMAP command runs on the reader's own connection.
 * - Quota numbers come from the store's counter and the policy directly, like the other
 *   academic features; mail itself only through IMAP.
 * - No password or NUMEN is kept, echoed or logged.
 */
export { startWebServer, type WebServer } from './server.js';
