/**
 * The webmail's sessions: who is signed in, from which browser and address, until when, and the
 * one-shot notice the next page shows, and whether « Masquer » hid the élections banner (for that
 * session only).
 *
 * Tables (schema.ts): `web_sessions`, one row per session; the cookie's token is stored only as
 * its SHA-256.
 *
 * Invariants:
 * - The only SQL on `web_sessions` (session-store.ts).
 * - A session is found only by its token's hash, and changed only for its own account.
 * - Recording activity is bookkeeping: a full disk skips it and the request goes on.
 *
 * May import: src/db. The web's cookies and middleware (src/web/sessions) use it; it imports
 * nothing of the web.
 */
export { SessionStore, SESSION_IDLE_TIMEOUT_MS, type WebSession } from './session-store.js';
