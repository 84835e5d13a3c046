/**
 * A bulletin's body as the author gave it (plain text, Markdown or HTML) turned into what the
 * message carries: the HTML cleaned as received mail is before it is stored (no script, style,
 * form, frame or event handler, only http(s) and mailto links) and a plain-text version.
 * Readers show it again through the webmail's own sanitiser, in its sandboxed frame.
 */
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export type BodyFormat = 'text' | 'markdown' | 'html';

export interface BodySource {
  format: BodyFormat;
  source: string;
}

export interface MessageBody {
  text: string;
  /** Null for a plain-text bulletin. */
  html: string | null;
}

/** A bulletin is read by everyone: 1 Mo of text is already a booklet. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {
  override name = 'BodyError';
}

/** The format a file's name says (`.md`, `.html`), or what its first characters look like. */
export function formatOf(fileName: string, source: string): BodyFormat {
  const lower = fileName.toLowerCase();
  if (/\.(md|markdown)$/.test(lower)) return 'markdown';
  if (/\.html?$/.test(lower)) return 'html';
  if (/\.txt$/.test(lower)) return 'text';
  return /^\s*<(!doctype|html|body|div|p|table|h[1-6])\b/i.test(source) ? 'html' : 'text';
}

const KEPT_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'dd', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 'q', 's', 'small',
  'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul',
];

function cleanHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: KEPT_TAGS,
    allowedAttributes: {
      '*': ['style', 'title', 'lang', 'dir'],
      a: ['href'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align', 'scope'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowProtocolRelative: false,
    // Dropped with everything inside, not turned into text.
    nonTextTags: ['script', 'style', 'title', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'],
  });
}

/** The text a reader of the HTML sees, for the plain-text version. */
function textOf(html: string): string {
  const spaced = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table|ul|ol)>/gi, '\n\n')
    .replace(/<li\b[^>]*>/gi, '• ');
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** The message body of `body`; throws BodyError when it is empty or too long. */
export function messageBody(body: BodySource): MessageBody {
  if (Buffer.byteLength(body.source, 'utf8') > MAX_BODY_BYTES) {
    throw new BodyError(`Texte trop long : au plus ${MAX_BODY_BYTES / 1024 / 1024} Mo.`);
  }
  const source = body.source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.format === 'text') {
    const text = source.trim();
    if (text === '') throw new BodyError('Le texte est vide.');
    return { text, html: null };
  }
  const html = cleanHtml(body.format === 'markdown' ? (marked.parse(source, { async: false }) as string) : source).trim();
  const text = textOf(html);
  if (text === '' && !/<img\b/i.test(html)) throw new BodyError('Le texte est vide.');
  return { text, html };
}
