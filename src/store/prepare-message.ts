/**
 * Everything the store keeps about a message besides its bytes, computed once before the
 * write transaction opens: content hash, MIME tree (for IMAP BODYSTRUCTURE and sections),
 * the decoded fields the message list shows, and the text the search index reads.
 *
 * Never throws on bad input: a message that parses badly is still stored as received.
 */
import { createHash } from 'node:crypto';
import libmime from 'libmime';
import { decodeCharset, decodeTransfer } from '../mime/decode-text.js';
import { parseMimeTree, paramValue, type AddressData, type MimePart } from '../mime/mime-tree.js';

/** Text indexed per message: enough for any real letter, bounded for a 20 MB log file. */
export const MAX_INDEXED_TEXT_CHARS = 256 * 1024;
/** Header bytes indexed per message: every real header, bounded for a hostile one. */
export const MAX_INDEXED_HEADER_BYTES = 64 * 1024;
/** Characters of body text shown under the subject in the list. */
export const SNIPPET_CHARS = 200;

export interface PreparedMessage {
  raw: Buffer;
  sha256: Buffer;
  size: number;
  headerDate: number | null;
  subject: string;
  fromText: string;
  toText: string;
  ccText: string;
  bccText: string;
  messageId: string | null;
  inReplyTo: string | null;
  refs: string | null;
  hasAttachments: boolean;
  snippet: string;
  /** Decoded body text (plain text, or HTML reduced to text) and attachment names, for search. */
  bodyText: string;
  /** The whole header, unfolded, encoded words decoded: what SEARCH TEXT reads besides the body. */
  headerText: string;
  /**
   * What SEARCH FROM / TO / CC / BCC read: the addresses with the names of their groups (RFC 5322
   * 3.4 `groupname: a@x, b@y;`), which the display text leaves out.
   */
  addressSearch: { from: string; to: string; cc: string; bcc: string };
  /** The MIME tree as JSON (mime-tree.ts). */
  mime: string;
}

/** Bytes of a header value as text: UTF-8 when it is valid UTF-8, else Windows-1252. */
function bytesToText(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD')) ? decodeCharset(bytes, 'windows-1252') : utf8;
}

/** A ByteString header value → readable Unicode, RFC 2047 encoded words decoded. */
export function decodeHeaderText(value: string | null | undefined): string {
  if (!value) return '';
  const text = bytesToText(Buffer.from(value, 'latin1'));
  try {
    return libmime.decodeWords(text).replace(/[\r\n\t]+/g, ' ').trim();
  } catch {
    return text.trim();
  }
}

export function formatAddressList(list: readonly AddressData[]): string {
  const out: string[] = [];
  for (const address of list) {
    if (address.host === null) continue; // group markers
    const email = address.host ? `${address.mailbox ?? ''}@${address.host}` : address.mailbox ?? '';
    const name = decodeHeaderText(address.name);
    out.push(name ? `${name} <${decodeHeaderText(email)}>` : decodeHeaderText(email));
  }
  return out.join(', ');
}

/**
 * An address list as SEARCH reads it: each address as displayed, and each group's name (an IMAP
 * group start: no host, the name in `mailbox`, RFC 3501 7.4.2).
 */
function addressSearchText(list: readonly AddressData[]): string {
  const groups = list.filter((a) => a.host === null && a.mailbox !== null).map((a) => decodeHeaderText(a.mailbox));
  return [...groups, formatAddressList(list)].filter((part) => part !== '').join(', ');
}

/** A single header field of a part, unfolded, raw bytes as a ByteString (first occurrence). */
export function headerField(raw: Buffer, part: MimePart, name: string): string | null {
  const header = raw.subarray(part.headerStart, part.headerEnd).toString('latin1');
  const wanted = name.toLowerCase() + ':';
  const lines = header.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.toLowerCase().startsWith(wanted)) {
      let value = lines[i]!.slice(wanted.length);
      while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += lines[++i];
      return value.trim();
    }
  }
  return null;
}

/** Reduces HTML to its visible text, for search and snippets only (never for display). */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]{0,10000}>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      if (code[0] === '#') {
        const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(point) && point > 0 && point < 0x110000 ? String.fromCodePoint(point) : ' ';
      }
      return named[code.toLowerCase()] ?? entity;
    });
}

function filenameOf(part: MimePart): string | undefined {
  return (part.disposition && paramValue(part.disposition.params, 'filename')) ?? paramValue(part.params, 'name');
}

/** RFC 2183: an attachment is what the sender marked so, or a named non-inline file. */
export function isAttachment(part: MimePart): boolean {
  if (part.children) return false;
  if (part.disposition?.type === 'attachment') return true;
  if (part.disposition?.type === 'inline') return false;
  return Boolean(filenameOf(part)) && !(part.type === 'text' && !part.id);
}

interface TextParts {
  plain: string[];
  html: string[];
  attachmentNames: string[];
}

function collectText(raw: Buffer, part: MimePart, out: TextParts): void {
  if (part.children) {
    // multipart/alternative: the last part is the richest; prefer its plain sibling for text.
    for (const child of part.children) collectText(raw, child, out);
    return;
  }
  if (part.message) {
    collectText(raw, part.message, out);
    return;
  }
  const name = filenameOf(part);
  if (isAttachment(part)) {
    if (name) out.attachmentNames.push(name);
    return;
  }
  if (part.type !== 'text' || (part.subtype !== 'plain' && part.subtype !== 'html')) return;
  const bytes = decodeTransfer(raw.subarray(part.headerEnd, part.bodyEnd), part.encoding);
  const text = decodeCharset(bytes, paramValue(part.params, 'charset') ?? null);
  (part.subtype === 'plain' ? out.plain : out.html).push(text);
}

export function snippetOf(text: string): string {
  // From the first 1,600 characters (enough even after quoted lines are skipped), line by line,
  // and only until the snippet is full: a 10 KB body is not split and collapsed whole.
  const head = text.slice(0, 8 * SNIPPET_CHARS);
  let snippet = '';
  for (let start = 0; start < head.length && snippet.length <= SNIPPET_CHARS; ) {
    const newline = head.indexOf('\n', start);
    const end = newline === -1 ? head.length : newline;
    const line = head.slice(start, end > start && head[end - 1] === '\r' ? end - 1 : end);
    if (!line.startsWith('>')) snippet = `${snippet} ${line}`.replace(/\s+/g, ' ').trimStart();
    start = end + 1;
  }
  return snippet.trim().slice(0, SNIPPET_CHARS);
}

function parseDate(value: string | null): number | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/\([^)]*\)/g, '').trim());
  return Number.isFinite(time) ? time : null;
}

export function prepareMessage(raw: Buffer): PreparedMessage {
  const tree = parseMimeTree(raw);
  const envelope = tree.envelope;
  const texts: TextParts = { plain: [], html: [], attachmentNames: [] };
  try {
    collectText(raw, tree, texts);
  } catch {
    // Undecodable content is still stored; it is just not searchable.
  }
  const bodyText = (texts.plain.length > 0 ? texts.plain.join('\n') : htmlToPlainText(texts.html.join('\n'))).slice(
    0,
    MAX_INDEXED_TEXT_CHARS,
  );
  const refs = headerField(raw, tree, 'references');
  return {
    raw,
    sha256: createHash('sha256').update(raw).digest(),
    size: raw.length,
    headerDate: parseDate(envelope?.date ?? null),
    subject: decodeHeaderText(envelope?.subject),
    fromText: formatAddressList(envelope?.raw.from ? envelope.from : []),
    toText: formatAddressList(envelope?.to ?? []),
    ccText: formatAddressList(envelope?.cc ?? []),
    bccText: formatAddressList(envelope?.bcc ?? []),
    messageId: envelope?.messageId ? decodeHeaderText(envelope.messageId) : null,
    inReplyTo: envelope?.inReplyTo ? decodeHeaderText(envelope.inReplyTo) : null,
    refs: refs ? decodeHeaderText(refs) : null,
    hasAttachments: texts.attachmentNames.length > 0,
    snippet: snippetOf(bodyText),
    bodyText: [bodyText, ...texts.attachmentNames].join('\n'),
    addressSearch: {
      from: addressSearchText(envelope?.raw.from ? envelope.from : []),
      to: addressSearchText(envelope?.to ?? []),
      cc: addressSearchText(envelope?.cc ?? []),
      bcc: addressSearchText(envelope?.bcc ?? []),
    },
    headerText: decodeHeaderText(raw.subarray(0, Math.min(tree.headerEnd, MAX_INDEXED_HEADER_BYTES)).toString('latin1')),
    mime: JSON.stringify(tree),
  };
}
