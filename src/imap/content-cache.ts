/**
 * What IMAP derives from a stored content, kept in memory by content id (LRU):
 * - ENVELOPE, BODYSTRUCTURE and BODY, formatted (as byte strings: one char per byte);
 * - a digest of the decoded header fields for SORT, THREAD and SEARCH SENT* (base subject,
 *   first address mailboxes, message ids, sent date).
 * ENVELOPE and BODYSTRUCTURE are also kept in the store (`content_imap`, imap-formats.ts), so
 * they are formatted once per content, not once per process; format-warmer.ts formats new mail
 * right after delivery.
 *
 * Why: formatting from the stored MIME tree costs a JSON.parse and hundreds of small
 * allocations per message (about 55 µs); a `FETCH 1:* (ENVELOPE BODYSTRUCTURE …)` over 10,000
 * messages would spend over half a second on it every time, and SORT/THREAD would re-read
 * and re-derive 10,000 subjects. Contents are immutable (one row per sha256) and their ids are never
 * given again once deleted (AUTOINCREMENT, migration 9: before it, SQLite handed a deleted
 * content's id to the next one stored, and this cache showed one account's subject and sender
 * to another). An entry leaves when its content is deleted (MailStore.onContentsDeleted) or
 * when the byte budget needs room. One cache per store (content ids belong to one database).
 */
import type { MailStore } from '../store/mail-store.js';
import type { StoredFormats } from '../store/imap-formats.js';
import type { ContentSortSummary } from '../store/message-queries.js';
import type { MimePart } from '../mime/mime-tree.js';
import { baseSubject } from './base-subject.js';
import { dayOfDateHeader } from './calendar-day.js';
import { EMPTY_ENVELOPE, formatBody, formatBodyStructure, formatEnvelope } from './format/index.js';
import { threadIds } from './thread-references.js';

/**
 * Memory the cache may use, counted as the characters of the strings it holds (V8 keeps these
 * one byte per char) plus a fixed overhead per entry. 64 MiB holds the formats and digests of
 * about 60,000 typical messages: several large folders, well inside the server's 300 MB.
 */
export const CONTENT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

/** Per-entry overhead (Map slot, objects, string headers) counted against the budget. */
const ENTRY_OVERHEAD_BYTES = 200;

export type FormatKind = 'envelope' | 'bodystructure' | 'body';

/** SORT / THREAD / SEARCH view of a content's header (RFC 5256). */
export interface ContentDigest {
  /** Date: header in ms, null when missing or unparsable (RFC 5256 2.2: use the internal date). */
  headerDate: number | null;
  /** The calendar day the Date: header shows, in its own zone (calendar-day.ts), or null. */
  sentDay: number | null;
  /** Base subject, ASCII-uppercased (RFC 5256 2.1). */
  subjectKey: string;
  /** The subject carried a reply or forward marker. */
  reply: boolean;
  /** addr-mailbox of the first From / To / Cc address, ASCII-uppercased (RFC 5256 3). */
  fromKey: string;
  toKey: string;
  ccKey: string;
  /** Message-ID, without angle brackets; null when missing. */
  messageId: string | null;
  /** THREAD's parent chain: References, or the first In-Reply-To id (RFC 5256 4 step 1A). */
  references: string[];
}

export interface ContentEntry {
  envelope?: string;
  bodystructure?: string;
  body?: string;
  digest?: ContentDigest;
}

export class ContentCache {
  /** Insertion order is age order; `used` marks entries read since they last reached the old end. */
  private readonly entries = new Map<number, ContentEntry & { used?: boolean }>();
  private bytes = 0;

  constructor(private readonly maxBytes = CONTENT_CACHE_MAX_BYTES) {}

  /**
   * The entry of a content (created empty when absent). A hit only sets a flag: eviction gives
   * flagged entries a second chance ("clock" approximation of LRU), so reading 10,000 entries
   * does not reorder a 10,000-entry Map.
   */
  entry(contentId: number): ContentEntry {
    let entry = this.entries.get(contentId);
    if (entry === undefined) {
      entry = { used: false };
      this.entries.set(contentId, entry);
      this.bytes += ENTRY_OVERHEAD_BYTES;
    } else {
      entry.used = true;
    }
    return entry;
  }

  /**
   * The entries of `contentIds` with every format in `kinds`. Missing ones come from the store's
   * `content_imap` table, or else are formatted from the MIME tree and saved there.
   */
  formats(store: MailStore, contentIds: Iterable<number>, kinds: readonly FormatKind[]): Map<number, ContentEntry> {
    const out = new Map<number, ContentEntry>();
    const missing: number[] = [];
    for (const id of contentIds) {
      if (out.has(id)) continue;
      const entry = this.entry(id);
      out.set(id, entry);
      if (kinds.some((kind) => entry[kind] === undefined)) missing.push(id);
    }
    if (missing.length === 0) return out;
    if (kinds.includes('envelope') || kinds.includes('bodystructure')) {
      for (const stored of store.imapFormats.get(missing)) this.keep(out.get(stored.contentId)!, stored);
    }
    const toFormat = missing.filter((id) => kinds.some((kind) => out.get(id)![kind] === undefined));
    this.formatFromTrees(store, toFormat, out, kinds);
    this.evict(out);
    return out;
  }

  /**
   * Makes sure these contents have their ENVELOPE and BODYSTRUCTURE stored (new mail, just
   * delivered): the first FETCH of a folder then never waits for a MIME tree to be parsed.
   */
  prepare(store: MailStore, contentIds: readonly number[]): void {
    const missing = store.imapFormats.missing(contentIds);
    if (missing.length === 0) return;
    const out = new Map<number, ContentEntry>(missing.map((id) => [id, this.entry(id)]));
    this.formatFromTrees(store, missing, out, []);
    this.evict(out);
  }

  /** Formats `kinds` (and always ENVELOPE and BODYSTRUCTURE, which are then saved) from trees. */
  private formatFromTrees(store: MailStore, ids: readonly number[], out: Map<number, ContentEntry>, kinds: readonly FormatKind[]): void {
    if (ids.length === 0) return;
    const toSave: StoredFormats[] = [];
    for (const [id, json] of store.queries.mimeByContentIds(ids)) {
      const tree = JSON.parse(json) as MimePart;
      const entry = out.get(id)!;
      const stored = entry.envelope !== undefined && entry.bodystructure !== undefined;
      for (const kind of new Set<FormatKind>(['envelope', 'bodystructure', ...kinds])) {
        if (entry[kind] !== undefined) continue;
        const value = format(tree, kind);
        entry[kind] = value;
        this.bytes += value.length;
      }
      if (!stored) toSave.push({ contentId: id, envelope: entry.envelope!, bodystructure: entry.bodystructure! });
    }
    store.imapFormats.save(toSave);
  }

  /** Takes the stored formats into an entry. */
  private keep(entry: ContentEntry, stored: StoredFormats): void {
    if (entry.envelope === undefined) {
      entry.envelope = stored.envelope;
      this.bytes += stored.envelope.length;
    }
    if (entry.bodystructure === undefined) {
      entry.bodystructure = stored.bodystructure;
      this.bytes += stored.bodystructure.length;
    }
  }

  /** The digests of `contentIds` (those that still exist), reading what is missing. */
  digests(store: MailStore, contentIds: Iterable<number>): Map<number, ContentDigest> {
    const out = new Map<number, ContentDigest>();
    const missing: number[] = [];
    for (const id of contentIds) {
      if (out.has(id)) continue;
      const digest = this.entry(id).digest;
      if (digest) out.set(id, digest);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const summary of store.queries.contentSummaries(missing)) {
        const digest = digestOf(summary);
        this.entry(summary.id).digest = digest;
        this.bytes += digestBytes(digest);
        out.set(summary.id, digest);
      }
      this.evict(null);
    }
    return out;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops the entries of deleted contents. */
  forget(contentIds: Iterable<number>): void {
    for (const id of contentIds) {
      const entry = this.entries.get(id);
      if (entry === undefined) continue;
      this.entries.delete(id);
      this.bytes -= entryBytes(entry);
    }
  }

  /** Drops the oldest unused entries beyond the budget, never those of the current command (`keep`). */
  private evict(keep: ReadonlyMap<number, ContentEntry> | null): void {
    let scanned = 0;
    const limit = 2 * this.entries.size;
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.maxBytes || ++scanned > limit) return;
      if (keep?.has(id) || entry.used) {
        // Second chance: back to the young end, unflagged.
        entry.used = false;
        this.entries.delete(id);
        this.entries.set(id, entry);
        continue;
      }
      this.entries.delete(id);
      this.bytes -= entryBytes(entry);
    }
  }
}

function format(tree: MimePart, kind: FormatKind): string {
  switch (kind) {
    case 'envelope':
      return (tree.envelope ? formatEnvelope(tree.envelope) : EMPTY_ENVELOPE).toString('latin1');
    case 'bodystructure':
      return formatBodyStructure(tree).toString('latin1');
    case 'body':
      return formatBody(tree).toString('latin1');
  }
}

function digestOf(summary: ContentSortSummary): ContentDigest {
  const subject = baseSubject(summary.subject);
  const ids = threadIds(summary.messageId, summary.inReplyTo, summary.refs);
  return {
    headerDate: summary.headerDate,
    sentDay: dayOfDateHeader(summary.dateText),
    subjectKey: subject.key,
    reply: subject.isReplyOrForward,
    fromKey: asciiUpper(summary.firstMailbox.from),
    toKey: asciiUpper(summary.firstMailbox.to),
    ccKey: asciiUpper(summary.firstMailbox.cc),
    messageId: ids.messageId,
    references: ids.references,
  };
}

/** What an entry counts against the budget: its strings and the fixed overhead. */
function entryBytes(entry: ContentEntry): number {
  const formats = (entry.envelope?.length ?? 0) + (entry.bodystructure?.length ?? 0) + (entry.body?.length ?? 0);
  return ENTRY_OVERHEAD_BYTES + formats + (entry.digest ? digestBytes(entry.digest) : 0);
}

function digestBytes(digest: ContentDigest): number {
  let n = digest.subjectKey.length + digest.fromKey.length + digest.toKey.length + digest.ccKey.length;
  n += digest.messageId?.length ?? 0;
  for (const ref of digest.references) n += ref.length + 16;
  return n;
}

/** RFC 5256 3: the keys are compared with i;ascii-casemap, so only ASCII letters are folded. */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
}

const caches = new WeakMap<MailStore, ContentCache>();

/** The cache of a store (created on first use), which forgets the contents the store deletes. */
export function contentCacheFor(store: MailStore): ContentCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    const created = new ContentCache();
    store.onContentsDeleted((contentIds) => created.forget(contentIds));
    caches.set(store, created);
    cache = created;
  }
  return cache;
}
