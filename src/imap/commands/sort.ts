/**
 * SORT and UID SORT (RFC 5256 3): the messages a search selects, ordered by ARRIVAL, CC, DATE,
 * FROM, SIZE, SUBJECT (base subject) or TO, each optionally REVERSE, ties broken by sequence
 * number. Sort keys come from the content cache's digests of the decoded header fields stored
 * at delivery; nothing is reparsed.
 */
import { contentCacheFor, type ContentDigest } from '../content-cache.js';
import { folderFacts, type FolderFact } from '../message-facts.js';
import { selectedOf } from '../message-set.js';
import {
  ArgCursor,
  BadCharsetError,
  ImapParseError,
  SUPPORTED_SEARCH_CHARSETS,
  parseSearchKeys,
  quoteInput,
  tokenToAstring,
  type SearchKey,
  type Token,
} from '../protocol/index.js';
import { evaluateSearch } from '../search-eval.js';
import type { SelectedMailbox } from '../selected-mailbox.js';
import type { MailStore } from '../../store/mail-store.js';
import { SELECTED, type ImapCommand } from './types.js';

export type SortKey = 'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO';

export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}

const SORT_KEYS: ReadonlySet<string> = new Set(['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO']);

/** RFC 5256 5: sort = ["UID" SP] "SORT" SP sort-criteria SP search-criteria. */
export function parseSortArgs(tokens: readonly Token[]): { criteria: SortCriterion[]; key: SearchKey } {
  const [list, charset, ...keys] = tokens;
  if (list?.type !== 'list') throw new ImapParseError('Expected ( before sort criteria');
  const c = new ArgCursor(list.items);
  const criteria: SortCriterion[] = [];
  while (!c.done) {
    // sort-criterion = ["REVERSE" SP] sort-key
    const reverse = c.takeKeyword('REVERSE');
    const key = c.keyword('sort key');
    if (!SORT_KEYS.has(key)) throw new ImapParseError(`Unknown sort key ${quoteInput(key)}`);
    criteria.push({ key: key as SortKey, reverse });
  }
  if (criteria.length === 0) throw new ImapParseError('Empty sort criteria');
  checkCharset(charset);
  return { criteria, key: parseSearchKeys(keys) };
}

/** RFC 5256 5: search-criteria = charset 1*(SP search-key); unsupported charsets get NO [BADCHARSET]. */
export function checkCharset(token: Token | undefined): void {
  const charset = tokenToAstring(token, 'charset').toUpperCase();
  if (!SUPPORTED_SEARCH_CHARSETS.some((name) => name === charset)) throw new BadCharsetError(charset);
}

export const sort: ImapCommand = {
  name: 'SORT',
  states: SELECTED,
  // Sequence numbers in the answer: no EXPUNGE meanwhile, as for SEARCH (RFC 3501 7.4.1).
  holdsExpunges: (cmd) => !cmd.uid,
  run(session, cmd) {
    const { criteria, key } = parseSortArgs(cmd.args);
    const selected = selectedOf(session);
    session.flushUpdates(cmd.uid);
    const order = sortMessages(session.services.store, selected, key, criteria);
    const numbers = cmd.uid ? order.map((seq) => selected.uids[seq - 1]!) : order;
    session.untagged(`SORT${numbers.length > 0 ? ' ' : ''}${numbers.join(' ')}`);
  },
};

/** Sequence numbers of the matching messages, in the requested order. */
export function sortMessages(store: MailStore, selected: SelectedMailbox, key: SearchKey, criteria: readonly SortCriterion[]): number[] {
  const { seqs, uids } = evaluateSearch(store, selected, key);
  if (seqs.length === 0) return [];
  const facts = folderFacts(store, selected);
  const rows = uids.map((uid) => facts.get(uid)!);
  const needsDigest = criteria.some((c) => c.key !== 'ARRIVAL' && c.key !== 'SIZE');
  const digests = needsDigest ? contentCacheFor(store).digests(store, rows.map((f) => f.contentId)) : null;
  // One key array per criterion, then an index sort: no per-comparison lookups.
  const keys = criteria.map((c) => rows.map((fact) => sortValue(c.key, fact, digests?.get(fact.contentId))));
  const order = seqs.map((_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < criteria.length; k++) {
      const x = keys[k]![a]!;
      const y = keys[k]![b]!;
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      if (cmp !== 0) return criteria[k]!.reverse ? -cmp : cmp;
    }
    // RFC 5256 3: messages equal on every criterion keep their sequence order.
    return a - b;
  });
  return order.map((i) => seqs[i]!);
}

function sortValue(key: SortKey, fact: FolderFact, digest: ContentDigest | undefined): number | string {
  switch (key) {
    case 'ARRIVAL':
      return fact.internalDate;
    case 'SIZE':
      return fact.size;
    case 'DATE':
      // RFC 5256 2.2: without a usable Date: header, the internal date stands in.
      return digest?.headerDate ?? fact.internalDate;
    case 'SUBJECT':
      return digest?.subjectKey ?? '';
    case 'FROM':
      return digest?.fromKey ?? '';
    case 'TO':
      return digest?.toKey ?? '';
    case 'CC':
      return digest?.ccKey ?? '';
  }
}
