// APPEND arguments (RFC 3501 6.3.11, MULTIAPPEND RFC 3502).

import type { Token } from './tokenizer.js';
import type { ImapDateTime } from './date-time.js';
import { parseImapDateTime } from './date-time.js';
import { ArgCursor } from './arg-cursor.js';
import { parseFlagList } from './flag-list.js';
import { parseMailboxName } from './mailbox-name.js';
import { ImapParseError } from './errors.js';

export interface AppendMessage {
  /** Flags to set on the new message (canonical system flags, keywords). */
  flags: string[];
  /** INTERNALDATE to give it; null means "now" (RFC 3501 6.3.11). */
  internalDate: ImapDateTime | null;
  /** The message, exactly as sent. */
  message: Buffer;
  /** Sent as RFC 3516 literal8 `~{n}`: allowed only when BINARY is advertised. */
  binary: boolean;
}

export interface AppendArgs {
  /** Decoded mailbox name, INBOX normalised. */
  mailbox: string;
  /** One message, or several with MULTIAPPEND (RFC 3502): refuse >1 unless it is advertised. */
  messages: AppendMessage[];
}

/**
 * RFC 3501 9: append = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal;
 * RFC 3502 6: append = "APPEND" SP mailbox 1*append-message.
 */
export function parseAppendArgs(args: readonly Token[]): AppendArgs {
  const c = new ArgCursor(args);
  const mailbox = parseMailboxName(c.next('mailbox name'));
  const messages: AppendMessage[] = [];
  do {
    let flags: string[] = [];
    if (c.peek()?.type === 'list') flags = parseFlagList(c.next('flag list'));
    let internalDate: ImapDateTime | null = null;
    if (c.peek()?.type === 'quoted') internalDate = parseImapDateTime(c.string('date-time'));
    const next = c.peek();
    if (next === undefined) throw new ImapParseError('Missing message literal');
    if (next.type !== 'literal') throw new ImapParseError('The message must be sent as a literal');
    const literal = c.literal('message');
    messages.push({ flags, internalDate, message: literal.value, binary: literal.binary });
  } while (!c.done);
  return { mailbox, messages };
}
