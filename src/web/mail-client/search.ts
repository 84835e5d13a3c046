/**
 * The search form, run on the server with IMAP SEARCH (RFC 3501 6.4.4) in one folder or in
 * each folder in turn. Criteria come from the URL, so a result page can be bookmarked and
 * reached again with « Précédent ».
 */
import type { SearchObject } from 'imapflow';
import type { Account } from '../../accounts/account-store.js';
import type { Folder } from './folders.js';
import type { ImapPool } from './imap-pool.js';
import { summariesOf, type MessageSummary } from './message-list.js';

/** Results kept per search (newest first): beyond this, the reader should narrow the search. */
export const MAX_SEARCH_RESULTS = 200;
/** Longest text criterion: a search string, not a document. */
export const MAX_CRITERION_CHARS = 200;

export interface SearchCriteria {
  /** A folder path, or null for every folder. */
  folder: string | null;
  text: string;
  from: string;
  to: string;
  subject: string;
  /** YYYY-MM-DD, inclusive. */
  since: string;
  /** YYYY-MM-DD, exclusive (« reçu avant le »). */
  before: string;
  attachment: boolean;
  unread: boolean;
}

export interface SearchResult extends MessageSummary {
  folder: string;
}

function textParam(value: unknown): string {
  return typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_CRITERION_CHARS) : '';
}

function dateParam(value: unknown): string {
  const text = textParam(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return '';
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? text : '';
}

/** Criteria from the query string; anything malformed is dropped, never an error. */
export function parseSearch(query: Record<string, unknown>): SearchCriteria {
  const folder = textParam(query.folder);
  return {
    folder: folder && folder !== '*' ? folder : null,
    text: textParam(query.q),
    from: textParam(query.from),
    to: textParam(query.to),
    subject: textParam(query.subject),
    since: dateParam(query.since),
    before: dateParam(query.before),
    attachment: query.attachment === '1' || query.attachment === 'on',
    unread: query.unread === '1' || query.unread === 'on',
  };
}

export function isEmptySearch(c: SearchCriteria): boolean {
  return !c.text && !c.from && !c.to && !c.subject && !c.since && !c.before && !c.attachment && !c.unread;
}

export function toImapSearch(c: SearchCriteria): SearchObject {
  const search: SearchObject = {};
  if (c.text) search.text = c.text; // TEXT: headers and body
  if (c.from) search.from = c.from;
  if (c.to) search.to = c.to;
  if (c.subject) search.subject = c.subject;
  if (c.since) search.since = new Date(`${c.since}T00:00:00Z`);
  if (c.before) search.before = new Date(`${c.before}T00:00:00Z`);
  if (c.unread) search.seen = false;
  // IMAP has no « has attachment » key: narrow to multipart/mixed here, then check the structure.
  if (c.attachment) search.header = { 'content-type': 'multipart/mixed' };
  if (Object.keys(search).length === 0) search.all = true;
  return search;
}

/** Runs the search in each folder; returns the newest results first, at most MAX_SEARCH_RESULTS. */
export async function searchMessages(
  pool: ImapPool,
  account: Pick<Account, 'id' | 'login'>,
  folders: readonly Folder[],
  criteria: SearchCriteria,
): Promise<{ results: SearchResult[]; truncated: boolean }> {
  const query = toImapSearch(criteria);
  const targets = folders.filter((f) => f.selectable && (criteria.folder === null || f.path === criteria.folder));
  const results: SearchResult[] = [];
  let truncated = false;
  for (const folder of targets) {
    const found = await pool.inMailbox(account, folder.path, async (client, mailbox, state) => {
      const uids = await client.search(query, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return [];
      const newest = [...uids].sort((a, b) => b - a);
      if (newest.length > MAX_SEARCH_RESULTS) truncated = true;
      const rows = await client.fetchAll(newest.slice(0, MAX_SEARCH_RESULTS).join(','), { uid: true, flags: true }, { uid: true });
      rows.sort((a, b) => b.uid - a.uid);
      const summaries = await summariesOf(client, state, mailbox, rows.map((r) => ({ uid: r.uid, flags: r.flags ?? new Set<string>() })));
      return summaries.map((summary) => ({ ...summary, folder: folder.path }));
    });
    results.push(...(criteria.attachment ? found.filter((r) => r.hasAttachments) : found));
  }
  results.sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0));
  if (results.length > MAX_SEARCH_RESULTS) truncated = true;
  return { results: results.slice(0, MAX_SEARCH_RESULTS), truncated };
}
