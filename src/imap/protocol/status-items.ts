// STATUS arguments (RFC 3501 6.3.10) and the status item list LIST-STATUS reuses (RFC 5819).

import type { Token } from './tokenizer.js';
import { ArgCursor } from './arg-cursor.js';
import { parseMailboxName } from './mailbox-name.js';
import { ImapParseError, quoteInput } from './errors.js';

/**
 * RFC 3501 6.3.10 (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN), RFC 7162 3.1.6 HIGHESTMODSEQ,
 * RFC 8438 SIZE, RFC 9051 6.3.11 DELETED, RFC 7889 APPENDLIMIT. The dispatcher answers only those
 * whose extension it advertises.
 */
export const STATUS_ITEMS = [
  'MESSAGES',
  'RECENT',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'HIGHESTMODSEQ',
  'SIZE',
  'DELETED',
  'APPENDLIMIT',
] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];

const ITEM_SET: ReadonlySet<string> = new Set(STATUS_ITEMS);

function isStatusItem(name: string): name is StatusItem {
  return ITEM_SET.has(name);
}

/** RFC 3501 9: "(" status-att *(SP status-att) ")". Duplicates removed, order kept. */
export function parseStatusItems(token: Token | undefined): StatusItem[] {
  if (token === undefined || token.type !== 'list') throw new ImapParseError('Expected ( before status items');
  if (token.items.length === 0) throw new ImapParseError('Empty status item list');
  const c = new ArgCursor(token.items);
  const items: StatusItem[] = [];
  while (!c.done) {
    const name = c.keyword('status item');
    if (!isStatusItem(name)) throw new ImapParseError(`Unknown status item ${quoteInput(name)}`);
    if (!items.includes(name)) items.push(name);
  }
  return items;
}

export interface StatusArgs {
  /** Decoded mailbox name, INBOX normalised. */
  mailbox: string;
  items: StatusItem[];
}

/** RFC 3501 9: status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")". */
export function parseStatusArgs(args: readonly Token[]): StatusArgs {
  const c = new ArgCursor(args);
  const mailbox = parseMailboxName(c.next('mailbox name'));
  const items = parseStatusItems(c.next('status items'));
  c.end();
  return { mailbox, items };
}
