/**
 * Evaluates a SEARCH key (protocol/search-keys.ts) over the selected folder (RFC 3501 6.4.4).
 *
 * Text keys are answered by the store's indexes, one query per distinct key, each giving a set
 * of UIDs (search-index.ts). Flags, keywords and mod-sequences are the session's own view
 * (callers flush queued updates first); sizes and internal dates are the selection's immutable
 * facts; sent dates come from the content cache. The key tree is compiled once into closures
 * over flat arrays and run once per message, so the cost is (folder size x keys), bounded by
 * MAX_SEARCH_KEYS at parse time.
 *
 * The domain is the session's view: the messages it has been told about (a message delivered
 * since the last EXISTS cannot match), minus any another session has already expunged.
 */
import type { MailStore } from '../store/mail-store.js';
import type { IndexedField, PlainColumn } from '../store/search-index.js';
import { SYSTEM_FLAGS } from '../store/flags.js';
import { dayInZone, dayOfImapDate, localDay } from './calendar-day.js';
import { contentCacheFor } from './content-cache.js';
import { ImapNo } from './errors.js';
import { filterHeaderFields } from './format/index.js';
import { folderFacts } from './message-facts.js';
import { SequenceMatcher, type ImapDate, type SearchKey, type SequenceSet } from './protocol/index.js';
import type { SelectedMailbox } from './selected-mailbox.js';

export interface SearchResult {
  /** Matching message sequence numbers, ascending. */
  seqs: number[];
  /** Their UIDs, in the same order. */
  uids: number[];
  /** RFC 7162 3.1.5: the highest mod-sequence among the matches, when the key used MODSEQ. */
  highestModseq: number | null;
  /** Their mod-sequences, in the same order, when the key used MODSEQ (ESEARCH MIN / MAX). */
  modseqs: number[] | null;
}

/** Header fields whose decoded value the trigram index holds. */
const INDEXED_HEADERS: Record<string, IndexedField> = {
  subject: 'subject',
  from: 'from_text',
  to: 'to_text',
  cc: 'cc_text',
  bcc: 'bcc_text',
};

/** Header fields kept decoded in `contents` columns without an index. */
const PLAIN_HEADERS: Record<string, PlainColumn> = {
  'message-id': 'message_id',
  'in-reply-to': 'in_reply_to',
  references: 'refs',
};

/**
 * Distinct text keys (SUBJECT, FROM, BODY, TEXT, HEADER…) one SEARCH may use: each is an index
 * query of up to tens of milliseconds on a large folder, run on the server's only thread. A
 * client searching one term in every field uses five; 64 leaves room for any real query.
 */
export const MAX_TEXT_KEYS = 64;

/** A compiled key: does the message at this session position (seq - 1) match? */
type Predicate = (i: number) => boolean;

/** Per-message values, by session position; `exists` is false for messages expunged meanwhile. */
interface Columns {
  exists: Uint8Array;
  flags: Int32Array;
  keywords: string[];
  modseqs: Float64Array;
  sizes: Float64Array;
  internalDates: Float64Array;
  /** Calendar days of the internal dates (calendar-day.ts); filled only when BEFORE/ON/SINCE need them. */
  internalDays: Int32Array | null;
  /** Calendar days of the sent dates (Date: header, else internal date); only when a SENT* key needs them. */
  sentDays: Int32Array | null;
}

export function evaluateSearch(store: MailStore, selected: SelectedMailbox, key: SearchKey, now = Date.now()): SearchResult {
  const textKeys = new Set<string>();
  usesKey(key, (k) => {
    if (k.type === 'header' || k.type === 'body' || k.type === 'text') textKeys.add(JSON.stringify(k));
    return false;
  });
  if (textKeys.size > MAX_TEXT_KEYS) throw new ImapNo('LIMIT', `Pas plus de ${MAX_TEXT_KEYS} critères de texte par recherche`);
  const columns = readColumns(store, selected, {
    internalDays: usesKey(key, (k) => k.type === 'internaldate'),
    sentDays: usesKey(key, (k) => k.type === 'sentdate'),
  });
  const predicate = new Compiler(store, selected, columns, now, key).compile(key);
  const seqs: number[] = [];
  const uids: number[] = [];
  const modseqs: number[] = [];
  let highest = 0;
  for (let i = 0; i < selected.uids.length; i++) {
    if (columns.exists[i] === 0 || !predicate(i)) continue;
    seqs.push(i + 1);
    uids.push(selected.uids[i]!);
    modseqs.push(columns.modseqs[i]!);
    if (columns.modseqs[i]! > highest) highest = columns.modseqs[i]!;
  }
  const withModseq = usesKey(key, (k) => k.type === 'modseq') && seqs.length > 0;
  return { seqs, uids, highestModseq: withModseq ? highest : null, modseqs: withModseq ? modseqs : null };
}

function readColumns(store: MailStore, selected: SelectedMailbox, days: { internalDays: boolean; sentDays: boolean }): Columns {
  const count = selected.uids.length;
  const facts = folderFacts(store, selected);
  const columns: Columns = {
    exists: new Uint8Array(count),
    flags: new Int32Array(count),
    keywords: new Array<string>(count).fill(''),
    modseqs: new Float64Array(count),
    sizes: new Float64Array(count),
    internalDates: new Float64Array(count),
    internalDays: days.internalDays ? new Int32Array(count) : null,
    sentDays: days.sentDays ? new Int32Array(count) : null,
  };
  const contentIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const uid = selected.uids[i]!;
    const state = selected.states.get(uid);
    const fact = facts.get(uid);
    if (!state || !fact) continue;
    columns.exists[i] = 1;
    columns.flags[i] = state.flags;
    columns.keywords[i] = state.keywords;
    columns.modseqs[i] = state.modseq;
    columns.sizes[i] = fact.size;
    columns.internalDates[i] = fact.internalDate;
    if (columns.internalDays) {
      const zone = fact.internalZone;
      columns.internalDays[i] = fact.internalDay ??= zone === null ? localDay(fact.internalDate) : dayInZone(fact.internalDate, zone);
    }
    if (columns.sentDays) contentIds.push(fact.contentId);
  }
  if (columns.sentDays) {
    const digests = contentCacheFor(store).digests(store, contentIds);
    for (let i = 0; i < count; i++) {
      if (columns.exists[i] === 0) continue;
      const fact = facts.get(selected.uids[i]!)!;
      const digest = digests.get(fact.contentId);
      // RFC 3501 6.4.4 SENT*: the date the Date: header shows; one that only a lenient parser
      // understood is taken in this server's zone, and a message without one is dated by arrival.
      columns.sentDays[i] = digest?.sentDay ?? localDay(digest?.headerDate ?? fact.internalDate);
    }
  }
  return columns;
}

/** True when some key of the tree satisfies `test`. */
export function usesKey(key: SearchKey, test: (key: SearchKey) => boolean): boolean {
  const stack: SearchKey[] = [key];
  while (stack.length > 0) {
    const k = stack.pop()!;
    if (test(k)) return true;
    if (k.type === 'not') stack.push(k.key);
    else if (k.type === 'or') stack.push(k.left, k.right);
    else if (k.type === 'and') stack.push(...k.keys);
  }
  return false;
}

/**
 * HEADER keys the raw headers must answer: a field neither index nor column holds, and any
 * empty value. RFC 3501 6.4.4: every field contains the empty string but a missing one does
 * not, and the indexes cannot tell a missing Subject or To from an empty one.
 */
function needsHeaderScan(key: Extract<SearchKey, { type: 'header' }>): boolean {
  const name = key.field.toLowerCase();
  return key.value === '' || (INDEXED_HEADERS[name] === undefined && PLAIN_HEADERS[name] === undefined);
}

class Compiler {
  /** One index query per distinct text key, as a membership array over session positions. */
  private readonly textSets = new Map<string, Uint8Array>();
  /** HEADER keys answered by reading raw headers, all in the same pass. */
  private readonly headerScanKeys: Array<Extract<SearchKey, { type: 'header' }>> = [];

  constructor(
    private readonly store: MailStore,
    private readonly selected: SelectedMailbox,
    private readonly columns: Columns,
    private readonly now: number,
    key: SearchKey,
  ) {
    usesKey(key, (k) => {
      if (k.type === 'header' && needsHeaderScan(k)) this.headerScanKeys.push(k);
      return false;
    });
  }

  compile(key: SearchKey): Predicate {
    const c = this.columns;
    const uids = this.selected.uids;
    switch (key.type) {
      case 'all':
        return () => true;
      case 'flag': {
        if (key.flag === '\\Recent') {
          const recent = this.selected.recent;
          return (i) => recent.has(uids[i]!) === key.set;
        }
        const bit = SYSTEM_FLAGS[key.flag];
        return (i) => ((c.flags[i]! & bit) !== 0) === key.set;
      }
      case 'keyword': {
        // RFC 3501 2.3.2: flag names are case-insensitive.
        const wanted = key.keyword.toLowerCase();
        return (i) => {
          const text = c.keywords[i]!;
          const has = text !== '' && text.toLowerCase().split(' ').includes(wanted);
          return has === key.set;
        };
      }
      case 'header':
      case 'body':
      case 'text': {
        const set = this.textSet(key);
        return (i) => set[i] === 1;
      }
      case 'internaldate': {
        const test = dateTest(key.comparison, key.date);
        const days = c.internalDays!;
        return (i) => test(days[i]!);
      }
      case 'sentdate': {
        const test = dateTest(key.comparison, key.date);
        const sent = c.sentDays!;
        return (i) => test(sent[i]!);
      }
      case 'size':
        return key.comparison === 'larger' ? (i) => c.sizes[i]! > key.size : (i) => c.sizes[i]! < key.size;
      case 'sequence': {
        if (key.set.type === 'saved') {
          const saved = new Set(this.selected.savedUids);
          return (i) => saved.has(uids[i]!);
        }
        const matcher = new SequenceMatcher(key.set, uids.length);
        return (i) => matcher.has(i + 1);
      }
      case 'uid': {
        const matcher = this.uidMatcher(key.set);
        return (i) => matcher.has(uids[i]!);
      }
      case 'modseq':
        // RFC 7162 3.1.5: per-flag entries share the message's mod-sequence here.
        return (i) => c.modseqs[i]! >= key.modseq;
      case 'within': {
        // RFC 5032: OLDER/YOUNGER compare the internal date with now.
        const limit = key.seconds * 1000;
        return key.comparison === 'older'
          ? (i) => this.now - c.internalDates[i]! > limit
          : (i) => this.now - c.internalDates[i]! <= limit;
      }
      case 'not': {
        const inner = this.compile(key.key);
        return (i) => !inner(i);
      }
      case 'or': {
        const left = this.compile(key.left);
        const right = this.compile(key.right);
        return (i) => left(i) || right(i);
      }
      case 'and': {
        const parts = key.keys.map((k) => this.compile(k));
        return (i) => {
          for (const part of parts) if (!part(i)) return false;
          return true;
        };
      }
    }
  }

  /** RFC 3501 6.4.8 / RFC 5182: a UID set, `*` being the highest UID, or `$`. */
  private uidMatcher(set: SequenceSet): { has(uid: number): boolean } {
    if (set.type === 'saved') return new Set(this.selected.savedUids);
    const uids = this.selected.uids;
    return new SequenceMatcher(set, uids[uids.length - 1] ?? 0);
  }

  private textSet(key: Extract<SearchKey, { type: 'header' | 'body' | 'text' }>): Uint8Array {
    const id = JSON.stringify(key);
    let set = this.textSets.get(id);
    if (set === undefined) {
      if (key.type === 'header' && needsHeaderScan(key)) {
        this.scanHeaders();
        set = this.textSets.get(id)!;
      } else {
        set = this.toPositions(this.textUids(key));
        this.textSets.set(id, set);
      }
    }
    return set;
  }

  /** Every HEADER key on an unindexed field, answered by one pass over the folder's headers. */
  private scanHeaders(): void {
    const tests: Array<{ set: Uint8Array; test: (header: Buffer) => boolean }> = [];
    for (const key of this.headerScanKeys) {
      const id = JSON.stringify(key);
      if (this.textSets.has(id)) continue;
      const set = new Uint8Array(this.selected.uids.length);
      this.textSets.set(id, set);
      tests.push({ set, test: headerTest(key.field, key.value) });
    }
    if (tests.length === 0) return;
    this.store.searchIndex.forEachHeader(this.selected.mailbox.id, (uid, header) => {
      const seq = this.selected.seqOf(uid);
      if (seq === 0) return;
      for (const { set, test } of tests) if (test(header)) set[seq - 1] = 1;
    });
  }

  private textUids(key: Extract<SearchKey, { type: 'header' | 'body' | 'text' }>): number[] {
    const index = this.store.searchIndex;
    const mailboxId = this.selected.mailbox.id;
    // RFC 3501 6.4.4: BODY is the body; TEXT « the header or body », every header field.
    if (key.type === 'body') return index.contains(mailboxId, ['body'], key.value);
    if (key.type === 'text') return index.contains(mailboxId, ['headers', 'body'], key.value);
    const field = key.field.toLowerCase();
    const indexed = INDEXED_HEADERS[field];
    if (indexed !== undefined) return index.contains(mailboxId, [indexed], key.value);
    const plain = PLAIN_HEADERS[field];
    if (plain === undefined) throw new Error(`HEADER ${field} needs a scan`);
    return index.columnContains(mailboxId, plain, key.value);
  }

  /** UIDs (any order, duplicates allowed) -> membership over session positions. */
  private toPositions(uids: readonly number[]): Uint8Array {
    const set = new Uint8Array(this.selected.uids.length);
    for (const uid of uids) {
      const seq = this.selected.seqOf(uid);
      if (seq > 0) set[seq - 1] = 1;
    }
    return set;
  }
}

/** RFC 3501 6.4.4 BEFORE/ON/SINCE and SENT*: calendar days, « disregarding time and timezone ». */
function dateTest(comparison: 'before' | 'on' | 'since', date: ImapDate): (day: number) => boolean {
  const wanted = dayOfImapDate(date);
  switch (comparison) {
    case 'before':
      return (day) => day < wanted;
    case 'on':
      return (day) => day === wanted;
    case 'since':
      return (day) => day >= wanted;
  }
}

/**
 * HEADER field value for fields no index covers: the field's unfolded raw value contains the
 * needle (ASCII case-insensitive, bytes compared as sent); an empty needle asks whether the
 * field is present at all (RFC 3501 6.4.4).
 */
function headerTest(field: string, needle: string): (header: Buffer) => boolean {
  const wanted = asciiLower(Buffer.from(needle, 'utf8').toString('latin1'));
  return (header) => {
    const fields = filterHeaderFields(header, [field]);
    if (fields.length <= 2) return false; // only the blank line: no such field
    if (wanted === '') return true;
    const text = fields.toString('latin1').replace(/\r?\n[ \t]/g, ' ');
    for (const line of text.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon >= 0 && asciiLower(line.slice(colon + 1)).includes(wanted)) return true;
    }
    return false;
  };
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

