/**
 * Plain-text mail parts as HTML: every character escaped, http(s) and mailto URLs made into
 * links, `>` quote levels made into nested `<blockquote>`. Line breaks stay `\n` characters, so
 * the output belongs in an element styled `white-space: pre-wrap` (which also keeps indentation).
 *
 * We do not use mailparser's `textAsHtml`: it has an open XSS bug. Every step here is one pass
 * with no backtracking, so a 5 MB line without spaces or 100,000 `>` cost linear time.
 */
import { escapeHtml } from './escape-html.js';
import { MAX_LINK_CHARS, parseLinkUrl } from './safe-url.js';

/** Deepest quote nesting drawn; deeper `>` markers are still consumed but draw no more levels.
 * Past ten levels indentation no longer helps the reader, and each level is a nested block. */
export const MAX_QUOTE_DEPTH = 10;

// A URL candidate: a scheme at a word boundary, then everything up to a space, a quote or an
// angle bracket (RFC 3986 Appendix C: `<…>` and `"…"` delimit URLs in text). One character
// class with one `+`: no backtracking.
const URL_CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;
// Punctuation that ends a sentence more often than a URL.
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', "'", '*']);
// Closing bracket → its opening bracket.
const BRACKETS: ReadonlyMap<string, string> = new Map([[')', '('], [']', '['], ['}', '{']]);

/** The candidate without trailing punctuation, and without closing brackets it did not open
 * (`(voir https://a.fr/x)` links `https://a.fr/x`, `https://fr.wikipedia.org/wiki/A_(b)` keeps its `)`). */
function trimTrailing(candidate: string): string {
  // Per closing bracket: how many more of them the candidate closes than it opens. Counted once,
  // so trimming a long run of `)` stays linear.
  const unopened = new Map<string, number>();
  for (const [closer, opener] of BRACKETS) {
    let balance = 0;
    for (let i = candidate.indexOf(closer); i !== -1; i = candidate.indexOf(closer, i + 1)) balance++;
    for (let i = candidate.indexOf(opener); i !== -1; i = candidate.indexOf(opener, i + 1)) balance--;
    unopened.set(closer, balance);
  }
  let end = candidate.length;
  while (end > 0) {
    const c = candidate[end - 1] ?? '';
    const extra = unopened.get(c) ?? 0;
    if (TRAILING_PUNCTUATION.has(c)) {
      end--;
    } else if (extra > 0) {
      unopened.set(c, extra - 1);
      end--;
    } else {
      break;
    }
  }
  return candidate.slice(0, end);
}

/** The title repeats the real destination: the text is what the sender wrote, which may differ
 * (a look-alike Unicode host shows here in punycode). */
function link(text: string, url: URL): string {
  const href = escapeHtml(url.href);
  return `<a href="${href}" title="${href}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** One line's text, escaped, with its URLs linked. */
function linkify(line: string): string {
  let out = '';
  let from = 0;
  URL_CANDIDATE.lastIndex = 0;
  for (let match = URL_CANDIDATE.exec(line); match !== null; match = URL_CANDIDATE.exec(line)) {
    const candidate = trimTrailing(match[0]);
    const url = candidate.length > MAX_LINK_CHARS ? null : parseLinkUrl(candidate);
    if (url === null) continue; // stays text, escaped with the rest
    out += escapeHtml(line.slice(from, match.index)) + link(candidate, url);
    from = match.index + candidate.length; // the trimmed punctuation stays text
  }
  return out + escapeHtml(line.slice(from));
}

/** Quote depth of a line and where its text starts: `>` markers, each optionally followed by
 * one space (`> > a`, `>> a` and `>>a` are all depth 2). */
function quoteLevel(line: string): { depth: number; start: number } {
  let depth = 0;
  let i = 0;
  while (line.charCodeAt(i) === 0x3e /* > */) {
    depth++;
    i++;
    if (line.charCodeAt(i) === 0x20 /* space */) i++;
  }
  return { depth: Math.min(depth, MAX_QUOTE_DEPTH), start: i };
}

/** A plain-text body as HTML for a `white-space: pre-wrap` container. */
export function textToHtml(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const parts: string[] = [];
  let depth = 0;
  let lineInBlock = false; // a line already written at this depth needs a `\n` before the next
  for (const line of lines) {
    const level = quoteLevel(line);
    if (level.depth !== depth) {
      // Block boundaries are line breaks already: no `\n` around them, or pre-wrap shows blank lines.
      parts.push(level.depth > depth ? '<blockquote>'.repeat(level.depth - depth) : '</blockquote>'.repeat(depth - level.depth));
      depth = level.depth;
      lineInBlock = false;
    }
    if (lineInBlock) parts.push('\n');
    parts.push(linkify(level.start === 0 ? line : line.slice(level.start)));
    lineInBlock = true;
  }
  parts.push('</blockquote>'.repeat(depth));
  return parts.join('');
}
