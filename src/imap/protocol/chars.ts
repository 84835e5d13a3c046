// Byte classes of the IMAP formal syntax (RFC 3501 9, RFC 9051 9). Every parser in this folder
// classifies bytes through these functions so the grammar lives in one place.

const SP = 0x20;

/** RFC 3501 9: CTL = %x00-1F / %x7F. */
export function isCtl(b: number): boolean {
  return b < 0x20 || b === 0x7f;
}

/**
 * RFC 3501 9: ATOM-CHAR = <any CHAR except atom-specials>;
 * atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials.
 */
export function isAtomChar(b: number): boolean {
  if (b <= SP || b >= 0x7f) return false;
  switch (b) {
    case 0x28: // (
    case 0x29: // )
    case 0x7b: // {
    case 0x25: // % list-wildcard
    case 0x2a: // * list-wildcard
    case 0x22: // " quoted-special
    case 0x5c: // \ quoted-special
    case 0x5d: // ] resp-special
      return false;
    default:
      return true;
  }
}

/** RFC 3501 9: ASTRING-CHAR = ATOM-CHAR / resp-specials. */
export function isAstringChar(b: number): boolean {
  return b === 0x5d || isAtomChar(b);
}

/** RFC 3501 9: tag = 1*<any ASTRING-CHAR except "+">. */
export function isTagChar(b: number): boolean {
  return b !== 0x2b && isAstringChar(b);
}

/** RFC 3501 9: list-char = ATOM-CHAR / list-wildcards / resp-specials. */
export function isListChar(b: number): boolean {
  return b === 0x25 || b === 0x2a || isAstringChar(b);
}

/** True when every UTF-16 unit of `text` satisfies `test` (used on ASCII-only atom text). */
export function allChars(text: string, test: (b: number) => boolean): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (!test(text.charCodeAt(i))) return false;
  }
  return true;
}
