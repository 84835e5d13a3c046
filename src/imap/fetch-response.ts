/**
 * FETCH response data (RFC 3501 7.4.2) for one message, written into a ResponseBuffer.
 *
 * ENVELOPE, BODYSTRUCTURE and BODY come pre-formatted from the FormatCache (built from the
 * MIME tree stored at delivery); body sections are slices of the raw message at the offsets
 * the tree records (src/mime/mime-sections.ts). Nothing here reparses a message.
 */
import type { MimePart } from '../mime/mime-tree.js';
import type { ContentEntry, FormatKind } from './content-cache.js';
import { filterHeaderFields, partialRange, replaceNuls, sectionRange } from './format/index.js';
import { ImapBad } from './errors.js';
import { fetchItemName, fetchSetsSeen, formatImapDateTime, type FetchItem, type Section } from './protocol/index.js';
import type { ResponseBuffer } from './response-buffer.js';

/** What a FETCH command needs per message, decided once from its items. */
export interface FetchPlan {
  /** Items in response order (UID added for UID FETCH, MODSEQ for CHANGEDSINCE). */
  items: FetchItem[];
  /** Pre-formatted structures wanted from the ContentCache. */
  formats: FormatKind[];
  /** Body sections need the MIME tree for their offsets… */
  needsTree: boolean;
  /** …and the raw message bytes. */
  needsRaw: boolean;
  /** A non-PEEK body item: sets \Seen on a read-write selection (RFC 3501 6.4.5). */
  setsSeen: boolean;
  hasFlags: boolean;
  hasModseq: boolean;
}

export function planFetch(requested: readonly FetchItem[], options: { uid: boolean; changedSince: boolean }): FetchPlan {
  const items = [...requested];
  // RFC 3501 6.4.8: UID FETCH always returns the UID.
  if (options.uid && !items.some((item) => item.type === 'uid')) items.unshift({ type: 'uid' });
  // RFC 7162 3.1.4.1: CHANGEDSINCE implies MODSEQ in every response.
  if (options.changedSince && !items.some((item) => item.type === 'modseq')) items.push({ type: 'modseq' });
  const formats = new Set<FormatKind>();
  let needsRaw = false;
  for (const item of items) {
    switch (item.type) {
      case 'envelope':
        formats.add('envelope');
        break;
      case 'bodystructure':
        formats.add('bodystructure');
        break;
      case 'body':
        formats.add('body');
        break;
      case 'rfc822':
      case 'rfc822-header':
      case 'rfc822-text':
      case 'body-section':
        needsRaw = true;
        break;
      case 'binary':
      case 'binary-size':
        // BINARY (RFC 3516) is not announced in CAPABILITY: a client has no business asking.
        throw new ImapBad('BINARY n’est pas pris en charge');
      default:
        break;
    }
  }
  return {
    items,
    formats: [...formats],
    needsTree: needsRaw,
    needsRaw,
    setsSeen: fetchSetsSeen(items),
    hasFlags: items.some((item) => item.type === 'flags'),
    hasModseq: items.some((item) => item.type === 'modseq'),
  };
}

/** One message's data for writeFetch. */
export interface FetchMessage {
  seq: number;
  uid: number;
  modseq: number;
  size: number;
  /** INTERNALDATE, formatted (formatInternalDate). */
  internalDate: string;
  /** The FLAGS list content as this session shows it (\Recent included). */
  flags: string;
  formats: ContentEntry | null;
  tree: MimePart | null;
  raw: Buffer | null;
  /** \Seen was just set by this FETCH: FLAGS go out even if not asked for (RFC 3501 6.4.5). */
  seenAdded: boolean;
  /** RFC 7162 3.1: CONDSTORE is on, so flag changes carry MODSEQ. */
  condstore: boolean;
}

/** RFC 3501 7.4.2: `* seq FETCH (item value …)`. */
export function writeFetch(out: ResponseBuffer, plan: FetchPlan, message: FetchMessage): void {
  out.add(`* ${message.seq} FETCH (`);
  let first = true;
  const name = (text: string) => {
    out.add(first ? text : ` ${text}`);
    first = false;
  };
  for (const item of plan.items) {
    switch (item.type) {
      case 'uid':
        name(`UID ${message.uid}`);
        break;
      case 'flags':
        name(`FLAGS (${message.flags})`);
        break;
      case 'internaldate':
        name(`INTERNALDATE "${message.internalDate}"`);
        break;
      case 'rfc822-size':
        name(`RFC822.SIZE ${message.size}`);
        break;
      case 'modseq':
        name(`MODSEQ (${message.modseq})`); // RFC 7162 3.1.4
        break;
      case 'envelope':
        name(`ENVELOPE ${message.formats?.envelope ?? 'NIL'}`);
        break;
      case 'bodystructure':
        name(`BODYSTRUCTURE ${message.formats?.bodystructure ?? 'NIL'}`);
        break;
      case 'body':
        name(`BODY ${message.formats?.body ?? 'NIL'}`);
        break;
      case 'rfc822':
        // RFC 3501 6.4.5: RFC822 is BODY[], answered under its own name.
        name('RFC822 ');
        writeSection(out, message, { part: [], text: null }, null);
        break;
      case 'rfc822-header':
        name('RFC822.HEADER ');
        writeSection(out, message, { part: [], text: { type: 'header' } }, null);
        break;
      case 'rfc822-text':
        name('RFC822.TEXT ');
        writeSection(out, message, { part: [], text: { type: 'text' } }, null);
        break;
      case 'body-section':
        name(`${fetchItemName(item)} `);
        writeSection(out, message, item.section, item.partial);
        break;
      default:
        break;
    }
  }
  if (message.seenAdded) {
    if (!plan.hasFlags) name(`FLAGS (${message.flags})`);
    // RFC 7162 3.2.4: with CONDSTORE on, a FETCH that set \Seen answers with UID and MODSEQ.
    if (message.condstore && !plan.items.some((item) => item.type === 'uid')) name(`UID ${message.uid}`);
    if (message.condstore && !plan.hasModseq) name(`MODSEQ (${message.modseq})`);
  }
  out.add(')\r\n');
}

/**
 * A body section as a literal, or NIL when the message has no such section (a part number
 * past the end, HEADER of a part that is not a message).
 */
function writeSection(
  out: ResponseBuffer,
  message: FetchMessage,
  section: Section,
  partial: { offset: number; length: number | null } | null,
): void {
  const { tree, raw } = message;
  const range = tree && raw ? sectionRange(tree, section) : null;
  if (!range || !raw) {
    out.add('NIL');
    return;
  }
  let bytes = raw.subarray(range.start, range.end);
  if (section.text?.type === 'header-fields') {
    bytes = filterHeaderFields(bytes, section.text.fields, section.text.not);
  }
  if (partial) {
    // RFC 3501 6.4.5: <origin.octets> of the section; an origin past the end gives "".
    const window = partialRange({ start: 0, end: bytes.length }, partial.offset, partial.length);
    bytes = bytes.subarray(window.start, window.end);
  }
  // RFC 3501 4.3: a literal may hold any octet but NUL. New mail cannot hold one (SMTP DATA
  // and APPEND refuse it); this only covers mail stored before that rule.
  bytes = replaceNuls(bytes);
  out.add(`{${bytes.length}}\r\n`);
  out.bytes(bytes);
}

/**
 * INTERNALDATE in the zone the APPEND gave it in, else in the server's zone at that instant:
 * the zone SEARCH BEFORE/ON/SINCE take its calendar day in (calendar-day.ts).
 */
export function formatInternalDate(ms: number, zone: number | null): string {
  const date = new Date(ms);
  return formatImapDateTime(date, zone ?? -date.getTimezoneOffset());
}
