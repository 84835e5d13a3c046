/**
 * The text a reply or a forward starts with: the parent's body quoted with `> ` (RFC 3676 4.5
 * quote marks) under a French attribution line, or, for a forward, under a header block
 * (« -------- Message transféré -------- »). HTML-only parents are turned into text first.
 */
import sanitizeHtml from 'sanitize-html';
import { formatLongDate } from '../views/format.js';

/** Quoted text kept at most: a reply quoting a 2 MB newsletter helps no one. */
export const MAX_QUOTED_CHARS = 200_000;

export interface QuotedPerson {
  name: string;
  address: string;
}

function person(p: QuotedPerson): string {
  return p.name ? `${p.name} <${p.address}>` : p.address;
}

// Block-level ends become line breaks before the tags go.
const BLOCK_END = /<\/(?:p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol)>/gi;
const LINE_BREAK = /<br\s*\/?>/gi;
const LIST_ITEM = /<li>/gi;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': '\u00a0' };

/**
 * A readable text version of an HTML body, for quoting: paragraphs and line breaks kept, list
 * items dashed, everything else (scripts, styles, attributes, images) gone.
 */
export function htmlToText(html: string): string {
  // sanitize-html parses properly (comments, entities, broken markup) and keeps only the block
  // tags we turn into line breaks; its output escapes the text, which we undo at the end.
  const blocks = sanitizeHtml(html.slice(0, MAX_QUOTED_CHARS * 4), {
    allowedTags: ['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol'],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'title', 'textarea', 'option', 'noscript', 'head'],
  });
  return blocks
    .replace(LINE_BREAK, '\n')
    .replace(BLOCK_END, '\n')
    .replace(LIST_ITEM, '- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The parent's text: its plain part, or its HTML part made text. */
export function bodyAsText(texts: ReadonlyArray<{ kind: 'plain' | 'html'; text: string }>): string {
  const plain = texts.filter((t) => t.kind === 'plain').map((t) => t.text);
  const text = plain.length > 0 ? plain.join('\n\n') : texts.map((t) => htmlToText(t.text)).join('\n\n');
  return text.replace(/\r\n?/g, '\n').slice(0, MAX_QUOTED_CHARS);
}

/** Every line prefixed with `> ` (or `>` before an existing quote mark, RFC 3676 4.5). */
export function quoteLines(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** « Le mardi 12 mars 2024 à 14:05, Marc Lefèvre <marc…> a écrit : » then the quote. */
export function replyBody(parent: { from: QuotedPerson | null; date: Date | null; text: string }): string {
  const who = parent.from ? person(parent.from) : 'l’expéditeur';
  const when = parent.date ? `Le ${formatLongDate(parent.date)}, ` : '';
  return `${when}${who} a écrit :\n${quoteLines(parent.text)}\n`;
}

/** The forwarded message's header block and text, as French clients write it. */
export function forwardBody(parent: {
  subject: string;
  from: readonly QuotedPerson[];
  to: readonly QuotedPerson[];
  cc: readonly QuotedPerson[];
  date: Date | null;
  text: string;
}): string {
  const lines = ['-------- Message transféré --------', `Objet : ${parent.subject}`];
  if (parent.date) lines.push(`Date : ${formatLongDate(parent.date)}`);
  if (parent.from.length > 0) lines.push(`De : ${parent.from.map(person).join(', ')}`);
  if (parent.to.length > 0) lines.push(`À : ${parent.to.map(person).join(', ')}`);
  if (parent.cc.length > 0) lines.push(`Cc : ${parent.cc.map(person).join(', ')}`);
  return `${lines.join('\n')}\n\n${parent.text.replace(/\s+$/, '')}\n`;
}

/** RFC 3676 4.3: the signature separator is « -- » and a space on its own line. */
export function withSignature(body: string, signature: string): string {
  const clean = signature.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  return clean ? `${body}\n\n-- \n${clean}\n` : body;
}
