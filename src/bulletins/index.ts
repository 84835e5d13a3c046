/**
 * Institutional mail (issue 20; shared/domain.md §2.4, §5): ministry, rectorat and DSDEN
 * bulletins nobody can unsubscribe from, election notices that reach even a full mailbox, and
 * union messages within the law (5 a month per union and agent, recipients hidden, one-click
 * unsubscribe until the next professional elections).
 *
 * Tables (schema.ts, step 18): bulletins_publications, bulletins_deliveries,
 * bulletins_union_counts, bulletins_unsubscriptions, bulletins_settings.
 *
 * Invariants:
 * - The only SQL on these tables (publication-store.ts).
 * - A publication is one content of the store, held by the publication (the Bulletins archive)
 *   and referenced by each INBOX; a union message's per-recipient token goes in the store's
 *   PERSONAL_SLOT, never in a copy of the content.
 * - Each recipient's message, record and the publication's counts commit in one transaction:
 *   a restart skips whoever has a record, so each mailbox gets a publication exactly once.
 * - An election notice is delivered whatever the quota and not counted in it; an ordinary
 *   bulletin or union message skips a full mailbox and counts it.
 * - Nobody reads a publication that was not sent to them (message()).
 *
 * May import: src/db (types), the store, accounts, mime, log, and the directory and calendar
 * through their index.ts.
 */
export {
  Bulletins,
  DELIVERY_BATCH,
  LEASE_MS,
  MAX_SUBJECT_CHARS,
  UNION_MONTHLY_CAP,
  parseFrom,
  unionName,
  unionSubject,
  type BulletinsDeps,
  type PublishInput,
  type ReceivedBulletin,
  type UnionSendInput,
  type UnionUnsubscription,
  type UnsubscribeResult,
} from './bulletins.js';
export { BulletinError } from './errors.js';
export { MAX_BODY_BYTES, formatOf, messageBody, type BodyFormat, type BodySource, type MessageBody } from './message-body.js';
export { OUTCOME, type Outcome, type Publication, type PublicationKind, type PublicationStatus } from './publication-store.js';
export { PublicationRunner, POLL_MS } from './runner.js';
export { BULLETINS_SCHEMA } from './schema.js';
