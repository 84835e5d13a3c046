/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8), with ESEARCH return options (RFC 4731),
 * SEARCHRES's SAVE and `$` (RFC 5182) and CONDSTORE's MODSEQ key (RFC 7162 3.1.5).
 */
import { compactSet, selectedOf } from '../message-set.js';
import { parseSearchArgs, type SearchReturnOption, type Token } from '../protocol/index.js';
import { evaluateSearch, usesKey, type SearchResult } from '../search-eval.js';
import { SELECTED, type ImapCommand } from './types.js';

export const search: ImapCommand = {
  name: 'SEARCH',
  states: SELECTED,
  // RFC 3501 7.4.1: no EXPUNGE while answering SEARCH (UID SEARCH excepted).
  holdsExpunges: (cmd) => !cmd.uid,
  run(session, cmd) {
    const selected = selectedOf(session);
    // Flags are compared as the session knows them: first apply what other sessions changed.
    session.flushUpdates(cmd.uid);
    try {
      const args = parseSearchArgs(cmd.args);
      if (usesKey(args.key, (k) => k.type === 'modseq')) session.enableCondstore();
      const result = evaluateSearch(session.services.store, selected, args.key);
      const numbers = cmd.uid ? result.uids : result.seqs;
      if (args.returnOptions === null) {
        // RFC 3501 7.2.5; RFC 7162 3.1.5 adds the highest MODSEQ of the matches.
        const modseq = result.highestModseq === null ? '' : ` (MODSEQ ${result.highestModseq})`;
        session.untagged(`SEARCH${numbers.length > 0 ? ' ' : ''}${numbers.join(' ')}${modseq}`);
        return;
      }
      const options = args.returnOptions;
      if (options.includes('SAVE')) selected.savedUids = savedResult(options, result);
      const line = esearchLine(cmd.tag, cmd.uid, options, numbers, result);
      if (line !== null) session.untagged(line);
    } catch (err) {
      // RFC 5182 2.1: a failed SEARCH … RETURN (SAVE) leaves `$` empty.
      if (asksToSave(cmd.args)) selected.savedUids = [];
      throw err;
    }
  },
};

/**
 * RFC 4731 3.1: `* ESEARCH (TAG "t") [UID] MIN n MAX n COUNT n ALL set`; without matches MIN,
 * MAX and ALL are left out. Null when SAVE is the only option (RFC 5182 2.4: nothing to say).
 */
export function esearchLine(
  tag: string,
  uid: boolean,
  options: readonly SearchReturnOption[],
  numbers: readonly number[],
  result: SearchResult,
): string | null {
  if (options.every((option) => option === 'SAVE')) return null;
  let line = `ESEARCH (TAG "${tag}")${uid ? ' UID' : ''}`;
  if (numbers.length > 0) {
    if (options.includes('MIN')) line += ` MIN ${numbers[0]}`;
    if (options.includes('MAX')) line += ` MAX ${numbers[numbers.length - 1]}`;
  }
  if (options.includes('COUNT')) line += ` COUNT ${numbers.length}`;
  if (numbers.length > 0 && options.includes('ALL')) line += ` ALL ${compactSet(numbers)}`;
  const modseq = esearchModseq(options, result);
  if (modseq !== null) line += ` MODSEQ ${modseq}`;
  return line;
}

/**
 * RFC 4731 3.2 / RFC 7162 3.1.5: the highest mod-sequence of the messages the answer returns.
 * With only MIN and/or MAX, those are the one or two messages named; with ALL or COUNT, every
 * match.
 */
function esearchModseq(options: readonly SearchReturnOption[], result: SearchResult): number | null {
  const { modseqs, highestModseq } = result;
  if (modseqs === null || options.includes('ALL') || options.includes('COUNT')) return highestModseq;
  const named: number[] = [];
  if (options.includes('MIN')) named.push(modseqs[0]!);
  if (options.includes('MAX')) named.push(modseqs[modseqs.length - 1]!);
  return named.length > 0 ? Math.max(...named) : highestModseq;
}

/**
 * RFC 5182 2.4: with SAVE and only MIN and/or MAX among ALL/COUNT/MIN/MAX, just those messages
 * are saved; otherwise every match.
 */
function savedResult(options: readonly SearchReturnOption[], result: SearchResult): number[] {
  const { uids } = result;
  if (options.includes('ALL') || options.includes('COUNT')) return uids;
  const wantsMin = options.includes('MIN');
  const wantsMax = options.includes('MAX');
  if (!wantsMin && !wantsMax) return uids;
  const saved = new Set<number>();
  if (wantsMin && uids.length > 0) saved.add(uids[0]!);
  if (wantsMax && uids.length > 0) saved.add(uids[uids.length - 1]!);
  return [...saved].sort((a, b) => a - b);
}

/** `RETURN (… SAVE …)` at the head of the arguments, read without trusting the rest. */
function asksToSave(args: readonly Token[]): boolean {
  const [first, second] = args;
  return (
    first?.type === 'atom' &&
    first.value.toUpperCase() === 'RETURN' &&
    second?.type === 'list' &&
    second.items.some((item) => item.type === 'atom' && item.value.toUpperCase() === 'SAVE')
  );
}
