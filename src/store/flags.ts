/**
 * IMAP system flags stored as a bit set (RFC 3501 2.3.2); keywords are kept apart as text.
 * \Recent is not stored per message: it is derived per session from `mailboxes.recent_floor`.
 */
export const SYSTEM_FLAGS = {
  '\\Seen': 1,
  '\\Answered': 2,
  '\\Flagged': 4,
  '\\Deleted': 8,
  '\\Draft': 16,
} as const;

export type SystemFlag = keyof typeof SYSTEM_FLAGS;

export const FLAG_SEEN = SYSTEM_FLAGS['\\Seen'];
export const FLAG_DELETED = SYSTEM_FLAGS['\\Deleted'];
export const FLAG_FLAGGED = SYSTEM_FLAGS['\\Flagged'];

const BY_LOWER = new Map(Object.entries(SYSTEM_FLAGS).map(([name, bit]) => [name.toLowerCase(), { name, bit }]));

/** RFC 3501 9: keywords are atoms; we refuse characters that would break the wire format. */
const KEYWORD_PATTERN = /^[^\s()\]{%*"\\\x00-\x1f\x7f]{1,128}$/;

/** A message may carry this many keywords at most, so one client cannot bloat every row. */
export const MAX_KEYWORDS = 64;

export interface FlagSet {
  bits: number;
  keywords: string[];
}

/** Splits client flags into system bits and keywords; `\Recent` and unknown `\X` are ignored. */
export function parseFlags(names: readonly string[]): FlagSet {
  let bits = 0;
  const keywords: string[] = [];
  for (const name of names) {
    const system = BY_LOWER.get(name.toLowerCase());
    if (system) bits |= system.bit;
    else if (!name.startsWith('\\') && KEYWORD_PATTERN.test(name) && !keywords.includes(name)) keywords.push(name);
  }
  return { bits, keywords: keywords.slice(0, MAX_KEYWORDS) };
}

export function flagNames(bits: number, keywords: string): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(SYSTEM_FLAGS)) if (bits & bit) names.push(name);
  if (keywords) names.push(...keywords.split(' '));
  return names;
}

export function isValidKeyword(name: string): boolean {
  return KEYWORD_PATTERN.test(name);
}
