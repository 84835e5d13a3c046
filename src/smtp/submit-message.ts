/**
 * What happens to a message a signed-in user submits (RFC 6409), once its envelope is
 * accepted: check the author, finish the header, then deliver local copies and queue the
 * rest, or hold everything until a chosen time.
 *
 * Header work is done on the header bytes only (header-block.ts); the body is never reparsed.
 *
 * Invariant: local copies and the outbound queue rows commit in one transaction, so the
 * client's 250 (or its 4xx and retry) never leaves half a message sent. Local-only messages
 * go through the store's group commit, like inbound mail.
 */
import { randomBytes } from 'node:crypto';
import type { Account } from '../accounts/account-store.js';
import type { MailStore } from '../store/mail-store.js';
import { prepareMessage } from '../store/prepare-message.js';
import type { OutboundStore } from '../outbound/outbound-store.js';
import { badFromHeader, badSendAfter, mailboxFull, senderNotOwned } from './errors.js';
import { addressesOf, appendFields, fieldsNamed, readHeaderBlock, withoutFields } from './header-block.js';
import type { LocalDelivery } from '../delivery/local-delivery.js';
import { ownsAddress } from './own-address.js';
import { returnPathHeader, rfc5322Date } from '../mime/trace-headers.js';
import { MAX_SEND_DELAY_MS, SEND_AFTER_FIELD } from '../outbound/held-sending.js';

/**
 * Fields recipients must not see. RFC 5322 3.6.3: Bcc is removed from the copies sent to
 * To/Cc recipients (we send one copy to all, so everyone gets it without); Resent-Bcc alike.
 */
const HIDDEN_FIELDS = ['bcc', 'resent-bcc', SEND_AFTER_FIELD];

export interface SubmitDeps {
  domain: string;
  hostname: string;
  store: MailStore;
  delivery: LocalDelivery;
  outbound: OutboundStore;
}

export interface Submission {
  account: Account;
  envelopeFrom: string;
  /** Local recipients accepted at RCPT, one per account. */
  local: readonly Account[];
  /** Outside recipients accepted at RCPT, lower-case, no duplicates. */
  remote: readonly string[];
  /** The message as the client sent it. */
  raw: Buffer;
  /** This hop's `Received:` field (trace-headers.ts). */
  received: Buffer;
  now?: number;
}

export type SubmitOutcome =
  | { kind: 'sent'; delivered: number; failed: number; queued: number }
  | { kind: 'scheduled'; queueId: number; sendAfter: number };

/** Reads X-Webmel-Send-After; null when absent. Throws badSendAfter when unreadable or too far. */
function sendAfterOf(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const time = /^\d{10,16}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time) || time - now > MAX_SEND_DELAY_MS) throw badSendAfter();
  return time > now ? time : null;
}

/** RFC 5322 3.6.4 msg-id, unique by its random part. */
function newMessageId(hostname: string): string {
  return `<${randomBytes(12).toString('hex')}@${hostname}>`;
}

/** Checks the author and returns the message as recipients get it (without trace fields). */
export function finishHeader(
  deps: Pick<SubmitDeps, 'domain' | 'hostname'>,
  account: Account,
  raw: Buffer,
  now: number,
): { message: Buffer; sendAfter: number | null } {
  const block = readHeaderBlock(raw);
  const from = fieldsNamed(block, 'from');
  // RFC 5322 3.6: exactly one From: field.
  if (from.length !== 1) throw badFromHeader();
  const authors = addressesOf(from[0]!);
  if (authors.length === 0) throw badFromHeader();
  // RFC 6409 6.1: the MSA may refuse a message whose author is not the authenticated user.
  // Sender: names the agent that sent it; it may not name someone else either.
  for (const field of [...from, ...fieldsNamed(block, 'sender')]) {
    for (const address of addressesOf(field)) {
      if (!ownsAddress(account, deps.domain, address)) throw senderNotOwned(address);
    }
  }
  const sendAfter = sendAfterOf(fieldsNamed(block, SEND_AFTER_FIELD)[0]?.value, now);
  const added: string[] = [];
  // RFC 6409 8.2 / RFC 5322 3.6.1: the origination date is required; a delayed message is
  // dated when it leaves.
  if (fieldsNamed(block, 'date').length === 0) added.push(`Date: ${rfc5322Date(new Date(sendAfter ?? now))}`);
  // RFC 6409 8.3 / RFC 5322 3.6.4: Message-ID should be present.
  if (fieldsNamed(block, 'message-id').length === 0) added.push(`Message-ID: ${newMessageId(deps.hostname)}`);
  const header = appendFields(withoutFields(block, HIDDEN_FIELDS), added);
  return { message: Buffer.concat([Buffer.from(header, 'latin1'), block.rest]), sendAfter };
}

export async function submitMessage(deps: SubmitDeps, submission: Submission): Promise<SubmitOutcome> {
  const now = submission.now ?? Date.now();
  const { message, sendAfter } = finishHeader(deps, submission.account, submission.raw, now);
  const sender = submission.envelopeFrom;
  const traced = Buffer.concat([submission.received, message]);
  const { local, remote } = submission;

  if (sendAfter !== null) {
    // Held whole, local recipients included: until sendAfter it can still be cancelled and
    // nobody has seen it. The queue runner delivers local copies through LocalDelivery then.
    const recipients = [...local.map((account) => account.address), ...remote];
    const queueId = deps.outbound.enqueue(sender, recipients, traced, sendAfter);
    return { kind: 'scheduled', queueId, sendAfter };
  }
  if (local.length === 0) {
    deps.outbound.enqueue(sender, remote, traced, now);
    return { kind: 'sent', delivered: 0, failed: 0, queued: remote.length };
  }

  // RFC 5321 4.4: the final delivery MTA adds Return-Path; outside copies leave without it.
  const localRaw = Buffer.concat([returnPathHeader(sender), traced]);
  const arrival = new Date(now);
  if (remote.length === 0) {
    // The common case, and the hot path: the store's group commit, as inbound SMTP uses.
    const outcome = await deps.delivery.deliverGrouped(localRaw, sender, local, arrival);
    // Nothing stored: the client keeps the message and may retry, as inbound SMTP answers.
    if (outcome.delivered.length === 0) throw mailboxFull(outcome.failed[0]?.account.address ?? '', false);
    return { kind: 'sent', delivered: outcome.delivered.length, failed: outcome.failed.length, queued: 0 };
  }

  // Local copies and outside ones commit together (one savepoint of a group commit).
  // Parsed before taking the write lock.
  const prepared = prepareMessage(localRaw);
  return deps.store.writeBatched(() => {
    const outcome = deps.delivery.deliverPrepared(prepared, sender, local, arrival);
    if (outcome.delivered.length === 0) {
      // deliverPrepared reports only alongside a local success; the outside copies carry on.
      deps.delivery.sendDsn(
        sender,
        outcome.failed.map(({ account }) => ({
          address: account.address,
          status: '5.2.2',
          diagnostic: '552 5.2.2 boîte pleine / mailbox full',
        })),
        traced,
        arrival,
        { othersDelivered: false },
      );
    }
    deps.outbound.enqueue(sender, remote, traced, now);
    return { kind: 'sent', delivered: outcome.delivered.length, failed: outcome.failed.length, queued: remote.length } as const;
  });
}
