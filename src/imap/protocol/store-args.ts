// STORE arguments (RFC 3501 6.4.6, CONDSTORE modifier RFC 7162 3.1.3).

import type { Token } from './tokenizer.js';
import type { SequenceSet } from './sequence-set.js';
import { parseSequenceSet } from './sequence-set.js';
import { ArgCursor, MAX_NUMBER64, parseNumber } from './arg-cursor.js';
import { parseFlagList, parseFlags } from './flag-list.js';
import { ImapParseError, quoteInput } from './errors.js';

export type StoreOperation = 'add' | 'remove' | 'replace';

export interface StoreArgs {
  sequenceSet: SequenceSet;
  /** RFC 7162 3.1.3: only change messages whose mod-sequence is <= this; null when absent. */
  unchangedSince: number | null;
  /** `+FLAGS` add, `-FLAGS` remove, `FLAGS` replace. */
  operation: StoreOperation;
  /** `.SILENT`: no untagged FETCH for the change (RFC 3501 6.4.6). */
  silent: boolean;
  /** Canonical system flags and keywords, duplicates removed. */
  flags: string[];
}

const OPERATIONS: Record<string, StoreOperation> = { '+FLAGS': 'add', '-FLAGS': 'remove', FLAGS: 'replace' };

/**
 * RFC 3501 9 / RFC 7162 7: store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags;
 * store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag))).
 */
export function parseStoreArgs(args: readonly Token[]): StoreArgs {
  const c = new ArgCursor(args);
  const sequenceSet = parseSequenceSet(c.atom('sequence set'));
  let unchangedSince: number | null = null;
  if (c.peek()?.type === 'list') {
    unchangedSince = parseStoreModifiers(c.list('store modifiers'));
  }
  let item = c.keyword('store data item');
  let silent = false;
  if (item.endsWith('.SILENT')) {
    silent = true;
    item = item.slice(0, -'.SILENT'.length);
  }
  const operation = OPERATIONS[item];
  if (operation === undefined) throw new ImapParseError(`Unknown STORE data item ${quoteInput(item)}`);
  let flags: string[];
  if (c.peek()?.type === 'list') {
    flags = parseFlagList(c.next('flag list'));
  } else {
    // The unparenthesised form needs at least one flag.
    const tokens: Token[] = [c.next('flags')];
    while (!c.done) tokens.push(c.next('flag'));
    flags = parseFlags(tokens);
  }
  c.end();
  return { sequenceSet, unchangedSince, operation, silent, flags };
}

/** RFC 7162 3.1.3: store-modifier =/ "UNCHANGEDSINCE" SP mod-sequence-valzer. */
function parseStoreModifiers(items: readonly Token[]): number {
  const c = new ArgCursor(items);
  let unchangedSince: number | null = null;
  while (!c.done) {
    const name = c.keyword('store modifier');
    if (name !== 'UNCHANGEDSINCE') throw new ImapParseError(`Unknown STORE modifier ${quoteInput(name)}`);
    if (unchangedSince !== null) throw new ImapParseError('UNCHANGEDSINCE given twice');
    unchangedSince = parseNumber(c.atom('mod-sequence'), 'mod-sequence', 0, MAX_NUMBER64);
  }
  if (unchangedSince === null) throw new ImapParseError('Empty STORE modifier list');
  return unchangedSince;
}
