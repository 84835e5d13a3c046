import { describe, expect, it } from 'vitest';
import {
  MAX_SEQUENCE_NUMBER,
  SequenceMatcher,
  formatSequenceSet,
  isWithinMessageCount,
  looksLikeSequenceSet,
  normalizeRanges,
  parseSequenceSet,
  resolveSequenceSet,
  sequenceNumbersInSet,
  sequenceSetFromNumbers,
  uidsInSet,
} from '../../../src/imap/protocol/sequence-set.js';
import type { SequenceRanges, SequenceSet } from '../../../src/imap/protocol/sequence-set.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';

function ranges(text: string): SequenceRanges {
  const set: SequenceSet = parseSequenceSet(text);
  if (set.type !== 'ranges') throw new Error('expected ranges');
  return set;
}

describe('parseSequenceSet', () => {
  it('parses numbers, ranges, * and lists', () => {
    expect(parseSequenceSet('1:5,7,9:*')).toEqual({
      type: 'ranges',
      ranges: [
        { from: 1, to: 5 },
        { from: 7, to: 7 },
        { from: 9, to: '*' },
      ],
    });
    expect(parseSequenceSet('*')).toEqual({ type: 'ranges', ranges: [{ from: '*', to: '*' }] });
    expect(parseSequenceSet('*:4')).toEqual({ type: 'ranges', ranges: [{ from: '*', to: 4 }] });
  });

  it('parses $ as the saved search result (RFC 5182)', () => {
    expect(parseSequenceSet('$')).toEqual({ type: 'saved' });
  });

  it('accepts 4294967295 and refuses 0, 4294967296, leading zeros and malformed sets', () => {
    expect(parseSequenceSet(String(MAX_SEQUENCE_NUMBER))).toEqual({
      type: 'ranges',
      ranges: [{ from: MAX_SEQUENCE_NUMBER, to: MAX_SEQUENCE_NUMBER }],
    });
    for (const bad of ['0', '1:0', '4294967296', '99999999999', '01', '', ',', '1,', ',1', '1,,2', '1:', ':5', '1:2:3', '$,1', '1:$', 'a', '-1', '1.5', '**', '1 2']) {
      expect(() => parseSequenceSet(bad), bad).toThrow(ImapParseError);
    }
  });

  it('formats back to the wire form', () => {
    expect(formatSequenceSet(parseSequenceSet('1:5,7,9:*'))).toBe('1:5,7,9:*');
    expect(formatSequenceSet(parseSequenceSet('$'))).toBe('$');
  });

  it('tells sequence sets from search keys by shape', () => {
    expect(['1', '1:*', '2,4:5', '*', '$'].every(looksLikeSequenceSet)).toBe(true);
    expect(['ALL', 'UID', '', 'x1'].some(looksLikeSequenceSet)).toBe(false);
  });
});

describe('expansion against a mailbox', () => {
  it('expands message numbers against the message count, in order and without duplicates', () => {
    expect(sequenceNumbersInSet(ranges('1:5,7,9:*'), 10)).toEqual([1, 2, 3, 4, 5, 7, 9, 10]);
    expect(sequenceNumbersInSet(ranges('4:2,3,3,3'), 10)).toEqual([2, 3, 4]);
    expect(sequenceNumbersInSet(ranges('8,1:2,2:3'), 10)).toEqual([1, 2, 3, 8]);
  });

  it('bounds the work by the mailbox, not by the numbers (1:4294967295 on 3 messages)', () => {
    expect(sequenceNumbersInSet(ranges('1:4294967295'), 3)).toEqual([1, 2, 3]);
    const many = Array.from({ length: 5000 }, (_, i) => `${i + 1}:4294967295`).join(',');
    expect(sequenceNumbersInSet(ranges(many), 4)).toEqual([1, 2, 3, 4]);
    expect(uidsInSet(ranges('1:4294967295'), [5, 900, 4000000000])).toEqual([5, 900, 4000000000]);
  });

  it('matches nothing with * in an empty mailbox', () => {
    expect(sequenceNumbersInSet(ranges('1:*'), 0)).toEqual([]);
    expect(uidsInSet(ranges('*'), [])).toEqual([]);
  });

  it('expands UID sets against the UIDs that exist', () => {
    const uids = [3, 7, 8, 20, 21, 100];
    expect(uidsInSet(ranges('1:10'), uids)).toEqual([3, 7, 8]);
    expect(uidsInSet(ranges('8:21,50:60,100'), uids)).toEqual([8, 20, 21, 100]);
    expect(uidsInSet(ranges('*'), uids)).toEqual([100]);
  });

  it('always includes the highest UID in n:* even when n is above it (RFC 3501 6.4.8)', () => {
    expect(uidsInSet(ranges('559:*'), [3, 7, 100])).toEqual([100]);
  });

  it('resolves to message sequence numbers for UID and message-number commands', () => {
    const uids = [3, 7, 8, 20];
    expect(resolveSequenceSet(parseSequenceSet('7:20'), uids, { uid: true })).toEqual([2, 3, 4]);
    expect(resolveSequenceSet(parseSequenceSet('2:3'), uids, { uid: false })).toEqual([2, 3]);
  });

  it('resolves $ through the saved UIDs, in UID and non-UID commands alike (RFC 5182 2.1)', () => {
    const uids = [3, 7, 8, 20];
    const saved = [20, 3, 99];
    expect(resolveSequenceSet({ type: 'saved' }, uids, { uid: false, savedUids: saved })).toEqual([1, 4]);
    expect(resolveSequenceSet({ type: 'saved' }, uids, { uid: true, savedUids: saved })).toEqual([1, 4]);
    expect(resolveSequenceSet({ type: 'saved' }, uids, { uid: true })).toEqual([]);
  });

  it('says when message numbers exceed the mailbox, so the server can answer BAD (RFC 3501 9)', () => {
    expect(isWithinMessageCount(ranges('1:5'), 5)).toBe(true);
    expect(isWithinMessageCount(ranges('1:6'), 5)).toBe(false);
    expect(isWithinMessageCount(ranges('1:*'), 0)).toBe(false);
    expect(isWithinMessageCount(ranges('*'), 1)).toBe(true);
  });

  it('merges and clamps ranges', () => {
    expect(normalizeRanges(ranges('5:*,1:2,3,10:12'), 11)).toEqual([
      [1, 3],
      [5, 11],
    ]);
  });

  it('answers membership with a matcher built once', () => {
    const m = new SequenceMatcher(ranges('2:4,10,20:*'), 25);
    expect([1, 2, 4, 5, 10, 11, 19, 20, 25, 26].map(n => m.has(n))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('compresses a list of numbers into the shortest set', () => {
    expect(formatSequenceSet(sequenceSetFromNumbers([5, 1, 2, 3, 3, 9, 10]))).toBe('1:3,5,9:10');
    expect(sequenceSetFromNumbers([])).toEqual({ type: 'ranges', ranges: [] });
  });
});
