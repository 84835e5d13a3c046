// Mailbox name arguments: astring on the wire, modified UTF-7 encoded (RFC 3501 5.1.3), with the
// case-insensitive special name INBOX (RFC 3501 5.1). Commands get the decoded Unicode name.

import type { Token } from './tokenizer.js';
import { tokenToAstring } from './arg-cursor.js';
import { decodeMutf7, encodeMutf7 } from './mutf7.js';

/** RFC 3501 5.1: "The case-insensitive mailbox name INBOX is a special name". */
export function normalizeMailboxName(name: string): string {
  return name.length === 5 && name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

/** A mailbox argument (RFC 3501 9: mailbox = "INBOX" / astring), decoded and INBOX-normalised. */
export function parseMailboxName(token: Token | undefined, what = 'mailbox name'): string {
  return normalizeMailboxName(decodeMutf7(tokenToAstring(token, what)));
}

/** A mailbox name as it goes out in responses (LIST, STATUS): modified UTF-7. */
export function encodeMailboxName(name: string): string {
  return encodeMutf7(name);
}
