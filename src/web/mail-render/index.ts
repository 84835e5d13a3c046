/**
 * Mail rendering for the webmail: the escaping view template, received HTML bodies made safe for
 * the message frame, plain-text bodies made into HTML, and the outside-sender test for the banner.
 *
 * Invariants:
 * - Pure functions: no I/O, no Express, no store. Routes call them and set the headers.
 * - Nothing from a mail reaches a page unescaped. View code uses `html`; a mail's HTML goes
 *   through `sanitizeMailHtml` and is shown only inside the sandboxed frame (`wrapForFrame`),
 *   served with `Content-Security-Policy: sandbox …; default-src 'none'`, `nosniff` and
 *   `Referrer-Policy: no-referrer`. Each layer must hold without the other.
 * - Only absolute http, https and mailto links survive, each with its real destination as title.
 *   Images come only from `cid:` (rewritten to our attachment URL), inline `data:` rasters, and
 *   remote http(s) once the reader asks (`allowRemote`).
 * - Every step is linear in its input: hostile mails cost time in proportion to their size.
 */
export { html, raw, encoded, escapeHtml, SafeHtml, type HtmlValue } from './escape-html.js';
export {
  sanitizeMailHtml, wrapForFrame, MAX_NESTING_DEPTH, MAX_OPEN_ELEMENTS, MAX_ELEMENTS, MAX_LINK_TEXT_CHARS, MAX_DATA_IMAGE_CHARS,
  type SanitizeMailOptions, type SanitizedMail, type MailLink,
} from './sanitize-mail-html.js';
export { filterInlineStyle, MAX_STYLE_CHARS, MAX_STYLE_VALUE_CHARS } from './filter-inline-style.js';
export { textToHtml, MAX_QUOTE_DEPTH } from './text-to-html.js';
export { parseLinkUrl, cleanUrl, MAX_LINK_CHARS } from './safe-url.js';
export { isAcademicAddress, isOutsideSender } from './is-outside-sender.js';
