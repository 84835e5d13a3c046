// COPY and MOVE arguments (RFC 3501 6.4.7, RFC 6851 3.1): a sequence set and a mailbox.

import type { Token } from './tokenizer.js';
import type { SequenceSet } from './sequence-set.js';
import { parseSequenceSet } from './sequence-set.js';
import { ArgCursor } from './arg-cursor.js';
import { parseMailboxName } from './mailbox-name.js';

export interface CopyArgs {
  sequenceSet: SequenceSet;
  /** Decoded destination mailbox name, INBOX normalised. */
  mailbox: string;
}

/** RFC 3501 9: copy = "COPY" SP sequence-set SP mailbox; RFC 6851 4: move likewise. */
export function parseCopyArgs(args: readonly Token[]): CopyArgs {
  const c = new ArgCursor(args);
  const sequenceSet = parseSequenceSet(c.atom('sequence set'));
  const mailbox = parseMailboxName(c.next('mailbox name'));
  c.end();
  return { sequenceSet, mailbox };
}
