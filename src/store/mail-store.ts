/**
 * The SQLite mail store: mailboxes, messages, flags, UIDs, MODSEQs, quota usage.
 *
 * Every write runs in one synchronous `BEGIN IMMEDIATE` transaction (better-sqlite3), and the
 * quota counter changes in the same transaction as the insert or delete that moves it, so two
 * concurrent deliveries can never both fit when only one does. Changes are published to
 * listeners after the outermost transaction commits. Parsing and any async work happen
 * before a write starts (prepare-message.ts); nothing here awaits.
 */
import type { Db } from '../db/database.js';
import { ChangeNotifier, type StoreChange } from './changes.js';
import {
  MailboxExistsError,
  MailboxNotFoundError,
  MailboxOperationError,
  QuotaExceededError,
} from './errors.js';
import { isDiskFull, unlessDiskFull } from '../disk/disk-full.js';
import { withoutWaitingForDisk } from '../db/relaxed-sync.js';
import { WalSync } from '../db/wal-sync.js';
import { asDeferredWork, LOAD_SAMPLE_MS, threadIsBusy } from '../thread-load.js';
import { FLAG_DELETED } from './flags.js';
import { ImapFormats } from './imap-formats.js';
import { MessageQueries, type ContentSummary } from './message-queries.js';
import { prepareMessage, type PreparedMessage } from './prepare-message.js';
import { SearchIndex, type IndexedText } from './search-index.js';

export const INBOX = 'INBOX';
/** RFC 3501 5.1: our hierarchy delimiter. */
export const DELIMITER = '/';
/** A folder name is at most this long (bytes of UTF-8), and this deep, so listings stay sane. */
export const MAX_MAILBOX_NAME_BYTES = 512;
export const MAX_MAILBOX_DEPTH = 16;
/** An account may have this many folders, so one client cannot fill the database with them. */
export const MAX_MAILBOXES_PER_ACCOUNT = 1000;
/** Writes grouped in one commit at most: bounds the time the write lock is held. */
export const MAX_BATCHED_WRITES = 64;
/** PRAGMA synchronous = FULL (https://sqlite.org/pragma.html#pragma_synchronous). */
const SYNCHRONOUS_FULL = 2;
/**
 * Search indexing waits this long to batch new messages: FTS5 writes one segment per
 * transaction, and merging many tiny segments cost more than the indexing itself.
 */
export const INDEX_DELAY_MS = 200;
/** Contents indexed per transaction when a search waits for them. */
export const MAX_INDEX_BATCH = 500;
/**
 * …and per turn of the event loop when the index catches up on its own (about 0.2 ms each): a
 * command that comes in while it catches up after a burst waits a few milliseconds at most.
 * (With 500, bench:imap's 100 single fetches right after its 10,000 APPENDs took 1 s, not 25 ms.)
 */
export const CALM_INDEX_BATCH = 25;
/** After a failed batch (disk full, database locked by another process), the next try. */
const INDEX_RETRY_MS = 5000;
/**
 * While the thread is busy (a delivery burst, see thread-load.ts) the index waits, up to this
 * many contents: that bounds what the first search after a burst has to index first (about
 * 0.2 ms each).
 */
export const MAX_DEFERRED_INDEX = 20_000;
/**
 * Characters of text kept in memory for the contents waiting for the index; beyond, a content
 * is parsed again from the store when its turn comes, so a long burst does not grow the heap.
 */
const MAX_KEPT_INDEX_CHARS = 2 * 1024 * 1024;

/** Default folders with their RFC 6154 special-use attribute, in display order. */
export const DEFAULT_MAILBOXES: ReadonlyArray<{ name: string; specialUse: string | null }> = [
  { name: INBOX, specialUse: null },
  { name: 'Brouillons', specialUse: '\\Drafts' },
  { name: 'Envoyés', specialUse: '\\Sent' },
  { name: 'Archives', specialUse: '\\Archive' },
  { name: 'Indésirables', specialUse: '\\Junk' },
  { name: 'Corbeille', specialUse: '\\Trash' },
];

export interface Mailbox {
  id: number;
  accountId: number;
  name: string;
  specialUse: string | null;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
}

export interface MailboxCounts {
  messages: number;
  unseen: number;
  deleted: number;
  size: number;
}

/** What a session needs to map sequence numbers and answer FLAGS/MODSEQ. */
/** The fields of a message the search indexes hold (search-index.ts). */

export interface MessageIndexEntry {
  uid: number;
  flags: number;
  keywords: string;
  modseq: number;
}

/** A message with its content's decoded header fields (the same ones SORT and THREAD read). */
export interface MessageRow extends MessageIndexEntry, Omit<ContentSummary, 'id'> {
  id: number;
  mailboxId: number;
  contentId: number;
  size: number;
  internalDate: number;
  savedAt: number;
  hasAttachments: boolean;
  snippet: string;
  mime: string;
}

/** A message row without its content's fields (rowsByUids). */
interface StoredRow extends MessageIndexEntry {
  id: number;
  contentId: number;
  size: number;
  internalDate: number;
  internalZone: number | null;
  quotaFree: boolean;
  personal: string | null;
}

export interface Usage {
  usedBytes: number;
  messageCount: number;
  warnedLevel: number;
}

export interface DeliveryTarget {
  accountId: number;
  /** Bytes the account may hold after this delivery (its limit plus the inbound grace). */
  limitBytes: number;
  /** Bypass the quota: system messages such as quota warnings. */
  bypassQuota?: boolean;
  /** Past the quota and not counted in it: an election notice (issue 20). */
  quotaFree?: boolean;
  /** This recipient's token for the content's PERSONAL_SLOT (personal.ts). */
  personal?: string;
}

export type DeliveryResult =
  | { accountId: number; ok: true; mailboxId: number; uid: number }
  | { accountId: number; ok: false; error: QuotaExceededError };

export interface AppendInput {
  accountId: number;
  mailboxId: number;
  message: PreparedMessage;
  flags?: number;
  keywords?: string[];
  internalDate?: number;
  /** Minutes east of UTC the client gave the internal date in (APPEND); none: the server's zone. */
  internalZone?: number | null;
  /** Limit to enforce; null means the write is never refused for quota (moves, system mail). */
  limitBytes: number | null;
}

const MESSAGE_COLUMNS = `
  m.id, m.mailbox_id AS mailboxId, m.uid, m.content_id AS contentId, m.size,
  m.internal_date AS internalDate, m.saved_at AS savedAt, m.flags, m.keywords, m.modseq,
  c.header_date AS headerDate, c.subject, c.from_text AS fromText, c.to_text AS toText,
  c.cc_text AS ccText, c.message_id AS messageId, c.in_reply_to AS inReplyTo, c.refs,
  c.has_attachments AS hasAttachments, c.snippet, c.mime`;

type RawMessageRow = Omit<MessageRow, 'hasAttachments'> & { hasAttachments: number };

function toMessageRow(row: RawMessageRow): MessageRow {
  return { ...row, hasAttachments: row.hasAttachments === 1 };
}

const MAILBOX_COLUMNS = `id, account_id AS accountId, name, special_use AS specialUse,
  uid_validity AS uidValidity, uid_next AS uidNext, highest_modseq AS highestModseq`;


/** RFC 3501 5.1: INBOX is case-insensitive; every other name is kept as given. */
export function canonicalMailboxName(name: string): string {
  const upper = name.toUpperCase();
  if (upper === INBOX) return INBOX;
  if (upper.startsWith(INBOX + DELIMITER)) return INBOX + name.slice(INBOX.length);
  return name;
}

export function validateMailboxName(name: string): string {
  const canonical = canonicalMailboxName(name);
  const parts = canonical.split(DELIMITER);
  if (
    canonical.length === 0 ||
    Buffer.byteLength(canonical) > MAX_MAILBOX_NAME_BYTES ||
    parts.length > MAX_MAILBOX_DEPTH ||
    parts.some((part) => part.length === 0 || part.trim() !== part) ||
    /[\x00-\x1f\x7f*%]/.test(canonical)
  ) {
    throw new MailboxOperationError(`Nom de dossier invalide : « ${name} »`);
  }
  return canonical;
}

/** What the text kept for the index weighs against MAX_KEPT_INDEX_CHARS: its two long parts. */
function keptChars(text: IndexedText | null | undefined): number {
  return text ? text.bodyText.length + text.headerText.length : 0;
}

export class MailStore {
  readonly changes: ChangeNotifier;
  /** Lean reads for IMAP FETCH, SEARCH, SORT and THREAD (message-queries.ts). */
  readonly queries: MessageQueries;
  /** Text search through the FTS5 and trigram indexes (search-index.ts). */
  readonly searchIndex: SearchIndex;
  /** IMAP ENVELOPE / BODYSTRUCTURE kept per content (imap-formats.ts). */
  readonly imapFormats: ImapFormats;
  private pending: StoreChange[] | null = null;
  private readonly stmt;
  /**
   * Group commits are made durable off this thread (wal-sync.ts) when the connection commits
   * with synchronous = FULL; with NORMAL (WEBMEL_SYNC=NORMAL) nobody waits for the disk.
   */
  private readonly walSync: WalSync | null;

  constructor(
    readonly db: Db,
    /** A change listener that threw, or a search index batch that failed (it is tried again). */
    private readonly onListenerError?: (err: unknown) => void,
  ) {
    this.changes = new ChangeNotifier(onListenerError);
    const full = !db.memory && !db.readonly && (db.pragma('synchronous', { simple: true }) as number) >= SYNCHRONOUS_FULL;
    this.walSync = full ? new WalSync(`${db.name}-wal`) : null;
    this.queries = new MessageQueries(db);
    this.searchIndex = new SearchIndex(db, () => this.flushIndex());
    this.imapFormats = new ImapFormats(db);
    this.stmt = {
      mailboxById: db.prepare(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE id = ?`),
      mailboxByName: db.prepare(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE account_id = ? AND name = ?`),
      // Delivery needs only the id: no row object of seven fields per recipient.
      inboxId: db.prepare(`SELECT id FROM mailboxes WHERE account_id = ? AND name = '${INBOX}'`).pluck(),
      mailboxesOf: db.prepare(`SELECT ${MAILBOX_COLUMNS} FROM mailboxes WHERE account_id = ? ORDER BY name`),
      subscriptionsOf: db.prepare(`SELECT name FROM subscriptions WHERE account_id = ?`).pluck(true),
      subscribe: db.prepare(`INSERT OR IGNORE INTO subscriptions (account_id, name) VALUES (?, ?)`),
      unsubscribe: db.prepare(`DELETE FROM subscriptions WHERE account_id = ? AND name = ?`),
      renameSubscription: db.prepare(`UPDATE OR REPLACE subscriptions SET name = ? WHERE account_id = ? AND name = ?`),
      insertMailbox: db.prepare(
        `INSERT INTO mailboxes (account_id, name, special_use, uid_validity) VALUES (?, ?, ?, ?)`,
      ),
      // Never lower than the second (clients may compare across a database restored from backup).
      nextUidValidity: db
        .prepare(
          `UPDATE store_sequences SET value = max(value + 1, ?) WHERE name = 'uid_validity' RETURNING value`,
        )
        .pluck(true),
      nextUid: db.prepare(
        `UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1
         WHERE id = ? RETURNING uid_next - 1 AS uid, highest_modseq AS modseq`,
      ),
      bumpModseq: db.prepare(
        `UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = ? RETURNING highest_modseq AS modseq`,
      ),
      contentBySha: db.prepare(`SELECT id FROM contents WHERE sha256 = ?`),
      insertContent: db.prepare(
        `INSERT INTO contents (sha256, size, refcount, header_date, subject, from_text, to_text, cc_text,
           bcc_text, message_id, in_reply_to, refs, has_attachments, snippet, mime, indexed)
         VALUES (@sha256, @size, 0, @headerDate, @subject, @fromText, @toText, @ccText, @bccText,
           @messageId, @inReplyTo, @refs, @hasAttachments, @snippet, @mime, 0)`,
      ),
      insertRaw: db.prepare(`INSERT INTO content_raw (content_id, raw) VALUES (?, ?)`),
      addRef: db.prepare(`UPDATE contents SET refcount = refcount + ? WHERE id = ?`),
      dropRef: db.prepare(`UPDATE contents SET refcount = refcount - 1 WHERE id = ? RETURNING refcount`),
      deleteRaw: db.prepare(`DELETE FROM content_raw WHERE content_id = ?`),
      deleteContent: db.prepare(`DELETE FROM contents WHERE id = ?`),
      raw: db.prepare(`SELECT raw FROM content_raw WHERE content_id = ?`),
      isIndexed: db.prepare(`SELECT indexed FROM contents WHERE id = ?`).pluck(true),
      markIndexed: db.prepare(`UPDATE contents SET indexed = 1 WHERE id = ?`),
      unindexed: db.prepare(`SELECT id FROM contents WHERE indexed = 0`).pluck(true),
      // Rows changed on this connection since it opened (https://sqlite.org/lang_corefunc.html#total_changes).
      totalChanges: db.prepare(`SELECT total_changes()`).pluck(true),
      insertMessage: db.prepare(
        `INSERT INTO messages (account_id, mailbox_id, uid, content_id, size, internal_date, internal_zone, flags, keywords, modseq, saved_at, quota_free, personal)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      usage: db.prepare(
        `SELECT used_bytes AS usedBytes, message_count AS messageCount, warned_level AS warnedLevel
         FROM quota_usage WHERE account_id = ?`,
      ),
      ensureUsage: db.prepare(`INSERT OR IGNORE INTO quota_usage (account_id) VALUES (?)`),
      charge: db.prepare(
        `UPDATE quota_usage SET used_bytes = used_bytes + ?, message_count = message_count + ?
         WHERE account_id = ? RETURNING used_bytes AS usedBytes`,
      ),
      messageIndex: db.prepare(
        `SELECT uid, flags, keywords, modseq FROM messages WHERE mailbox_id = ? ORDER BY uid`,
      ),
      // What the writes below need of each row: no contents join, no 1.5 KB of MIME JSON each,
      // and one JSON text for all rows (the driver builds 10,000 row objects several times slower).
      rowsByUids: db
        .prepare(
          `SELECT json_group_array(json_array(id, uid, content_id, size, internal_date, flags, keywords, modseq, internal_zone, quota_free, personal))
           FROM (SELECT * FROM messages WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY uid)`,
        )
        .pluck(true),
      messagesByUids: db.prepare(
        `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN contents c ON c.id = m.content_id
         WHERE m.mailbox_id = ? AND m.uid IN (SELECT value FROM json_each(?)) ORDER BY m.uid`,
      ),
      // Kept by triggers (migration 7).
      counts: db.prepare(`SELECT messages, unseen, deleted, size FROM mailbox_counts WHERE mailbox_id = ?`),
      recentRange: db.prepare(`SELECT recent_floor AS floor, uid_next AS next FROM mailboxes WHERE id = ?`),
      setRecentFloor: db.prepare(`UPDATE mailboxes SET recent_floor = ? WHERE id = ?`),
      recentCount: db
        .prepare(`SELECT count(*) FROM messages WHERE mailbox_id = ? AND uid >= (SELECT recent_floor FROM mailboxes WHERE id = ?)`)
        .pluck(true),
      setFlags: db.prepare(`UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE id = ?`),
      deleteMessage: db.prepare(`DELETE FROM messages WHERE id = ?`),
      moveMessage: db.prepare(
        `UPDATE messages SET mailbox_id = ?, uid = ?, modseq = ?, saved_at = ? WHERE id = ?`,
      ),
    };
    this.recoverIndex();
  }

  // ---------------------------------------------------------------- transactions

  /**
   * Runs `fn` in a write transaction (nested calls join the outer one through a savepoint) and
   * publishes its changes once the outermost transaction has committed.
   */
  write<T>(fn: (changes: StoreChange[]) => T): T {
    if (this.pending) return this.db.transaction(() => fn(this.pending!))();
    const collected: StoreChange[] = [];
    this.pending = collected;
    this.txUsage = new Map();
    this.txIndex = [];
    this.txDeletedContents = [];
    let result: T;
    try {
      result = this.db.transaction(() => fn(collected)).immediate();
    } finally {
      this.pending = null;
    }
    this.queueIndexing(this.txIndex);
    if (this.txDeletedContents.length > 0) this.announceDeletedContents(this.txDeletedContents);
    if (collected.length > 0) this.changes.publish(collected);
    return result;
  }

  /**
   * The usage change of each account the running transaction charged, the one its changes
   * hold: each account's latest usage, found in one lookup. Scanning the changes for it
   * (findLast) cost a bulletin's batch of 2,000 accounts 4 million comparisons, growing with
   * the square of the batch.
   */
  private txUsage = new Map<number, { kind: 'usage'; accountId: number; usedBytes: number }>();

  // ---------------------------------------------------------------- deleted contents

  /**
   * Contents the running transaction deleted (refcount 0). A savepoint that rolled back may
   * leave one here that still exists: its listeners only drop what they derived from it.
   */
  private txDeletedContents: number[] = [];
  private readonly deletedContentListeners = new Set<(contentIds: readonly number[]) => void>();

  /**
   * Tells `listener` the ids of contents deleted on this connection, once their deletion has
   * committed, so that what was derived from them (the IMAP server's formats) goes with them.
   * Ids are never given again (AUTOINCREMENT, migration 9), so an entry a listener misses
   * (a deletion by another process) is only memory until it is evicted, never a wrong answer.
   */
  onContentsDeleted(listener: (contentIds: readonly number[]) => void): () => void {
    this.deletedContentListeners.add(listener);
    return () => this.deletedContentListeners.delete(listener);
  }

  private announceDeletedContents(contentIds: readonly number[]): void {
    for (const listener of this.deletedContentListeners) {
      try {
        listener(contentIds);
      } catch (err) {
        this.onListenerError?.(err);
      }
    }
  }

  // ---------------------------------------------------------------- deferred search indexing

  /** New contents of the running transaction; indexed only once it has committed. */
  private txIndex: Array<{ contentId: number; message: PreparedMessage }> = [];
  /**
   * Only what the index needs: the raw bytes and MIME tree of a burst must not wait in memory.
   * Null: not kept (MAX_KEPT_INDEX_CHARS), parsed again from the store when indexed.
   */
  private readonly unindexed = new Map<number, IndexedText | null>();
  private keptIndexChars = 0;
  private indexTimer: NodeJS.Timeout | null = null;

  private queueIndexing(entries: ReadonlyArray<{ contentId: number; message: PreparedMessage | null }>): void {
    for (const { contentId, message } of entries) {
      // A later entry for the same id (a rolled-back savepoint's id reused) replaces the earlier.
      this.keptIndexChars -= keptChars(this.unindexed.get(contentId));
      let kept: IndexedText | null = null;
      if (message && this.keptIndexChars + keptChars(message) <= MAX_KEPT_INDEX_CHARS) {
        const { subject, addressSearch, headerText, bodyText } = message;
        kept = { subject, addressSearch, headerText, bodyText };
        this.keptIndexChars += keptChars(kept);
      }
      this.unindexed.set(contentId, kept);
    }
    if (entries.length > 0) this.scheduleIndexing(INDEX_DELAY_MS);
  }

  private scheduleIndexing(delay: number): void {
    if (this.indexTimer) return;
    this.indexTimer = setTimeout(() => this.indexWhenCalm(), delay);
    this.indexTimer.unref();
  }

  /** Indexes one batch unless the thread is busy with more urgent work, then comes back. */
  private indexWhenCalm(): void {
    this.indexTimer = null;
    if (this.unindexed.size === 0 || !this.db.open) return;
    if (threadIsBusy() && this.unindexed.size < MAX_DEFERRED_INDEX) return this.scheduleIndexing(LOAD_SAMPLE_MS);
    try {
      asDeferredWork(() => this.indexBatch(CALM_INDEX_BATCH));
    } catch (err) {
      // Disk full, database locked: the batch stays waiting and is tried again a while later.
      this.onListenerError?.(err);
      return this.scheduleIndexing(INDEX_RETRY_MS);
    }
    // The next batch on a later turn of the event loop: what came in meanwhile goes first.
    if (this.unindexed.size > 0) this.scheduleIndexing(0);
  }

  /**
   * Writes every pending content into the FTS5 word index and the trigram index. Searches call
   * this first, so a message is always found once its delivery has committed.
   */
  flushIndex(): void {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    try {
      // Closed under us (shutdown): the next start indexes what is left (indexed = 0).
      while (this.unindexed.size > 0 && this.db.open) this.indexBatch(MAX_INDEX_BATCH);
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      // No room to write the index: the search (or the start, or the shutdown) goes on without
      // the messages still waiting, which stay marked unindexed and are tried again later.
      this.scheduleIndexing(INDEX_RETRY_MS);
    }
  }

  /** Indexes up to `limit` waiting contents in one transaction. */
  private indexBatch(limit: number): void {
    const batch: Array<[number, IndexedText | null]> = [];
    for (const entry of this.unindexed) {
      batch.push(entry);
      if (batch.length >= limit) break;
    }
    // Rebuildable (indexed = 0 rolls back with it): no need to wait for the disk.
    withoutWaitingForDisk(this.db, () => this.write(() => {
      for (const [contentId, kept] of batch) {
        // Deleted since, or indexed by another process: nothing to do.
        if (this.stmt.isIndexed.get(contentId) !== 0) continue;
        this.searchIndex.add(contentId, kept ?? prepareMessage(this.raw(contentId)));
        this.stmt.markIndexed.run(contentId);
      }
    }));
    // Only once committed: a failed batch stays waiting.
    for (const [contentId, kept] of batch) {
      this.unindexed.delete(contentId);
      this.keptIndexChars -= keptChars(kept);
    }
  }

  /** Writes what waits for the index and closes the database (shutdown). */
  close(): void {
    this.flushIndex();
    this.walSync?.close();
    this.db.close();
  }

  /** At start: contents a crash left out of the indexes are parsed again and indexed. */
  private recoverIndex(): void {
    const ids = this.stmt.unindexed.all() as number[];
    if (ids.length === 0) return;
    this.queueIndexing(ids.map((contentId) => ({ contentId, message: null })));
    this.flushIndex();
  }

  /**
   * Group commit: queues `fn` and runs it with the other writes queued in the same turn of the
   * event loop, in one transaction, each in its own savepoint (one failing write rolls back
   * alone). Every promise settles only once the shared commit is on disk, so a caller that
   * answers the network when it resolves never acknowledges a write a power cut could undo.
   * One fsync, made off this thread (wal-sync.ts), then covers many deliveries.
   */
  writeBatched<T>(fn: (changes: StoreChange[]) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.batch.length === 1) setImmediate(() => this.flushBatch());
    });
  }

  /**
   * Runs `fn` (an IMAP command), letting what its synchronous part commits skip the fsync on this
   * thread, and resolves with its result once that is on disk. A reader's \Seen or a move then
   * no longer holds every other session on the thread for the length of an fsync (under the
   * webmail's load, a fifth of the IMAP thread's time): the sync runs off the thread
   * (wal-sync.ts), shared with whatever else committed meanwhile, and the caller answers once it
   * returns, so an OK still means « on disk ». Writes after an await in `fn` commit as usual.
   */
  async durably<T>(fn: () => T): Promise<Awaited<T>> {
    if (!this.walSync) return await fn();
    const changesBefore = this.stmt.totalChanges.get() as number;
    try {
      return await withoutWaitingForDisk(this.db, fn);
    } finally {
      // Also after a failure: what was committed before it is synced before the NO goes out.
      if (this.db.open && (this.stmt.totalChanges.get() as number) !== changesBefore) await this.walSync.sync();
    }
  }

  private batch: Array<{ fn: (changes: StoreChange[]) => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void }> = [];

  private flushBatch(): void {
    const jobs = this.batch.splice(0, MAX_BATCHED_WRITES);
    if (this.batch.length > 0) setImmediate(() => this.flushBatch());
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const commit = () =>
      this.write(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: this.write(job.fn) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    const settle = () =>
      jobs.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    // The commit does not wait for the disk here: one sync off this thread does, before anyone
    // is told (durably). If the commit failed (disk full, lock timeout), nothing of the batch is
    // stored; if the sync failed, it is committed but maybe not durable. Either way the batch is
    // refused, which makes the senders retry (a duplicate at worst), never a loss.
    this.durably(commit).then(settle, (error: unknown) => {
      for (const job of jobs) job.reject(error);
    });
  }

  // ---------------------------------------------------------------- mailboxes

  /** Creates the default folders and the usage row of a new account (idempotent). */
  provisionAccount(accountId: number): void {
    this.write((changes) => {
      this.stmt.ensureUsage.run(accountId);
      let created = false;
      for (const { name, specialUse } of DEFAULT_MAILBOXES) {
        if (!this.stmt.mailboxByName.get(accountId, name)) {
          this.stmt.insertMailbox.run(accountId, name, specialUse, this.newUidValidity());
          // Desktop clients that show only subscribed folders (Thunderbird's default) see them.
          this.stmt.subscribe.run(accountId, name);
          created = true;
        }
      }
      if (created) changes.push({ kind: 'mailboxes', accountId });
    });
  }

  /**
   * RFC 3501 2.3.1.1: a re-created (or renamed-to) folder must get a greater UIDVALIDITY than
   * any it had before: one counter for the whole store, never lowered, at least the second.
   */
  private newUidValidity(): number {
    return this.stmt.nextUidValidity.get(Math.floor(Date.now() / 1000)) as number;
  }

  listMailboxes(accountId: number): Mailbox[] {
    return this.stmt.mailboxesOf.all(accountId) as Mailbox[];
  }

  findMailbox(accountId: number, name: string): Mailbox | null {
    return (this.stmt.mailboxByName.get(accountId, canonicalMailboxName(name)) as Mailbox | undefined) ?? null;
  }

  getMailbox(accountId: number, name: string): Mailbox {
    const mailbox = this.findMailbox(accountId, name);
    if (!mailbox) throw new MailboxNotFoundError(name);
    return mailbox;
  }

  mailboxById(mailboxId: number): Mailbox | null {
    return (this.stmt.mailboxById.get(mailboxId) as Mailbox | undefined) ?? null;
  }

  findSpecialUse(accountId: number, specialUse: string): Mailbox | null {
    return this.listMailboxes(accountId).find((mailbox) => mailbox.specialUse === specialUse) ?? null;
  }

  createMailbox(accountId: number, name: string, specialUse: string | null = null): Mailbox {
    const canonical = validateMailboxName(name);
    return this.write((changes) => {
      if (this.findMailbox(accountId, canonical)) throw new MailboxExistsError(canonical);
      if (this.listMailboxes(accountId).length >= MAX_MAILBOXES_PER_ACCOUNT) {
        throw new MailboxOperationError(`Pas plus de ${MAX_MAILBOXES_PER_ACCOUNT} dossiers par compte`);
      }
      const { lastInsertRowid } = this.stmt.insertMailbox.run(accountId, canonical, specialUse, this.newUidValidity());
      changes.push({ kind: 'mailboxes', accountId });
      return this.mailboxById(Number(lastInsertRowid))!;
    });
  }

  /** Deletes a folder and its messages (their space is freed); its sub-folders stay. */
  deleteMailbox(accountId: number, name: string): void {
    this.write((changes) => {
      const mailbox = this.getMailbox(accountId, name);
      if (mailbox.name === INBOX) throw new MailboxOperationError('La boîte de réception ne peut pas être supprimée');
      this.expunge(mailbox, null, false);
      this.db.prepare(`DELETE FROM mailboxes WHERE id = ?`).run(mailbox.id);
      changes.push({ kind: 'mailboxes', accountId });
    });
  }

  /**
   * Renames a folder and its sub-folders (RFC 3501 6.3.5). Renaming INBOX moves its messages
   * to a new folder and leaves INBOX empty.
   */
  renameMailbox(accountId: number, from: string, to: string): Mailbox {
    const target = validateMailboxName(to);
    return this.write((changes) => {
      const source = this.getMailbox(accountId, from);
      if (this.findMailbox(accountId, target)) throw new MailboxExistsError(target);
      if (target.startsWith(source.name + DELIMITER)) {
        throw new MailboxOperationError('Un dossier ne peut pas devenir son propre sous-dossier');
      }
      if (source.name === INBOX) {
        const created = this.createMailbox(accountId, target);
        const uids = this.messageIndex(source.id).map((entry) => entry.uid);
        this.moveMessages(source, uids, created);
        changes.push({ kind: 'mailboxes', accountId });
        return created;
      }
      const children = this.listMailboxes(accountId).filter((m) => m.name.startsWith(source.name + DELIMITER));
      const rename = this.db.prepare(`UPDATE mailboxes SET name = ?, uid_validity = ? WHERE id = ?`);
      // A renamed folder is, for a client, a new folder: RFC 3501 asks for a new UIDVALIDITY
      // only when UIDs are not kept, but clients that cache by name resynchronise more safely.
      rename.run(target, this.newUidValidity(), source.id);
      this.stmt.renameSubscription.run(target, accountId, source.name);
      for (const child of children) {
        const childTarget = target + child.name.slice(source.name.length);
        rename.run(childTarget, this.newUidValidity(), child.id);
        // The subscriptions follow the folders, as Dovecot's do: the client's view stays the same.
        this.stmt.renameSubscription.run(childTarget, accountId, child.name);
      }
      changes.push({ kind: 'mailboxes', accountId });
      return this.mailboxById(source.id)!;
    });
  }

  /** The names the account subscribed to (RFC 3501 6.3.6), existing folders or not. */
  subscriptions(accountId: number): Set<string> {
    return new Set(this.stmt.subscriptionsOf.all(accountId) as string[]);
  }

  /**
   * SUBSCRIBE takes an existing folder only (RFC 3501 6.3.6 allows the check); UNSUBSCRIBE takes
   * any subscribed name, so that a folder deleted since can still leave the list.
   */
  setSubscribed(accountId: number, name: string, subscribed: boolean): void {
    const canonical = canonicalMailboxName(name);
    this.write((changes) => {
      if (subscribed) {
        this.getMailbox(accountId, canonical);
        this.stmt.subscribe.run(accountId, canonical);
      } else if (this.stmt.unsubscribe.run(accountId, canonical).changes === 0) {
        throw new MailboxNotFoundError(canonical);
      }
      changes.push({ kind: 'mailboxes', accountId });
    });
  }

  counts(mailboxId: number): MailboxCounts {
    // No row: the folder was deleted meanwhile (its counts went with it).
    return (this.stmt.counts.get(mailboxId) as MailboxCounts | undefined) ?? { messages: 0, unseen: 0, deleted: 0, size: 0 };
  }

  /**
   * RFC 3501 2.3.2 \Recent: the first session to select the folder since a message arrived
   * owns it as recent. Returns the UID range [from, to) that this session now owns.
   *
   * With no room on the disk to record the claim, this session owns none (an empty range): the
   * messages stay recent for a later session, SELECT still succeeds, and no two sessions ever
   * both see a message as \Recent.
   */
  claimRecent(mailboxId: number): { from: number; to: number } {
    return unlessDiskFull(() => this.recordRecentClaim(mailboxId), { from: 1, to: 1 });
  }

  private recordRecentClaim(mailboxId: number): { from: number; to: number } {
    return this.write(() => {
      const range = this.peekRecent(mailboxId);
      if (range.to > range.from) this.stmt.setRecentFloor.run(range.to, mailboxId);
      return range;
    });
  }

  /**
   * The UID range no session has been given as \Recent yet, without taking it: what EXAMINE
   * shows (RFC 3501 6.3.2: \Recent is not affected) and STATUS counts.
   */
  peekRecent(mailboxId: number): { from: number; to: number } {
    const row = this.stmt.recentRange.get(mailboxId) as { floor: number; next: number } | undefined;
    return row ? { from: row.floor, to: row.next } : { from: 1, to: 1 };
  }

  /** RFC 3501 6.3.10 STATUS RECENT: messages no session has seen as \Recent yet. */
  recentCount(mailboxId: number): number {
    return this.stmt.recentCount.get(mailboxId, mailboxId) as number;
  }

  // ---------------------------------------------------------------- reading messages

  messageIndex(mailboxId: number): MessageIndexEntry[] {
    return this.stmt.messageIndex.all(mailboxId) as MessageIndexEntry[];
  }

  messagesByUids(mailboxId: number, uids: readonly number[]): MessageRow[] {
    if (uids.length === 0) return [];
    return (this.stmt.messagesByUids.all(mailboxId, JSON.stringify(uids)) as RawMessageRow[]).map(toMessageRow);
  }

  /** The rows of these UIDs with only what writes need (flags, size, content), UID order. */
  private rowsByUids(mailboxId: number, uids: readonly number[]): StoredRow[] {
    if (uids.length === 0) return [];
    const rows = JSON.parse(this.stmt.rowsByUids.get(mailboxId, JSON.stringify(uids)) as string) as unknown[][];
    return rows.map((r) => ({
      id: r[0] as number,
      uid: r[1] as number,
      contentId: r[2] as number,
      size: r[3] as number,
      internalDate: r[4] as number,
      flags: r[5] as number,
      keywords: r[6] as string,
      modseq: r[7] as number,
      internalZone: r[8] as number | null,
      quotaFree: r[9] === 1,
      personal: r[10] as string | null,
    }));
  }

  /** The message exactly as received. */
  raw(contentId: number): Buffer {
    const row = this.stmt.raw.get(contentId) as { raw: Buffer } | undefined;
    if (!row) throw new MailboxOperationError(`Contenu ${contentId} introuvable`);
    return row.raw;
  }

  /**
   * Every account's usage in one read, as [accountId, usedBytes, messageCount, warnedLevel]
   * tuples (the admins' dashboard over 100,000 accounts): one JSON text rather than 100,000
   * rows from the driver (see rowsByUids).
   */
  allUsage(): Array<[number, number, number, number]> {
    const json = this.db
      .prepare(`SELECT json_group_array(json_array(account_id, used_bytes, message_count, warned_level)) FROM quota_usage`)
      .pluck()
      .get() as string;
    return JSON.parse(json) as Array<[number, number, number, number]>;
  }

  usage(accountId: number): Usage {
    return (this.stmt.usage.get(accountId) as Usage | undefined) ?? { usedBytes: 0, messageCount: 0, warnedLevel: 0 };
  }

  /**
   * Records that the owner was warned at `level`. Returns true only for the one caller that
   * raised it (so each crossing warns once); a lower level re-arms the thresholds above it.
   */
  claimWarningLevel(accountId: number, level: number): boolean {
    // Read first: the common case (no threshold crossed) must not take the write lock.
    if (this.usage(accountId).warnedLevel === level) return false;
    this.stmt.ensureUsage.run(accountId);
    const raised = this.db
      .prepare(`UPDATE quota_usage SET warned_level = ? WHERE account_id = ? AND warned_level < ?`)
      .run(level, accountId, level).changes;
    if (raised > 0) return true;
    this.db.prepare(`UPDATE quota_usage SET warned_level = ? WHERE account_id = ? AND warned_level > ?`).run(level, accountId, level);
    return false;
  }

  /** Size and count per folder, for `quota show` and « Libérer de l'espace ». */
  folderUsage(accountId: number): Array<{ name: string; specialUse: string | null; bytes: number; messages: number }> {
    return this.db
      .prepare(
        `SELECT b.name, b.special_use AS specialUse, coalesce(sum(m.size), 0) AS bytes, count(m.id) AS messages
         FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id
         WHERE b.account_id = ? GROUP BY b.id ORDER BY b.name`,
      )
      .all(accountId) as Array<{ name: string; specialUse: string | null; bytes: number; messages: number }>;
  }

  /** The largest messages across every folder of an account. */
  largestMessages(accountId: number, limit: number): Array<MessageRow & { mailboxName: string }> {
    return (
      this.db
        .prepare(
          `SELECT ${MESSAGE_COLUMNS}, b.name AS mailboxName FROM messages m
           JOIN contents c ON c.id = m.content_id JOIN mailboxes b ON b.id = m.mailbox_id
           WHERE m.account_id = ? ORDER BY m.size DESC LIMIT ?`,
        )
        .all(accountId, limit) as Array<RawMessageRow & { mailboxName: string }>
    ).map((row) => ({ ...toMessageRow(row), mailboxName: row.mailboxName }));
  }

  /**
   * Recounts usage from the stored messages and corrects the counter. Returns the counter
   * before and after, so drift (which would be a bug) can be reported.
   */
  recalcUsage(accountId: number): { before: Usage; after: Usage } {
    return this.write((changes) => {
      this.stmt.ensureUsage.run(accountId);
      const before = this.usage(accountId);
      const actual = this.db
        .prepare(`SELECT coalesce(sum(CASE quota_free WHEN 1 THEN 0 ELSE size END), 0) AS usedBytes, count(*) AS messageCount
         FROM messages WHERE account_id = ?`)
        .get(accountId) as { usedBytes: number; messageCount: number };
      if (actual.usedBytes !== before.usedBytes || actual.messageCount !== before.messageCount) {
        this.db
          .prepare(`UPDATE quota_usage SET used_bytes = ?, message_count = ? WHERE account_id = ?`)
          .run(actual.usedBytes, actual.messageCount, accountId);
        // A change of its own, as before (not merged into one made earlier); later charges update it.
        const change = { kind: 'usage' as const, accountId, usedBytes: actual.usedBytes };
        changes.push(change);
        this.txUsage.set(accountId, change);
      }
      return { before, after: this.usage(accountId) };
    });
  }

  // ---------------------------------------------------------------- writing messages

  /** Finds or inserts the content and adds `refs` references to it. */
  private putContent(message: PreparedMessage, refs: number): number {
    const existing = this.stmt.contentBySha.get(message.sha256) as { id: number } | undefined;
    let contentId: number;
    if (existing) {
      contentId = existing.id;
    } else {
      const info = this.stmt.insertContent.run({
        sha256: message.sha256,
        size: message.size,
        headerDate: message.headerDate,
        subject: message.subject,
        fromText: message.fromText,
        toText: message.toText,
        ccText: message.ccText,
        bccText: message.bccText,
        messageId: message.messageId,
        inReplyTo: message.inReplyTo,
        refs: message.refs,
        hasAttachments: message.hasAttachments ? 1 : 0,
        snippet: message.snippet,
        mime: message.mime,
      });
      contentId = Number(info.lastInsertRowid);
      this.stmt.insertRaw.run(contentId, message.raw);
      this.txIndex.push({ contentId, message });
    }
    this.stmt.addRef.run(refs, contentId);
    return contentId;
  }

  /**
   * Keeps a content for a holder that is not a mailbox (the Bulletins archive, issue 20): stored
   * once as a delivery would store it, with one reference more, so that deleting every mail copy
   * leaves it readable. Returns its id; releaseHeldContent gives the reference back.
   */
  holdContent(message: PreparedMessage): number {
    return this.write(() => this.putContent(message, 1));
  }

  /** Gives back a reference holdContent took: the content goes with its last reference. */
  releaseHeldContent(contentId: number): void {
    this.write(() => this.releaseContent(contentId));
  }

  private releaseContent(contentId: number): void {
    const row = this.stmt.dropRef.get(contentId) as { refcount: number };
    if (row.refcount <= 0) {
      if (this.stmt.isIndexed.get(contentId) === 1) {
        this.searchIndex.remove(contentId);
      }
      this.stmt.deleteRaw.run(contentId);
      this.stmt.deleteContent.run(contentId);
      this.txDeletedContents.push(contentId);
    }
  }

  private checkQuota(accountId: number, neededBytes: number, limitBytes: number | null): void {
    if (limitBytes === null) return;
    const { usedBytes } = this.usage(accountId);
    if (usedBytes + neededBytes > limitBytes) {
      throw new QuotaExceededError(accountId, usedBytes, limitBytes, neededBytes);
    }
  }

  private charge(accountId: number, bytes: number, count: number, changes: StoreChange[]): void {
    this.stmt.ensureUsage.run(accountId);
    const { usedBytes } = this.stmt.charge.get(bytes, count, accountId) as { usedBytes: number };
    // One usage change per account and transaction, with its latest value.
    const last = this.txUsage.get(accountId);
    if (last) {
      last.usedBytes = usedBytes;
    } else {
      const change = { kind: 'usage' as const, accountId, usedBytes };
      changes.push(change);
      this.txUsage.set(accountId, change);
    }
  }

  private insertMessage(
    accountId: number,
    mailboxId: number,
    contentId: number,
    size: number,
    internal: { date: number; zone: number | null },
    flags: number,
    keywords: string,
    changes: StoreChange[],
    extra: { quotaFree?: boolean; personal?: string | null } = {},
  ): number {
    const next = this.stmt.nextUid.get(mailboxId) as { uid: number; modseq: number } | undefined;
    if (!next) throw new MailboxNotFoundError(String(mailboxId));
    const quotaFree = extra.quotaFree === true;
    this.stmt.insertMessage.run(
      accountId, mailboxId, next.uid, contentId, size, internal.date, internal.zone, flags, keywords, next.modseq, Date.now(),
      quotaFree ? 1 : 0, extra.personal ?? null,
    );
    // A quota-free message counts as a message, never in the bytes (removeRows frees none).
    this.charge(accountId, quotaFree ? 0 : size, 1, changes);
    changes.push({ kind: 'exists', accountId, mailboxId, uid: next.uid, modseq: next.modseq, flags, keywords });
    return next.uid;
  }

  /**
   * Delivers one message to the INBOX of each target in a single transaction. Each target's
   * quota is checked against its usage inside the transaction: the result says, per target,
   * whether it was stored or refused for quota. The content is stored once for all of them.
   */
  deliver(message: PreparedMessage, targets: readonly DeliveryTarget[], internalDate = Date.now()): DeliveryResult[] {
    return this.write((changes) => this.deliverIn(changes, message, targets, internalDate));
  }

  /** `deliver` through the group commit (writeBatched): for the SMTP hot path. */
  deliverBatched(message: PreparedMessage, targets: readonly DeliveryTarget[], internalDate = Date.now()): Promise<DeliveryResult[]> {
    return this.writeBatched((changes) => this.deliverIn(changes, message, targets, internalDate));
  }

  /**
   * `deliver` within the caller's `write((changes) => …)`, without a savepoint of its own: for
   * a bulk caller (a bulletin's batch of 2,000) whose whole transaction fails with it anyway.
   * While a savepoint is open SQLite keeps, in its sub-journal, the pages each statement
   * changes (https://sqlite.org/tempfiles.html, statement journals) instead of dropping them
   * at the statement's end: over thousands of inserts that journal passes 64 KiB and spills
   * to a temporary file, and every insert then writes there the eight or so pages it changes
   * (row, four indexes, the folder's counts): 17 write calls per message, a third of a
   * bulletin's delivery time (bench:bulletin).
   */
  deliverIn(
    changes: StoreChange[],
    message: PreparedMessage,
    targets: readonly DeliveryTarget[],
    internalDate: number,
  ): DeliveryResult[] {
    if (changes !== this.pending) throw new Error('deliverIn runs inside write(), with its changes');
    {
      const results: DeliveryResult[] = [];
      let contentId: number | null = null;
      let stored = 0;
      for (const target of targets) {
        try {
          this.checkQuota(target.accountId, message.size, target.bypassQuota || target.quotaFree ? null : target.limitBytes);
        } catch (err) {
          if (!(err instanceof QuotaExceededError)) throw err;
          results.push({ accountId: target.accountId, ok: false, error: err });
          continue;
        }
        const inboxId = this.stmt.inboxId.get(target.accountId) as number | undefined;
        if (inboxId === undefined) throw new MailboxNotFoundError(INBOX);
        contentId ??= this.putContent(message, 0);
        // The usage row changes right here, so the same account listed twice cannot fit twice.
        const uid = this.insertMessage(target.accountId, inboxId, contentId, message.size, { date: internalDate, zone: null }, 0, '', changes, {
          quotaFree: target.quotaFree,
          personal: target.personal,
        });
        stored++;
        results.push({ accountId: target.accountId, ok: true, mailboxId: inboxId, uid });
      }
      // One reference per message stored, added once: a failure above rolls the lot back.
      if (contentId !== null) this.stmt.addRef.run(stored, contentId);
      return results;
    }
  }

  /** IMAP APPEND and the webmail's drafts and sent copies. Throws QuotaExceededError. */
  append(input: AppendInput): { uid: number; mailbox: Mailbox } {
    return this.write((changes) => {
      const mailbox = this.mailboxById(input.mailboxId);
      if (!mailbox || mailbox.accountId !== input.accountId) throw new MailboxNotFoundError(String(input.mailboxId));
      this.checkQuota(input.accountId, input.message.size, input.limitBytes);
      const contentId = this.putContent(input.message, 1);
      const uid = this.insertMessage(
        input.accountId,
        mailbox.id,
        contentId,
        input.message.size,
        { date: input.internalDate ?? Date.now(), zone: input.internalZone ?? null },
        input.flags ?? 0,
        (input.keywords ?? []).join(' '),
        changes,
      );
      return { uid, mailbox: this.mailboxById(mailbox.id)! };
    });
  }

  /**
   * Sets, adds or removes flags on the given UIDs. With `unchangedSince` (RFC 7162
   * CONDSTORE), messages modified after it are left alone and returned in `modified`.
   */
  storeFlags(
    mailboxId: number,
    uids: readonly number[],
    operation: 'set' | 'add' | 'remove',
    flags: number,
    keywords: readonly string[],
    unchangedSince?: number,
  ): { updated: MessageIndexEntry[]; modified: number[] } {
    return this.write((changes) => {
      const mailbox = this.mailboxById(mailboxId);
      if (!mailbox) throw new MailboxNotFoundError(String(mailboxId));
      const rows = this.rowsByUids(mailboxId, uids);
      const updated: MessageIndexEntry[] = [];
      const modified: number[] = [];
      let modseq: number | null = null;
      for (const row of rows) {
        if (unchangedSince !== undefined && row.modseq > unchangedSince) {
          modified.push(row.uid);
          continue;
        }
        const current = row.keywords ? row.keywords.split(' ') : [];
        let nextFlags: number;
        let nextKeywords: string[];
        if (operation === 'set') {
          nextFlags = flags;
          nextKeywords = [...keywords];
        } else if (operation === 'add') {
          nextFlags = row.flags | flags;
          nextKeywords = [...current, ...keywords.filter((k) => !current.includes(k))];
        } else {
          nextFlags = row.flags & ~flags;
          nextKeywords = current.filter((k) => !keywords.includes(k));
        }
        const keywordText = nextKeywords.join(' ');
        if (nextFlags === row.flags && keywordText === row.keywords) {
          updated.push({ uid: row.uid, flags: row.flags, keywords: row.keywords, modseq: row.modseq });
          continue;
        }
        modseq ??= (this.stmt.bumpModseq.get(mailboxId) as { modseq: number }).modseq;
        this.stmt.setFlags.run(nextFlags, keywordText, modseq, row.id);
        updated.push({ uid: row.uid, flags: nextFlags, keywords: keywordText, modseq });
        changes.push({
          kind: 'flags',
          accountId: mailbox.accountId,
          mailboxId,
          uid: row.uid,
          flags: nextFlags,
          keywords: keywordText,
          modseq,
        });
      }
      return { updated, modified };
    });
  }

  /** COPY: new references to the same contents; refused with QuotaExceededError if it does not fit. */
  copyMessages(
    source: Mailbox,
    uids: readonly number[],
    target: Mailbox,
    limitBytes: number | null,
  ): Array<{ from: number; to: number }> {
    return this.write((changes) => {
      if (source.accountId !== target.accountId) throw new MailboxNotFoundError(target.name);
      const rows = this.rowsByUids(source.id, uids);
      this.checkQuota(target.accountId, rows.reduce((sum, row) => sum + row.size, 0), limitBytes);
      return rows.map((row) => {
        this.stmt.addRef.run(1, row.contentId);
        const uid = this.insertMessage(
          target.accountId,
          target.id,
          row.contentId,
          row.size,
          // RFC 3501 6.4.7: the copy keeps the internal date (and the zone it was given in).
          { date: row.internalDate, zone: row.internalZone },
          row.flags,
          row.keywords,
          changes,
          // The copy is the owner's own: counted in the quota; it still names its recipient.
          { personal: row.personal },
        );
        return { from: row.uid, to: uid };
      });
    });
  }

  /** MOVE (RFC 6851): the rows change folder in place, so usage never changes and it never fails for quota. */
  moveMessages(source: Mailbox, uids: readonly number[], target: Mailbox): Array<{ from: number; to: number }> {
    return this.write((changes) => {
      if (source.accountId !== target.accountId) throw new MailboxNotFoundError(target.name);
      // Into the same folder too: RFC 6851 3.3 defines MOVE as COPY then EXPUNGE, so the
      // messages get new UIDs at the end of the folder, as in any other move.
      const rows = this.rowsByUids(source.id, uids);
      if (rows.length === 0) return [];
      // The source loses them first: into the same folder, a session then hears EXPUNGE before
      // the EXISTS of the new UIDs (RFC 6851 3.3: COPY, then EXPUNGE), and counts right.
      const { modseq } = this.stmt.bumpModseq.get(source.id) as { modseq: number };
      changes.push({ kind: 'expunge', accountId: source.accountId, mailboxId: source.id, uids: rows.map((row) => row.uid), modseq });
      const moved: Array<{ from: number; to: number }> = [];
      const now = Date.now();
      for (const row of rows) {
        const next = this.stmt.nextUid.get(target.id) as { uid: number; modseq: number };
        this.stmt.moveMessage.run(target.id, next.uid, next.modseq, now, row.id);
        changes.push({
          kind: 'exists',
          accountId: target.accountId,
          mailboxId: target.id,
          uid: next.uid,
          modseq: next.modseq,
          flags: row.flags,
          keywords: row.keywords,
        });
        moved.push({ from: row.uid, to: next.uid });
      }
      return moved;
    });
  }

  /**
   * Removes messages for good and frees their space. With `uids` null, every message of the
   * folder; otherwise only those UIDs. `onlyDeleted` keeps the IMAP EXPUNGE rule (\Deleted only).
   */
  expunge(mailbox: Mailbox, uids: readonly number[] | null, onlyDeleted: boolean): number[] {
    return this.write((changes) => {
      const rows = uids === null ? this.allRows(mailbox.id) : this.rowsByUids(mailbox.id, uids);
      const doomed = onlyDeleted ? rows.filter((row) => row.flags & FLAG_DELETED) : rows;
      return this.removeRows(mailbox, doomed, changes);
    });
  }

  private allRows(mailboxId: number): Array<{ id: number; uid: number; contentId: number; size: number; flags: number; quotaFree: boolean }> {
    const rows = this.db
      .prepare(`SELECT id, uid, content_id AS contentId, size, flags, quota_free AS quotaFree FROM messages WHERE mailbox_id = ? ORDER BY uid`)
      .all(mailboxId) as Array<{ id: number; uid: number; contentId: number; size: number; flags: number; quotaFree: number }>;
    return rows.map((row) => ({ ...row, quotaFree: row.quotaFree === 1 }));
  }

  private removeRows(
    mailbox: Mailbox,
    rows: ReadonlyArray<{ id: number; uid: number; contentId: number; size: number; quotaFree: boolean }>,
    changes: StoreChange[],
  ): number[] {
    if (rows.length === 0) return [];
    let freed = 0;
    for (const row of rows) {
      this.stmt.deleteMessage.run(row.id);
      this.releaseContent(row.contentId);
      if (!row.quotaFree) freed += row.size;
    }
    this.charge(mailbox.accountId, -freed, -rows.length, changes);
    const { modseq } = this.stmt.bumpModseq.get(mailbox.id) as { modseq: number };
    const uids = rows.map((row) => row.uid);
    changes.push({ kind: 'expunge', accountId: mailbox.accountId, mailboxId: mailbox.id, uids, modseq });
    return uids;
  }

  /**
   * Every message and folder of an account, before the account row goes (accounts'
   * delete): each message releases its content, as an expunge would; returns the bytes freed.
   */
  deleteAccountMail(accountId: number): number {
    return this.write((changes) => {
      const before = this.usage(accountId).usedBytes;
      for (const mailbox of this.listMailboxes(accountId)) {
        this.removeRows(mailbox, this.allRows(mailbox.id), changes);
      }
      this.db.prepare(`DELETE FROM mailboxes WHERE account_id = ?`).run(accountId);
      this.db.prepare(`DELETE FROM subscriptions WHERE account_id = ?`).run(accountId);
      this.db.prepare(`DELETE FROM quota_usage WHERE account_id = ?`).run(accountId);
      changes.push({ kind: 'mailboxes', accountId });
      return before;
    });
  }

  /**
   * Corbeille and Indésirables retention: removes what entered them before `cutoff` (ms). One
   * read finds the messages of every such folder (not a statement per folder: an académie has
   * 100,000 Corbeilles), then each folder that has some is expunged in its own transaction.
   */
  purgeSpecialUse(specialUse: string, cutoff: number): number {
    const rows = JSON.parse(
      this.db
        .prepare(
          `SELECT json_group_array(json_array(m.mailbox_id, m.uid)) FROM mailboxes b
           JOIN messages m ON m.mailbox_id = b.id AND m.saved_at < ? WHERE b.special_use = ?`,
        )
        .pluck()
        .get(cutoff, specialUse) as string,
    ) as Array<[number, number]>;
    const byMailbox = new Map<number, number[]>();
    for (const [mailboxId, uid] of rows) {
      let uids = byMailbox.get(mailboxId);
      if (!uids) byMailbox.set(mailboxId, (uids = []));
      uids.push(uid);
    }
    let purged = 0;
    for (const [mailboxId, uids] of byMailbox) {
      const mailbox = this.mailboxById(mailboxId);
      if (mailbox) purged += this.expunge(mailbox, uids, false).length;
    }
    return purged;
  }

}
