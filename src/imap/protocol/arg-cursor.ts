// A cursor over a command's argument tokens, with typed readers for the RFC 3501 9 productions
// every argument parser needs (astring, string, number, list, ...). Each reader throws
// ImapParseError naming what was expected, never quoting literal contents.

import type { LiteralToken, Token } from './tokenizer.js';
import { decodeUtf8 } from './tokenizer.js';
import { allChars, isAstringChar } from './chars.js';
import { ImapParseError, quoteInput } from './errors.js';

/** RFC 3501 9: number = 1*DIGIT ; unsigned 32-bit integer. */
export const MAX_NUMBER = 0xffffffff;

/**
 * RFC 7162 7 / RFC 9051 9: number64 and mod-sequence-value are at most 2^63-1. They are returned
 * as JavaScript numbers: exact below 2^53, which the store's counters never reach, and still
 * correctly ordered against them above it.
 */
export const MAX_NUMBER64 = 9223372036854775807n;

/** Read a decimal number in [min, max]; `max` up to MAX_NUMBER64. */
export function parseNumber(text: string, what: string, min = 0, max: number | bigint = MAX_NUMBER): number {
  if (!/^[0-9]{1,19}$/.test(text)) throw new ImapParseError(`Invalid ${what}`);
  const value = BigInt(text);
  if (value < BigInt(min) || value > BigInt(max)) throw new ImapParseError(`${what} out of range`);
  return Number(value);
}

/** Describe a token for an error message without echoing its contents when it is data. */
export function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'end of command';
  switch (token.type) {
    case 'atom':
    case 'nil':
      return quoteInput(token.value);
    case 'quoted':
      return 'quoted string';
    case 'literal':
      return 'literal';
    case 'list':
      return 'list';
    case 'section':
      return quoteInput(token.name);
  }
}

/**
 * RFC 3501 9: astring = 1*ASTRING-CHAR / string. NIL and a section token, which the tokenizer
 * reads as such, are astrings here too (a mailbox may be called `NIL` or `BODY[x]`).
 */
export function tokenToAstring(token: Token | undefined, what: string): string {
  if (token === undefined) throw new ImapParseError(`Missing ${what}`);
  switch (token.type) {
    case 'quoted':
      return token.value;
    case 'literal':
      return decodeUtf8(token.value, what);
    case 'nil':
      return token.value;
    case 'atom':
      if (!allChars(token.value, isAstringChar)) throw new ImapParseError(`Invalid characters in ${what}`);
      return token.value;
    case 'section':
      return token.raw;
    default:
      throw new ImapParseError(`Expected ${what}, got ${describeToken(token)}`);
  }
}

/** RFC 3501 9: string = quoted / literal. */
export function tokenToString(token: Token | undefined, what: string): string {
  if (token === undefined) throw new ImapParseError(`Missing ${what}`);
  if (token.type === 'quoted') return token.value;
  if (token.type === 'literal') return decodeUtf8(token.value, what);
  throw new ImapParseError(`Expected ${what} as a quoted string or literal`);
}

export class ArgCursor {
  private readonly tokens: readonly Token[];
  private index = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  get remaining(): number {
    return this.tokens.length - this.index;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  /** The next token, which must exist. */
  next(what: string): Token {
    const token = this.tokens[this.index];
    if (token === undefined) throw new ImapParseError(`Missing ${what}`);
    this.index++;
    return token;
  }

  /**
   * A bare atom (not quoted), as written. NIL is one too (the tokenizer only sets it apart for
   * the places that take nil): `KEYWORD NIL` searches a keyword named NIL (RFC 3501 9).
   */
  atom(what: string): string {
    const token = this.next(what);
    if (token.type !== 'atom' && token.type !== 'nil') throw new ImapParseError(`Expected ${what}, got ${describeToken(token)}`);
    return token.value;
  }

  /** A bare atom, uppercased (keywords are case-insensitive, RFC 3501 9). */
  keyword(what: string): string {
    return this.atom(what).toUpperCase();
  }

  /** True (and consumed) when the next token is the atom `word`, in any case. */
  takeKeyword(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'atom' && token.value.toUpperCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }

  astring(what: string): string {
    return tokenToAstring(this.next(what), what);
  }

  string(what: string): string {
    return tokenToString(this.next(what), what);
  }

  number(what: string, min = 0, max: number | bigint = MAX_NUMBER): number {
    return parseNumber(this.atom(what), what, min, max);
  }

  list(what: string): Token[] {
    const token = this.next(what);
    if (token.type !== 'list') throw new ImapParseError(`Expected ( before ${what}`);
    return token.items;
  }

  literal(what: string): LiteralToken {
    const token = this.next(what);
    if (token.type !== 'literal') throw new ImapParseError(`Expected ${what} as a literal`);
    return token;
  }

  /** No argument may remain. */
  end(): void {
    const token = this.peek();
    if (token !== undefined) throw new ImapParseError(`Unexpected argument: ${describeToken(token)}`);
  }
}
