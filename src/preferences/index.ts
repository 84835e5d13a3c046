/**
 * What each reader chose for her webmail and kept across sessions: the senders whose remote
 * images are always shown, and her signature.
 *
 * Tables (schema.ts): `web_trusted_senders` (account, sender address), `web_compose_prefs`
 * (account, signature).
 *
 * Invariants:
 * - The only SQL on these tables (trusted-senders.ts, signature-store.ts); every read and write
 *   names its account.
 * - Bounded: MAX_TRUSTED_SENDERS senders, MAX_SIGNATURE_CHARS characters.
 *
 * May import: src/db. The web uses it through Services; it imports nothing of the web.
 */
export { MAX_TRUSTED_SENDERS, TrustedSenders } from './trusted-senders.js';
export { MAX_SIGNATURE_CHARS, SignatureStore } from './signature-store.js';
