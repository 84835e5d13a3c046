/**
 * ENVELOPE response data (RFC 3501 7.4.2) from the EnvelopeData stored at delivery.
 * Returns Buffers (see imap-string.ts for why); header values go out as the bytes received.
 */
import type { AddressData, EnvelopeData } from '../../mime/mime-tree.js';
import { NIL, fromByteString, nstring } from './imap-string.js';

const OPEN = Buffer.from('(');
const CLOSE = Buffer.from(')');
const SPACE = Buffer.from(' ');

function byteNstring(value: string | null): Buffer {
  return value === null ? NIL : nstring(fromByteString(value));
}

/** address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")" */
export function formatAddress(address: AddressData): Buffer {
  return Buffer.concat([
    OPEN,
    byteNstring(address.name),
    SPACE,
    byteNstring(address.adl),
    SPACE,
    byteNstring(address.mailbox),
    SPACE,
    byteNstring(address.host),
    CLOSE,
  ]);
}

/** "(" 1*address ")" / nil: addresses follow each other without separator, as in RFC 3501's example. */
export function formatAddressList(list: readonly AddressData[]): Buffer {
  if (list.length === 0) return NIL;
  return Buffer.concat([OPEN, ...list.map(formatAddress), CLOSE]);
}

/**
 * envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
 *            SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
 * Sender and Reply-To were already defaulted to From at parse time (RFC 3501 7.4.2).
 */
export function formatEnvelope(envelope: EnvelopeData): Buffer {
  const fields = [
    byteNstring(envelope.date),
    byteNstring(envelope.subject),
    formatAddressList(envelope.from),
    formatAddressList(envelope.sender),
    formatAddressList(envelope.replyTo),
    formatAddressList(envelope.to),
    formatAddressList(envelope.cc),
    formatAddressList(envelope.bcc),
    byteNstring(envelope.inReplyTo),
    byteNstring(envelope.messageId),
  ];
  const chunks: Buffer[] = [OPEN];
  fields.forEach((field, i) => {
    if (i > 0) chunks.push(SPACE);
    chunks.push(field);
  });
  chunks.push(CLOSE);
  return Buffer.concat(chunks);
}

/** Envelope of a message whose header is missing entirely: all ten fields NIL. */
export const EMPTY_ENVELOPE: Buffer = Buffer.from('(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)');
