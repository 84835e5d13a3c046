// Sequence sets (RFC 3501 9 sequence-set, RFC 5182 "$") and their expansion against a mailbox.
//
// Invariant: expansion never walks the numbers of a range, only the mailbox. `1:4294967295` on a
// mailbox of 10 messages costs 10 steps: ranges are clamped to what exists, sorted and merged
// (O(r log r) for r ranges, r bounded by the command line), then matched against the mailbox
// (O(n) for n messages, or O(r log n + hits) against a UID list).

import { ImapParseError, quoteInput } from './errors.js';

/** RFC 3501 9: nz-number and UIDs are non-zero unsigned 32-bit integers. */
export const MAX_SEQUENCE_NUMBER = 0xffffffff;

/** A range end: a number, or `*`, the largest number in use (RFC 3501 9 seq-number). */
export type SequenceBound = number | '*';

/** `from:to` (a single number has from === to). Either order means the same range (RFC 3501 9). */
export interface SequenceRange {
  from: SequenceBound;
  to: SequenceBound;
}

export interface SequenceRanges {
  type: 'ranges';
  ranges: SequenceRange[];
}

/** RFC 5182 2.1: `$`, the result saved by the last `SEARCH RETURN (SAVE)`. */
export interface SavedSequence {
  type: 'saved';
}

export type SequenceSet = SequenceRanges | SavedSequence;

/** Parse `1:5,7,9:*` or `$`. Rejects 0, leading zeros, numbers above 2^32-1 and empty elements. */
export function parseSequenceSet(text: string): SequenceSet {
  if (text === '$') return { type: 'saved' };
  const ranges: SequenceRange[] = [];
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) {
      const n = parseBound(part, text);
      ranges.push({ from: n, to: n });
    } else {
      ranges.push({ from: parseBound(part.slice(0, colon), text), to: parseBound(part.slice(colon + 1), text) });
    }
  }
  return { type: 'ranges', ranges };
}

function parseBound(text: string, whole: string): SequenceBound {
  if (text === '*') return '*';
  // RFC 3501 9: nz-number = digit-nz *DIGIT ; (0 < n < 4,294,967,296)
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new ImapParseError(`Invalid sequence set ${quoteInput(whole)}`);
  const n = Number(text);
  if (n > MAX_SEQUENCE_NUMBER) throw new ImapParseError(`Sequence number out of range in ${quoteInput(whole)}`);
  return n;
}

/** True when `text` has the shape of a sequence set (how SEARCH tells one from a search key). */
export function looksLikeSequenceSet(text: string): boolean {
  return text === '$' || /^[0-9*][0-9*:,]*$/.test(text);
}

/** Wire form of a set. */
export function formatSequenceSet(set: SequenceSet): string {
  if (set.type === 'saved') return '$';
  return set.ranges.map(r => (r.from === r.to ? String(r.from) : `${r.from}:${r.to}`)).join(',');
}

/** The shortest set of ranges holding exactly `numbers` (any order, duplicates allowed). */
export function sequenceSetFromNumbers(numbers: readonly number[]): SequenceRanges {
  const sorted = [...numbers].sort((a, b) => a - b);
  const ranges: SequenceRange[] = [];
  let last: { from: number; to: number } | null = null;
  for (const n of sorted) {
    if (last !== null && n <= last.to + 1) {
      if (n > last.to) last.to = n;
      continue;
    }
    last = { from: n, to: n };
    ranges.push(last);
  }
  return { type: 'ranges', ranges };
}

/**
 * The ranges of `set` with `*` = `max`, clamped to [1, max], sorted and merged into disjoint
 * intervals `[lo, hi]`. With max 0 (empty mailbox) nothing remains, `*` included. A UID range
 * `559:*` always includes the highest UID even when 559 is above it (RFC 3501 6.4.8).
 */
export function normalizeRanges(set: SequenceRanges, max: number): Array<[number, number]> {
  const clamped: Array<[number, number]> = [];
  for (const r of set.ranges) {
    const a = r.from === '*' ? max : r.from;
    const b = r.to === '*' ? max : r.to;
    const lo = Math.max(1, Math.min(a, b));
    const hi = Math.min(max, Math.max(a, b));
    if (lo <= hi) clamped.push([lo, hi]);
  }
  clamped.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const range of clamped) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1] + 1) {
      if (range[1] > last[1]) last[1] = range[1];
    } else {
      merged.push([range[0], range[1]]);
    }
  }
  return merged;
}

/**
 * RFC 3501 9 (seq-number): a message sequence number above the number of messages, or `*` in an
 * empty mailbox, is an error the server answers with BAD. False when `set` has one.
 */
export function isWithinMessageCount(set: SequenceRanges, count: number): boolean {
  for (const r of set.ranges) {
    for (const bound of [r.from, r.to]) {
      if (bound === '*' ? count === 0 : bound > count) return false;
    }
  }
  return true;
}

/** Message sequence numbers (ascending, unique) a message-number set selects among `count` messages. */
export function sequenceNumbersInSet(set: SequenceRanges, count: number): number[] {
  const out: number[] = [];
  for (const [lo, hi] of normalizeRanges(set, count)) {
    for (let n = lo; n <= hi; n++) out.push(n);
  }
  return out;
}

/**
 * Indexes (0-based, ascending) into `uids` of the UIDs a UID set selects. `uids` is the mailbox's
 * UID list in ascending order (index i is message sequence number i + 1).
 */
export function uidIndexesInSet(set: SequenceRanges, uids: readonly number[]): number[] {
  const out: number[] = [];
  if (uids.length === 0) return out;
  let i = 0;
  for (const [lo, hi] of normalizeRanges(set, uids[uids.length - 1] ?? 0)) {
    i = lowerBound(uids, lo, i);
    while (i < uids.length && (uids[i] ?? Infinity) <= hi) out.push(i++);
    if (i >= uids.length) break;
  }
  return out;
}

/** The UIDs (ascending) of `uids` that a UID set selects. */
export function uidsInSet(set: SequenceRanges, uids: readonly number[]): number[] {
  return uidIndexesInSet(set, uids).map(i => uids[i] ?? 0);
}

/** First index >= `from` whose UID is >= `value` (uids ascending). */
function lowerBound(uids: readonly number[], value: number, from: number): number {
  let lo = from;
  let hi = uids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((uids[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ResolveOptions {
  /** The set holds UIDs (UID command, or SEARCH's UID key). */
  uid: boolean;
  /** RFC 5182: UIDs saved by the last SEARCH RETURN (SAVE); empty if none (RFC 5182 2.1). */
  savedUids?: readonly number[];
}

/**
 * Message sequence numbers (ascending, unique) selected by `set` in a mailbox whose UIDs are
 * `uids` (ascending; index i is sequence number i + 1). `$` is resolved through the saved UIDs
 * whether or not the command is a UID command (RFC 5182 2.1). Numbers above the mailbox are
 * ignored here; use isWithinMessageCount first to answer BAD where RFC 3501 wants it.
 */
export function resolveSequenceSet(set: SequenceSet, uids: readonly number[], options: ResolveOptions): number[] {
  if (set.type === 'saved') {
    return uidIndexesInSet(sequenceSetFromNumbers(options.savedUids ?? []), uids).map(i => i + 1);
  }
  if (options.uid) return uidIndexesInSet(set, uids).map(i => i + 1);
  return sequenceNumbersInSet(set, uids.length);
}

/** Membership test against a set resolved once (for SEARCH evaluation, message by message). */
export class SequenceMatcher {
  private readonly los: number[] = [];
  private readonly his: number[] = [];

  /** `max` resolves `*`: the message count for sequence numbers, the highest UID for UIDs. */
  constructor(set: SequenceRanges, max: number) {
    for (const [lo, hi] of normalizeRanges(set, max)) {
      this.los.push(lo);
      this.his.push(hi);
    }
  }

  has(n: number): boolean {
    let lo = 0;
    let hi = this.los.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (n < (this.los[mid] ?? 0)) hi = mid - 1;
      else if (n > (this.his[mid] ?? 0)) lo = mid + 1;
      else return true;
    }
    return false;
  }
}
