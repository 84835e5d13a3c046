/**
 * Delivery status notifications (RFC 3464), in French then English: sent to the envelope
 * sender for the recipients of an accepted message that could not be delivered (Action:
 * failed), or that are still waiting in the outbound queue (Action: delayed, sent once).
 */
import { composeSystemMessage } from './compose-system-message.js';

export interface FailedRecipient {
  address: string;
  /** RFC 3463 status, e.g. 5.2.2. */
  status: string;
  /** The SMTP reply we would have given, e.g. `552 5.2.2 mailbox full`. */
  diagnostic: string;
}

export interface DsnInput {
  hostname: string;
  sender: string;
  failed: FailedRecipient[];
  arrivalDate: Date;
  /** The original message; only its header block goes back (RFC 3462 text/rfc822-headers). */
  original: Buffer;
  subject?: string;
  /** RFC 3464 2.3.3: `failed` (the default) or `delayed` (still being retried). */
  action?: 'failed' | 'delayed';
  /**
   * For a failure: whether the other recipients are known to have received it (a local
   * delivery with one full mailbox). False for the outbound queue, which cannot know.
   */
  othersDelivered?: boolean;
  /** For a delay: RFC 3464 2.3.7 Will-Retry-Until. */
  willRetryUntil?: Date;
  /** RFC 3464 2.3.5: the remote server that answered, e.g. `mx.example.org`. */
  remoteMta?: string;
}

const dsnDate = (date: Date) => date.toUTCString().replace('GMT', '+0000');

/** Dates in the French text, e.g. « 2 décembre 2026 à 14:05 (UTC) ». */
const frenchDate = (date: Date) =>
  `${date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} à ` +
  `${date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} (UTC)`;

/** The header block of a message (up to the first empty line), capped so a DSN stays small. */
export const MAX_RETURNED_HEADER_BYTES = 64 * 1024;

export function headerBlock(raw: Buffer): Buffer {
  let end = raw.indexOf('\r\n\r\n');
  if (end >= 0) end += 2;
  else {
    end = raw.indexOf('\n\n');
    end = end >= 0 ? end + 1 : raw.length;
  }
  return raw.subarray(0, Math.min(end, MAX_RETURNED_HEADER_BYTES));
}

/** RFC 3464 2.1.2: the delivery-status part is US-ASCII; accents are dropped, anything else becomes '?'. */
function asciiText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
}

function failureText(input: DsnInput, list: string): string {
  const others = input.othersDelivered ?? true;
  const full = input.failed.some((r) => r.status.endsWith('.2.2'));
  return (
    `Ceci est un message automatique du serveur ${input.hostname}.\n\n` +
    `Votre message n'a pas pu être remis aux destinataires suivants :\n${list}\n\n` +
    (others ? `Les autres destinataires l'ont bien reçu. ` : '') +
    (full ? `Pour une boîte pleine, son titulaire doit libérer de l'espace avant que vous ne renvoyiez le message.` : '') +
    `\n\n-- \n` +
    `This is an automatic message from ${input.hostname}.\n\n` +
    `Your message could not be delivered to the following recipients:\n${list}\n\n` +
    (others ? `The other recipients received it.\n` : '')
  );
}

function delayText(input: DsnInput, list: string): string {
  const until = input.willRetryUntil;
  return (
    `Ceci est un message automatique du serveur ${input.hostname}.\n\n` +
    `Votre message n'a pas encore pu être remis aux destinataires suivants :\n${list}\n\n` +
    `Vous n'avez rien à faire : le serveur continue d'essayer` +
    (until ? ` jusqu'au ${frenchDate(until)}` : '') +
    `, et vous serez prévenu(e) si la remise échoue définitivement.\n\n` +
    `-- \n` +
    `This is an automatic message from ${input.hostname}.\n\n` +
    `Your message has not yet been delivered to the following recipients:\n${list}\n\n` +
    `No action is needed: the server keeps trying` +
    (until ? ` until ${dsnDate(until)}` : '') +
    ` and will tell you if delivery finally fails.\n`
  );
}

export function buildDsn(input: DsnInput): Buffer {
  const action = input.action ?? 'failed';
  const list = input.failed.map((r) => `  <${r.address}> : ${r.diagnostic}`).join('\n');
  const text = action === 'delayed' ? delayText(input, list) : failureText(input, list);
  const perRecipient = input.failed
    .map(
      (r) =>
        // RFC 3464 2.3: one block of per-recipient fields each.
        `Final-Recipient: rfc822; ${r.address}\r\nAction: ${action}\r\nStatus: ${r.status}\r\n` +
        (input.remoteMta ? `Remote-MTA: dns; ${input.remoteMta}\r\n` : '') +
        `Diagnostic-Code: smtp; ${asciiText(r.diagnostic)}\r\n` +
        (action === 'delayed' && input.willRetryUntil ? `Will-Retry-Until: ${dsnDate(input.willRetryUntil)}\r\n` : ''),
    )
    .join('\r\n');
  const status =
    `Reporting-MTA: dns; ${input.hostname}\r\n` + `Arrival-Date: ${dsnDate(input.arrivalDate)}\r\n\r\n` + perRecipient;
  return composeSystemMessage({
    hostname: input.hostname,
    from: { name: 'Système de messagerie', address: `MAILER-DAEMON@${input.hostname}` },
    to: input.sender,
    subject:
      action === 'delayed'
        ? 'Remise retardée / Delivery Status Notification (Delay)'
        : 'Échec de remise / Delivery Status Notification (Failure)',
    // RFC 3834 5: automatic replies say so, and no one answers them.
    headers: { 'Auto-Submitted': 'auto-replied' },
    multipartType: 'report',
    multipartParams: 'report-type=delivery-status',
    parts: [
      { contentType: 'text/plain', body: text },
      { contentType: 'message/delivery-status', body: Buffer.from(status, 'latin1') },
      { contentType: 'text/rfc822-headers', body: headerBlock(input.original) },
    ],
  });
}
