/**
 * Outbound mail: the durable queue of messages leaving the académie (and of submitted
 * messages held for undo-send or « envoyer plus tard »), and the runner that delivers them.
 *
 * - outbound-store.ts: the only SQL on `outbound_messages` / `outbound_recipients`
 *   (migration 1). A row is queued → sent | failed; an attempt claims its rows first.
 * - queue-runner.ts: start/stop/runOnce/cancel; local copies through LocalDelivery, outside
 *   ones through the relay (WEBMEL_RELAY_*) or the domain's MX, DKIM when configured.
 * - smtp-attempt.ts: one SMTP transaction with nodemailer; mx-resolver.ts; retry-schedule.ts.
 *
 * Invariants: never a write to a socket inside a transaction; a remote copy is marked sent
 * only after the remote 250 (so a crash means at most one duplicate, never a loss); never a
 * DSN to the null sender.
 */
export { OutboundStore } from './outbound-store.js';
export { QueueRunner, type QueueRunnerOptions } from './queue-runner.js';
export { dnsMxResolver, type MxResolver } from './mx-resolver.js';
