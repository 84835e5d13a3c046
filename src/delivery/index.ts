/**
 * Local delivery: a message for the académie's own addresses goes into each recipient's INBOX
 * (stored once however many), and a report (DSN) to the sender for those it could not reach.
 * Used by inbound SMTP, submission, the outbound queue (held local copies) and the webmail's
 * compose form (which addresses are local).
 *
 * Invariants:
 * - A recipient's quota is checked in the store's transaction that delivers: never both fit
 *   when only one does.
 * - Never a DSN to the null sender (RFC 5321 6.1); a DSN to an outside sender goes through the
 *   outbound queue.
 *
 * - Every refusal at RCPT or DATA is in the delivery log (refusal-log.ts, table
 *   delivery_refusals, kept 30 days), written a second at a time.
 *
 * May import: src/accounts, src/store, src/outbound (its store), src/mime, src/quota.
 */
export { LocalDelivery, type DeliveryOutcome, type RecipientCheck } from './local-delivery.js';
export { REFUSAL_RETENTION_DAYS, RefusalLog, type Refusal, type RefusalReason } from './refusal-log.js';
export { AUTO_REPLY_INTERVAL_MS, AutoReplies, mayAutoReply, type AutoReplySource, type AutoReplyText } from './auto-reply.js';
export { DELIVERY_SCHEMA } from './schema.js';
