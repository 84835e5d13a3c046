/**
 * Delivery status notifications (RFC 3464), in French then English: sent to the envelope
 * sender for the recipients of an accepted message that could not be delivered.
 */
import { composeSystemMessage } from '../mime/compose-system-message.js';

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
}

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

export function buildDsn(input: DsnInput): Buffer {
  const list = input.failed.map((r) => `  <${r.address}> : ${r.diagnostic}`).join('\n');
  const text =
    `Ceci est un message automatique du serveur ${input.hostname}.\n\n` +
    `Votre message n'a pas pu être remis aux destinataires suivants :\n${list}\n\n` +
    `Les autres destinataires l'ont bien reçu. Pour une boîte pleine, son titulaire doit ` +
    `libérer de l'espace avant que vous ne renvoyiez le message.\n\n` +
    `-- \n` +
    `This is an automatic message from ${input.hostname}.\n\n` +
    `Your message could not be delivered to the following recipients:\n${list}\n\n` +
    `The other recipients received it.\n`;
  const perRecipient = input.failed
    .map(
      (r) =>
        `Final-Recipient: rfc822; ${r.address}\r\nAction: failed\r\nStatus: ${r.status}\r\n` +
        `Diagnostic-Code: smtp; ${r.diagnostic}\r\n`,
    )
    .join('\r\n');
  const status =
    `Reporting-MTA: dns; ${input.hostname}\r\n` +
    `Arrival-Date: ${input.arrivalDate.toUTCString().replace('GMT', '+0000')}\r\n\r\n` +
    perRecipient;
  return composeSystemMessage({
    hostname: input.hostname,
    from: { name: 'Système de messagerie', address: `MAILER-DAEMON@${input.hostname}` },
    to: input.sender,
    subject: 'Échec de remise / Delivery Status Notification (Failure)',
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
