// Command parser: splits a complete command into tag, command name, UID prefix and a token tree
// of arguments. It does not know what each command's arguments mean: the argument parsers
// (fetch-items.ts, search-keys.ts, ...) do, from `args`.
//
// Errors are ImapParseError carrying the tag when it could be read, so the dispatcher answers
// `tag BAD ...`, or `* BAD ...` when there is no usable tag (RFC 3501 7.1.3).

import type { RawCommand } from './line-reader.js';
import type { Token } from './tokenizer.js';
import { tokenize } from './tokenizer.js';
import { isAtomChar, isTagChar } from './chars.js';
import { ImapParseError, quoteInput } from './errors.js';

/**
 * Commands that may follow `UID` (RFC 3501 6.4.8, RFC 6851 MOVE, RFC 4315 UID EXPUNGE,
 * RFC 5256 UID SORT and UID THREAD).
 */
export const UID_COMMANDS: ReadonlySet<string> = new Set([
  'COPY',
  'MOVE',
  'FETCH',
  'SEARCH',
  'STORE',
  'EXPUNGE',
  'SORT',
  'THREAD',
]);

/**
 * Longest tag accepted. Tags are echoed in every reply and logged; clients use a few characters
 * (imapflow: `A1`), and a bound keeps a hostile one from inflating every response.
 */
export const MAX_TAG_LENGTH = 64;

/** Longest command name accepted; the longest real one is UNAUTHENTICATE (14). */
export const MAX_COMMAND_NAME_LENGTH = 32;

export interface ParsedCommand {
  tag: string;
  /** Uppercased command name, without the UID prefix (`UID FETCH` gives `FETCH`). */
  command: string;
  /** True for `UID COPY/MOVE/FETCH/SEARCH/STORE/EXPUNGE`. */
  uid: boolean;
  args: Token[];
}

const SP = 0x20;

/** True for a blank line, which the dispatcher may ignore instead of answering BAD. */
export function isEmptyCommand(raw: RawCommand): boolean {
  return raw.literals.length === 0 && raw.segments.length === 1 && (raw.segments[0]?.length ?? 0) === 0;
}

/** Parse a complete command read by LineReader. Throws ImapParseError. */
export function parseCommand(raw: RawCommand): ParsedCommand {
  const line = raw.segments[0];
  if (line === undefined || raw.segments.length !== raw.literals.length + 1) {
    throw new ImapParseError('Malformed command');
  }
  // RFC 3501 9: command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
  let pos = 0;
  while (pos < line.length && isTagChar(line[pos] ?? -1)) pos++;
  if (pos === 0) throw new ImapParseError(line.length === 0 ? 'Empty command line' : 'Missing or invalid tag');
  if (pos > MAX_TAG_LENGTH) throw new ImapParseError('Tag too long');
  const tag = line.toString('latin1', 0, pos);
  try {
    if (line[pos] !== SP) {
      throw new ImapParseError(pos === line.length ? 'Missing command' : 'Invalid character in tag');
    }
    pos++;
    const first = readName(line, pos);
    pos = first.end;
    let command = first.name;
    let uid = false;
    if (command === 'UID') {
      // RFC 3501 6.4.8: UID is a prefix of COPY, FETCH, SEARCH and STORE (and MOVE, EXPUNGE).
      if (line[pos] !== SP) throw new ImapParseError('Missing command after UID');
      const sub = readName(line, pos + 1);
      if (!UID_COMMANDS.has(sub.name)) throw new ImapParseError(`UID ${quoteInput(sub.name)} is not a command`);
      command = sub.name;
      uid = true;
      pos = sub.end;
    }
    if (pos < line.length && line[pos] !== SP) throw new ImapParseError('Invalid character in command name');
    const args = tokenize(raw, 0, pos);
    return { tag, command, uid, args };
  } catch (err) {
    if (err instanceof ImapParseError) throw err.withTag(tag);
    throw err;
  }
}

function readName(line: Buffer, start: number): { name: string; end: number } {
  let end = start;
  while (end < line.length && isAtomChar(line[end] ?? -1)) end++;
  if (end === start) throw new ImapParseError('Missing command');
  if (end - start > MAX_COMMAND_NAME_LENGTH) throw new ImapParseError('Command name too long');
  return { name: line.toString('latin1', start, end).toUpperCase(), end };
}
