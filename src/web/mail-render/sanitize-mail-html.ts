/**
 * Turns a received mail's HTML body into markup that is safe to show in the message frame:
 * an allowlist of HTML elements and attributes (sanitize-html, which parses with htmlparser2 and
 * re-serialises, so only what we allowed is ever written out, every attribute quoted and escaped),
 * plus our own rules for URLs and inline CSS.
 *
 * Defence in depth: the result is shown only in a sandboxed iframe with a `sandbox` CSP and
 * `default-src 'none'`. This module must be safe without that frame, the frame safe without it.
 *
 * `<style>` elements are dropped with their content, not filtered. Reasons:
 * - They are the only raw-text element we would emit. Their content is written out unescaped, so
 *   one parser disagreement about where a style ends is markup injection. Everything else we emit
 *   is escaped text or allowlisted tags.
 * - Selectors reach what inline styles cannot: `a[href^=…]` and `:visited` probes, and restyling
 *   of the attributes we add (the link `title`). Filtering them would need a CSS parser of our own.
 * - Mail is written for this. Webmails have long dropped `<style>`, so newsletters put the styles
 *   that matter inline. What is lost is mostly responsive `@media` tweaks.
 */
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from './escape-html.js';
import { filterInlineStyle } from './filter-inline-style.js';
import { cleanUrl, parseLinkUrl } from './safe-url.js';

export interface SanitizeMailOptions {
  /** The reader asked to load this message's remote images. */
  allowRemote: boolean;
  /** Our attachment URL for a Content-ID (without `<>`), or null when the message has no such part. */
  cidUrl: (cid: string) => string | null;
}

/** A link kept in the body. `text` is raw text, not markup: escape it when showing it. */
export interface MailLink {
  /** Normalised absolute http, https or mailto URL, the one written into `href` and `title`. */
  href: string;
  /** The link's visible text, whitespace collapsed, at most `MAX_LINK_TEXT_CHARS`. */
  text: string;
}

export interface SanitizedMail {
  /** Body markup (no `<html>`/`<head>`): give it to `wrapForFrame`. */
  html: string;
  /** Remote images removed because `allowRemote` was false: show "afficher les images" when > 0. */
  blockedRemote: number;
  /** Links kept, in document order. */
  links: MailLink[];
  /** The markup had more than `MAX_ELEMENTS` elements or nested deeper than `MAX_OPEN_ELEMENTS`:
   * `html` holds only its text, in one paragraph, and `links` is empty. The page may offer the
   * text/plain part or the download instead. */
  tooComplex: boolean;
}

/** Elements kept. No scripts, styles, frames, forms or form controls, media players, `<base>`,
 * `<meta>`, `<link>`, SVG or MathML. Their tags are dropped; the text inside stays as text, except
 * for the raw-text elements listed in `CONTENT_DROPPED`. */
const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt',
  'ruby', 's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

/** Elements dropped with everything inside: code, or text the browser would never display. */
const CONTENT_DROPPED = [
  'script', 'style', 'title', 'textarea', 'option', 'xmp', 'iframe', 'noembed', 'noframes',
];

/** Attributes kept, per element. No `on*`, `hx-*`, `data-*`, `id`, `class`, `name`, `formaction`,
 * `srcdoc`, `srcset`, `background`, `ping`, `usemap`. */
const TABLE_PART = ['align', 'valign', 'bgcolor', 'height'];
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['style', 'title', 'dir', 'lang'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'border', 'align', 'hspace', 'vspace', 'referrerpolicy'],
  table: ['width', 'height', 'border', 'cellpadding', 'cellspacing', 'bgcolor', 'align', 'summary'],
  thead: TABLE_PART, tbody: TABLE_PART, tfoot: TABLE_PART, tr: TABLE_PART,
  td: [...TABLE_PART, 'width', 'colspan', 'rowspan', 'nowrap', 'scope'],
  th: [...TABLE_PART, 'width', 'colspan', 'rowspan', 'nowrap', 'scope'],
  col: ['span', 'width', 'align', 'valign'],
  colgroup: ['span', 'width', 'align', 'valign'],
  font: ['color', 'face', 'size'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value', 'type'],
  hr: ['width', 'size', 'align', 'noshade', 'color'],
  ...Object.fromEntries(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'caption'].map((tag) => [tag, ['align']])),
};

/** Deepest element nesting we keep; deeper tags are dropped, their text kept. Newsletter table
 * layouts nest a few dozen levels; the limit bounds the sanitizer's work per text node and the
 * browser's layout depth on hostile input. */
export const MAX_NESTING_DEPTH = 200;
/** Most elements open at once before we give up on the markup and show its text instead.
 * htmlparser2 keeps open elements in an array that it shifts and searches on every tag, so its
 * cost per tag grows with this number (unbounded, `<div>` repeated is quadratic). Browsers stop
 * nesting at 512 as well, so honest mail deeper than this already renders flattened. */
export const MAX_OPEN_ELEMENTS = 512;
/** Most elements we parse in one mail. sanitize-html does real work per element (a frame, the
 * attribute checks, our transforms), so this, not the size in bytes, bounds the time one
 * rendering can take; long text and big inline images cost little. Large newsletters have a few
 * thousand elements. */
export const MAX_ELEMENTS = 100_000;
/** Longest `text` reported per link in `links`. */
export const MAX_LINK_TEXT_CHARS = 200;
/** Largest inline `data:` image kept, in characters (≈ 3 MB decoded). Bigger pictures come as
 * attachments and are reached through `cid:`; the limit bounds what we copy into an attribute. */
export const MAX_DATA_IMAGE_CHARS = 4 * 1024 * 1024;

// Only base64 raster images: SVG images can carry script when opened on their own.
const DATA_IMAGE_HEADER = /^data:image\/(png|gif|jpeg|webp);base64$/i;
// How sanitize-html writes an image left with no attributes: the ones we drop (every image we
// keep has a `src`). Text cannot contain it, as text `<` is escaped, so removing every occurrence
// afterwards is exact and linear. (Dropping them in `exclusiveFilter` cuts sanitize-html's output
// string each time, which costs quadratic time on a mail full of tracking pixels.)
const DROPPED_IMAGE = '<img />';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ASCII_WHITESPACE = /[\t\n\f\r ]+/g;

/** Thrown from the parser callbacks to stop parsing: see MAX_OPEN_ELEMENTS and MAX_ELEMENTS. */
class TooComplexError extends Error {}

type Attributes = sanitizeHtml.Attributes;
type Tag = sanitizeHtml.Tag;

/** A copy of the attributes with `style` filtered, or removed when nothing of it survives. */
function withFilteredStyle(attribs: Attributes): Attributes {
  const copy: Attributes = { ...attribs };
  if (copy.style !== undefined) {
    const style = filterInlineStyle(copy.style);
    if (style === '') delete copy.style;
    else copy.style = style;
  }
  return copy;
}

/** `data:image/…;base64,…` normalised, or null. */
function dataImage(src: string): string | null {
  if (src.length > MAX_DATA_IMAGE_CHARS) return null;
  const comma = src.indexOf(',');
  if (comma === -1) return null;
  const header = DATA_IMAGE_HEADER.exec(src.slice(0, comma));
  if (header === null) return null;
  const payload = src.slice(comma + 1).replace(ASCII_WHITESPACE, '');
  if (!BASE64.test(payload)) return null;
  return `data:image/${(header[1] ?? '').toLowerCase()};base64,${payload}`;
}

/** RFC 2392 2: `cid:` then the url-encoded Content-ID without its angle brackets. */
function contentId(src: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(src.slice('cid:'.length));
  } catch {
    return null; // malformed percent-encoding
  }
  if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1); // some senders keep them
  return id === '' ? null : id;
}

/** An absolute or protocol-relative http(s) URL, or null. */
function remoteImage(src: string): URL | null {
  // Protocol-relative (`//host`, and `\\host` that URL parsing reads the same) would load from
  // the network through the frame's base URL: treat it as https.
  const absolute = /^[\\/]{2}/.test(src) ? `https:${src}` : src;
  try {
    const url = new URL(absolute);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : null;
  } catch {
    return null;
  }
}

/** Per-call state: the counters and the transforms that update them. */
function mailRules(opts: SanitizeMailOptions) {
  let blockedRemote = 0;
  const links: MailLink[] = [];
  let openElements = 0; // htmlparser2's stack size: it reports every open and close, void ones too
  let elements = 0;

  function link(attribs: Attributes): Tag {
    const copy = withFilteredStyle(attribs);
    const url = copy.href === undefined ? null : parseLinkUrl(copy.href);
    if (url === null) {
      // Not a link we allow (script, relative, anchor): an `<a>` without `href` is inert text;
      // the title goes too, as it could pass for a destination.
      delete copy.href;
      delete copy.title;
      return { tagName: 'a', attribs: copy };
    }
    // The title shows the real destination whatever the text claims.
    return {
      tagName: 'a',
      attribs: { ...copy, href: url.href, title: url.href, target: '_blank', rel: 'noopener noreferrer' },
    };
  }

  function image(attribs: Attributes): Tag {
    const copy = withFilteredStyle(attribs);
    const dropped: Tag = { tagName: 'img', attribs: {} }; // written as DROPPED_IMAGE, removed after
    const src = cleanUrl(copy.src ?? '');
    const scheme = src.slice(0, 5).toLowerCase();
    if (scheme.startsWith('cid:')) {
      const id = contentId(src);
      const target = id === null ? null : opts.cidUrl(id);
      if (target === null || target === '') return dropped;
      return { tagName: 'img', attribs: { ...copy, src: target } };
    }
    if (scheme === 'data:') {
      const data = dataImage(src);
      return data === null ? dropped : { tagName: 'img', attribs: { ...copy, src: data } };
    }
    const remote = remoteImage(src);
    if (remote === null) return dropped; // relative (would hit our own routes), unknown scheme, none
    if (!opts.allowRemote) {
      blockedRemote++;
      return dropped;
    }
    return { tagName: 'img', attribs: { ...copy, src: remote.href, referrerpolicy: 'no-referrer' } };
  }

  const options: sanitizeHtml.IOptions = {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    nonTextTags: CONTENT_DROPPED,
    disallowedTagsMode: 'discard',
    selfClosing: ['img', 'br', 'hr', 'wbr', 'col'],
    // Our transforms already validated every URL; these are sanitize-html's own second check.
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowProtocolRelative: false,
    // Inline styles go through filterInlineStyle in the transforms, not sanitize-html's postcss.
    parseStyleAttributes: false,
    nestingLimit: MAX_NESTING_DEPTH,
    onOpenTag: () => {
      if (++openElements > MAX_OPEN_ELEMENTS || ++elements > MAX_ELEMENTS) throw new TooComplexError();
    },
    onCloseTag: () => {
      openElements--;
    },
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    // Transforms never rename a tag: sanitize-html 2.17 forgets to clear a renamed tag that it
    // then discards, and writes the new name as the closing tag of the next element at that depth.
    transformTags: {
      '*': (tagName, attribs) => {
        if (tagName === 'a') return link(attribs);
        if (tagName === 'img') return image(attribs);
        return { tagName, attribs: withFilteredStyle(attribs) };
      },
    },
    exclusiveFilter: (frame) => {
      const href = frame.tag === 'a' ? frame.attribs.href : undefined;
      if (href !== undefined) {
        const text = frame.text.slice(0, MAX_LINK_TEXT_CHARS * 4).replace(/\s+/g, ' ').trim();
        links.push({ href, text: text.slice(0, MAX_LINK_TEXT_CHARS) });
      }
      return false; // a link's text is known only once it is closed
    },
  };

  return { options, result: () => ({ blockedRemote, links }) };
}

/** The text of markup we could not parse within our limits: tags cut out, the rest escaped
 * (entities stay as written). Crude on purpose: two linear passes, no parser. */
function textOnly(html: string): string {
  const text = html.replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `<p>${escapeHtml(text)}</p>`;
}

/** Sanitises a mail's HTML body for the message frame. */
export function sanitizeMailHtml(html: string, opts: SanitizeMailOptions): SanitizedMail {
  const rules = mailRules(opts);
  let clean: string;
  try {
    clean = sanitizeHtml(html, rules.options).replaceAll(DROPPED_IMAGE, '');
  } catch (error) {
    if (!(error instanceof TooComplexError)) throw error;
    return { html: textOnly(html), blockedRemote: 0, links: [], tooComplex: true };
  }
  return { html: clean, ...rules.result(), tooComplex: false };
}

/** Our only stylesheet in the frame: readable defaults that a mail's inline styles override. */
const FRAME_STYLE = [
  'html{color-scheme:light}',
  'body{margin:0;padding:12px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;overflow-wrap:break-word}',
  'img{max-width:100%;height:auto}',
  'pre{white-space:pre-wrap}',
  'blockquote{margin:0 0 0 .8em;padding-left:.8em;border-left:3px solid #c8ccd1;color:#4b5159}',
  'a[href]{color:#0b57d0}',
].join('');

/**
 * The whole document for the frame (response body or `srcdoc`) around a sanitised body. The
 * body must come from `sanitizeMailHtml` (or `textToHtml`): it is inserted as is. The referrer
 * meta repeats the `Referrer-Policy: no-referrer` header for the `srcdoc` case, which has no
 * headers of its own.
 */
export function wrapForFrame(sanitizedBody: string): string {
  return '<!DOCTYPE html><html><head><meta charset="utf-8">'
    + '<meta name="referrer" content="no-referrer">'
    + `<style>${FRAME_STYLE}</style></head><body>${sanitizedBody}</body></html>`;
}
