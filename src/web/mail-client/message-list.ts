/**
 * Pages of a folder's message list, newest first by default, fetched as a desktop client does:
 * the page's UIDs and FLAGS from the server, the immutable heads (envelope, structure) from the
 * account's message cache, fetched only for messages not seen before. Once a page was shown, a
 * flag change elsewhere costs one `FETCH … (UID FLAGS) (CHANGEDSINCE m)` (RFC 7162 3.1.4) that
 * answers only the rows that changed.
 *
 * Arrival order is the sequence order (RFC 3501 2.3.1.2), so the default page is a sequence
 * range. Sorting by sender, subject or size needs every message's key: the keys are fetched once
 * and the sorted UID list is kept until messages come or go (their keys never change).
 */
import type { FetchMessageObject, FetchQueryObject, ImapFlow, MailboxObject } from 'imapflow';
import type { Account } from '../../accounts/account-store.js';
import type { SortKey, SortOrder } from '../views/urls.js';
import type { AccountState, ImapPool, OwnFlagChange } from './imap-pool.js';
import { toHead, type Address, type MessageHead } from './message-cache.js';

export { toAddresses, toDate, type Address } from './message-cache.js';

/** Messages per page: enough to scan a day's mail, small enough for a phone and a fast FETCH. */
export const PAGE_SIZE = 50;

export interface MessageSummary {
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  /** Arrival (INTERNALDATE): the list's order. */
  date: Date | null;
  size: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  /**
   * The immutable head the summary was made from (the account's message cache): the same
   * object as long as the message is cached, so its rendered row can be kept with it.
   */
  head?: MessageHead;
}

export interface ListRequest {
  page: number;
  sort: SortKey;
  order: SortOrder;
}

export interface MessagePage {
  total: number;
  page: number;
  pageCount: number;
  messages: MessageSummary[];
  /** The newest message's UID (default order, first page): the live poller asks for what comes after it. */
  lastUid: number;
}

type Who = Pick<Account, 'id' | 'login'>;

const HEAD_QUERY: FetchQueryObject = { uid: true, envelope: true, bodyStructure: true, size: true, internalDate: true };
const FLAGS_QUERY: FetchQueryObject = { uid: true, flags: true };

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** RFC 5256 2.1 base subject, simplified: reply and forward prefixes (also French « TR », « RE ») removed. */
export function baseSubject(subject: string): string {
  return subject.replace(/^(\s*(re|fw|fwd|tr|aw)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

export function summaryOf(head: MessageHead, flags: ReadonlySet<string>): MessageSummary {
  return {
    uid: head.uid,
    subject: head.subject,
    from: head.from,
    to: head.to,
    date: head.receivedAt,
    size: head.size,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    hasAttachments: head.layout.attachments.length > 0,
    head,
  };
}

/** Heads for `uids`, from the cache or fetched (one UID FETCH for all the missing ones). */
export async function headsFor(client: ImapFlow, state: AccountState, mailbox: MailboxObject, uids: readonly number[]): Promise<Map<number, MessageHead>> {
  const heads = new Map<number, MessageHead>();
  const missing: number[] = [];
  for (const uid of uids) {
    const head = state.messages.get(mailbox.path, mailbox.uidValidity, uid);
    if (head) heads.set(uid, head);
    else missing.push(uid);
  }
  if (missing.length > 0) {
    for (const row of await client.fetchAll(missing.join(','), HEAD_QUERY, { uid: true })) {
      const head = toHead(row);
      state.messages.set(mailbox.path, mailbox.uidValidity, head);
      heads.set(head.uid, head);
    }
  }
  return heads;
}

/** Summaries of `rows` (UID + FLAGS answers) in their order; messages gone meanwhile are left out. */
export async function summariesOf(
  client: ImapFlow,
  state: AccountState,
  mailbox: MailboxObject,
  rows: ReadonlyArray<{ uid: number; flags: ReadonlySet<string> }>,
): Promise<MessageSummary[]> {
  const heads = await headsFor(client, state, mailbox, rows.map((r) => r.uid));
  return rows.flatMap((row) => {
    const head = heads.get(row.uid);
    return head ? [summaryOf(head, row.flags)] : [];
  });
}

function senderKey(message: FetchMessageObject): string {
  const first = message.envelope?.from?.[0];
  return (first?.name || first?.address || '').trim();
}

/** Every UID of the selected folder in ascending key order. */
async function sortedUids(client: ImapFlow, sort: Exclude<SortKey, 'date'>): Promise<number[]> {
  const query: FetchQueryObject = sort === 'size' ? { uid: true, size: true } : { uid: true, envelope: true };
  const rows = await client.fetchAll('1:*', query);
  const keyed = rows.map((row) => ({
    uid: row.uid,
    key: sort === 'size' ? row.size ?? 0 : sort === 'from' ? senderKey(row) : baseSubject(row.envelope?.subject ?? ''),
  }));
  keyed.sort((a, b) => {
    const byKey = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
    return byKey !== 0 ? byKey : b.uid - a.uid; // newest first among equals
  });
  return keyed.map((row) => row.uid);
}

/** A page's rows as last fetched, and the flag version they reflect (UIDVALIDITY changes come with a structure change). */
interface PageRows {
  rows: Array<{ uid: number; flags: Set<string> }>;
  /** The folder's message count and UIDVALIDITY when fetched (they change only with its structure). */
  total: number;
  uidValidity: bigint;
  /** Highest MODSEQ among the rows (RFC 7162), or null when the server sent none. */
  modseq: bigint | null;
  flagsVersion: number;
}

function highestModseq(rows: readonly FetchMessageObject[]): bigint | null {
  let max: bigint | null = null;
  for (const row of rows) if (row.modseq !== undefined && (max === null || row.modseq > max)) max = row.modseq;
  return max;
}

/** Brings a page's flags up to date: only the rows changed since its MODSEQ come back. */
async function refreshFlags(client: ImapFlow, state: AccountState, page: PageRows): Promise<void> {
  if (page.flagsVersion === state.flags || page.rows.length === 0) return;
  const version = state.flags;
  const uids = page.rows.map((r) => r.uid).join(',');
  const changed =
    page.modseq !== null
      ? await client.fetchAll(uids, FLAGS_QUERY, { uid: true, changedSince: page.modseq })
      : await client.fetchAll(uids, FLAGS_QUERY, { uid: true });
  const byUid = new Map(changed.map((row) => [row.uid, row]));
  for (const row of page.rows) {
    const update = byUid.get(row.uid);
    if (update?.flags) row.flags = new Set(update.flags);
  }
  const modseq = highestModseq(changed);
  if (modseq !== null && (page.modseq === null || modseq > page.modseq)) page.modseq = modseq;
  page.flagsVersion = version;
}

function pageKey(request: ListRequest, page: number, path: string): string {
  return `page\u0000${request.sort}\u0000${request.order}\u0000${page}\u0000${path}`;
}

/** Whether a memo key is that of a page of folder `path` (see pageKey). */
function isPageOf(key: string, path: string): boolean {
  return key.startsWith('page\u0000') && key.endsWith(`\u0000${path}`);
}

/** Our own read of message `uid` in `path`: a cached page of that folder, current until then, shows it read. */
export function amendPagesRead(key: string, value: unknown, change: OwnFlagChange, path: string, uid: number): ((now: number) => void) | null {
  if (!isPageOf(key, path)) return null;
  const page = value as PageRows;
  if (page.flagsVersion !== change.before) return null;
  page.rows.find((row) => row.uid === uid)?.flags.add('\\Seen');
  // Pages follow their own `flagsVersion` (their memo survives flag changes).
  return (now) => {
    if (page.flagsVersion === change.before) page.flagsVersion = now;
  };
}

/**
 * What a cached page of `path`, current as of now, says of message `uid`: read or not, or null
 * when no such page shows it.
 */
export function seenOnCurrentPage(state: AccountState, path: string, uid: number): boolean | null {
  for (const [key, memo] of state.memo) {
    if (!isPageOf(key, path) || memo.structure !== state.structure) continue;
    const page = memo.value as PageRows;
    if (page.flagsVersion !== state.flags) continue;
    const row = page.rows.find((r) => r.uid === uid);
    if (row) return row.flags.has('\\Seen');
  }
  return null;
}

/**
 * The page as last fetched, when nothing has changed since (structure, flags) and every head is
 * in the cache: built without a single IMAP command, so without waiting for the connection.
 */
function currentPage(pool: ImapPool, account: Who, path: string, request: ListRequest): MessagePage | null {
  const page = Math.max(1, request.page);
  const hit = pool.peek<PageRows>(account, pageKey(request, page, path), { kind: 'structure' });
  if (!hit || hit.value.flagsVersion !== hit.state.flags) return null;
  const { rows, total, uidValidity } = hit.value;
  const messages: MessageSummary[] = [];
  for (const row of rows) {
    const head = hit.state.messages.get(path, uidValidity, row.uid);
    if (!head) return null;
    messages.push(summaryOf(head, row.flags));
  }
  const lastUid = messages.reduce((max, message) => Math.max(max, message.uid), 0);
  return { total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), messages, lastUid };
}

export function listMessages(pool: ImapPool, account: Who, path: string, request: ListRequest): Promise<MessagePage> {
  const current = currentPage(pool, account, path, request);
  if (current) return Promise.resolve(current);
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    const total = mailbox.exists;
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, request.page), pageCount);
    if (total === 0) return { total, page, pageCount, messages: [], lastUid: 0 };

    const key = pageKey(request, page, path);
    const rows = await pool.memo(account, key, { kind: 'structure' }, async (): Promise<PageRows> => {
      const flagsVersion = state.flags;
      let fetched: FetchMessageObject[];
      if (request.sort === 'date') {
        const newestFirst = request.order === 'desc';
        const high = newestFirst ? total - (page - 1) * PAGE_SIZE : Math.min(total, page * PAGE_SIZE);
        const low = newestFirst ? Math.max(1, high - PAGE_SIZE + 1) : (page - 1) * PAGE_SIZE + 1;
        fetched = await client.fetchAll(`${low}:${high}`, FLAGS_QUERY);
        fetched.sort((a, b) => (newestFirst ? b.seq - a.seq : a.seq - b.seq));
      } else {
        const sort = request.sort;
        const ascending = await pool.memo(account, `sort\u0000${sort}\u0000${path}`, { kind: 'structure' }, () => sortedUids(client, sort));
        const ordered = request.order === 'asc' ? ascending : [...ascending].reverse();
        const slice = ordered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
        const byUid = new Map((slice.length > 0 ? await client.fetchAll(slice.join(','), FLAGS_QUERY, { uid: true }) : []).map((r) => [r.uid, r]));
        fetched = slice.flatMap((uid) => {
          const row = byUid.get(uid);
          return row ? [row] : [];
        });
      }
      return {
        rows: fetched.map((row) => ({ uid: row.uid, flags: new Set(row.flags ?? []) })),
        total,
        uidValidity: mailbox.uidValidity,
        modseq: highestModseq(fetched),
        flagsVersion,
      };
    });
    await refreshFlags(client, state, rows);
    const messages = await summariesOf(client, state, mailbox, rows.rows);
    const lastUid = messages.reduce((max, message) => Math.max(max, message.uid), 0);
    return { total, page, pageCount, messages, lastUid };
  });
}

/** Messages that arrived after `afterUid` (the live poller), newest first. */
export function messagesAfter(pool: ImapPool, account: Who, path: string, afterUid: number): Promise<{ messages: MessageSummary[]; lastUid: number }> {
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    if (mailbox.exists === 0) return { messages: [], lastUid: afterUid };
    // RFC 3501 6.4.8: `n:*` always includes the last message, even when its UID is below n.
    const rows = await client.fetchAll(`${afterUid + 1}:*`, FLAGS_QUERY, { uid: true });
    const fresh = rows.filter((row) => row.uid > afterUid).sort((a, b) => b.uid - a.uid);
    const messages = await summariesOf(client, state, mailbox, fresh.map((r) => ({ uid: r.uid, flags: r.flags ?? new Set() })));
    return { messages, lastUid: fresh[0]?.uid ?? afterUid };
  });
}

/** One row of the list again (after its star was toggled), or null if it is gone. */
export function messageSummary(pool: ImapPool, account: Who, path: string, uid: number): Promise<MessageSummary | null> {
  return pool.inMailbox(account, path, async (client, mailbox, state) => {
    const row = await client.fetchOne(String(uid), FLAGS_QUERY, { uid: true });
    if (!row || row.uid !== uid) return null;
    const [summary] = await summariesOf(client, state, mailbox, [{ uid, flags: row.flags ?? new Set() }]);
    return summary ?? null;
  });
}
