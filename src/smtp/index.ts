/**
 * The SMTP servers: inbound mail from other servers (WEBMEL_SMTP_PORT: no AUTH, never a relay,
 * inbound-server.ts) and authenticated submission (WEBMEL_SUBMISSION_PORT, and the implicit-TLS
 * port: submission-server.ts, started with the outbound queue by start-submission.ts).
 *
 * Where a reply code lives: errors.ts (every SmtpError, with its RFC 3463 enhanced code),
 * enhanced-status.ts (smtp-server sends our codes as they are). Connection limits per client
 * address: connection-admission.ts. The message as received: read-message.ts (a NUL refused,
 * 554 5.6.0), header-block.ts; what a user may send as: own-address.ts; how much:
 * sending-limits.ts.
 *
 * Invariants:
 * - The final 250 goes out only once the message is stored on disk (or queued, for outside
 *   recipients); a refused message is never half-stored.
 * - Local recipients are checked at RCPT (unknown 550 5.1.1, full 452 4.2.2, disabled 550 5.2.1,
 *   other domains 554 5.7.1); duplicate recipients get one copy.
 *
 * May import: src/accounts, src/store, src/delivery, src/outbound, src/mime, src/disk, src/net,
 * src/quota, src/log. Never src/db, the web or app.ts.
 */
export { createInboundServer } from './inbound-server.js';
export { listenSmtp } from './listen-smtp.js';
export { startSubmission, type SubmissionHandle } from './start-submission.js';
