// Message flags as STORE and APPEND send them (RFC 3501 2.3.2, 9 flag / flag-list).

import type { Token } from './tokenizer.js';
import { allChars, isAtomChar } from './chars.js';
import { ImapParseError, quoteInput } from './errors.js';

/** RFC 3501 2.3.2: the system flags a client may set (\Recent is session state, not settable). */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];

const SYSTEM_BY_UPPER = new Map<string, SystemFlag>(SYSTEM_FLAGS.map(f => [f.toUpperCase(), f]));

/**
 * RFC 3501 9: flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
 * flag-extension. System flags come back in their canonical case; keywords as sent. `\Recent` and
 * unknown `\` flags are refused: RFC 3501 2.3.2 reserves \Recent to the server.
 */
export function parseFlag(token: Token | undefined): string {
  if (token === undefined) throw new ImapParseError('Missing flag');
  // The tokenizer reads the atom NIL as nil, but as a flag it is just a keyword named NIL
  // (RFC 3501 9: flag-keyword = atom; NIL is no flag-list).
  if (token.type === 'nil') return token.value;
  if (token.type !== 'atom') throw new ImapParseError('Expected a flag');
  const text = token.value;
  if (text.startsWith('\\')) {
    const system = SYSTEM_BY_UPPER.get(text.toUpperCase());
    if (system === undefined) throw new ImapParseError(`Flag ${quoteInput(text)} cannot be set`);
    return system;
  }
  // RFC 3501 9: flag-keyword = atom
  if (!allChars(text, isAtomChar)) throw new ImapParseError(`Invalid flag ${quoteInput(text)}`);
  return text;
}

/** Flags from a list of tokens, duplicates (case-insensitive, RFC 3501 2.3.2) removed. */
export function parseFlags(tokens: readonly Token[]): string[] {
  const seen = new Set<string>();
  const flags: string[] = [];
  for (const token of tokens) {
    const flag = parseFlag(token);
    const key = flag.toUpperCase();
    if (seen.has(key)) continue;
    seen.add(key);
    flags.push(flag);
  }
  return flags;
}

/** RFC 3501 9: flag-list = "(" [flag *(SP flag)] ")". */
export function parseFlagList(token: Token | undefined): string[] {
  if (token === undefined || token.type !== 'list') throw new ImapParseError('Expected a flag list');
  return parseFlags(token.items);
}
