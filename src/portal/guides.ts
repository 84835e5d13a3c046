/**
 * « Les guides »: pages the administration writes in Markdown (procedures, reference texts,
 * calendars), listed by theme. Each is rendered once to HTML with a narrow allowlist (no
 * script, style, image or frame; http(s) and mailto links only), since it is shown in
 * I-Prof's own page and not in the sandboxed frame of a message.
 */
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Db } from '../db/database.js';
import { PortalError } from './portal-error.js';

/** A guide is a page, not a book. */
export const MAX_GUIDE_BYTES = 256 * 1024;
const MAX_TITLE_CHARS = 150;
const MAX_THEME_CHARS = 80;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Guide {
  slug: string;
  theme: string;
  title: string;
  markdown: string;
  updatedAt: number;
  updatedBy: string;
}

export interface GuideInput {
  theme: string;
  title: string;
  markdown: string;
  /** Made from the title when not given. */
  slug?: string;
}

/** The slug a title gives: lower case, accents dropped, words joined by hyphens. */
export function slugOf(title: string): string {
  return title.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '');
}

export class Guides {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      list: db.prepare(`SELECT slug, theme, title, '' AS markdown, updated_at AS updatedAt, updated_by AS updatedBy FROM portal_guides ORDER BY theme, title`),
      get: db.prepare(`SELECT slug, theme, title, markdown, updated_at AS updatedAt, updated_by AS updatedBy FROM portal_guides WHERE slug = ?`),
      upsert: db.prepare(
        `INSERT INTO portal_guides (slug, theme, title, markdown, updated_at, updated_by) VALUES (@slug, @theme, @title, @markdown, @at, @by)
         ON CONFLICT (slug) DO UPDATE SET theme = excluded.theme, title = excluded.title, markdown = excluded.markdown,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      remove: db.prepare(`DELETE FROM portal_guides WHERE slug = ?`),
    };
  }

  /** Every guide without its text, by theme then title. */
  list(): Guide[] {
    return this.stmt.list.all() as Guide[];
  }

  get(slug: string): Guide | null {
    return (this.stmt.get.get(slug) as Guide | undefined) ?? null;
  }

  /** Writes a guide (a new one, or the one with that slug again). */
  set(input: GuideInput, by: string, now = Date.now()): Guide {
    const title = input.title.trim();
    const theme = input.theme.trim();
    if (title === '' || title.length > MAX_TITLE_CHARS) throw new PortalError(`Le titre est obligatoire, ${MAX_TITLE_CHARS} caractères au plus.`);
    if (theme === '' || theme.length > MAX_THEME_CHARS) throw new PortalError(`Le thème est obligatoire, ${MAX_THEME_CHARS} caractères au plus.`);
    const markdown = input.markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    if (Buffer.byteLength(markdown, 'utf8') > MAX_GUIDE_BYTES) throw new PortalError(`Guide trop long : ${MAX_GUIDE_BYTES / 1024} Kio au plus.`);
    if (markdown.trim() === '') throw new PortalError('Le guide est vide.');
    const slug = input.slug?.trim() || slugOf(title);
    if (!SLUG.test(slug)) throw new PortalError(`Identifiant invalide « ${slug} » : lettres minuscules, chiffres et tirets (ex. mutations-intra).`);
    this.stmt.upsert.run({ slug, theme, title, markdown, at: now, by });
    return this.get(slug)!;
  }

  remove(slug: string): boolean {
    return this.stmt.remove.run(slug).changes > 0;
  }
}

/** The guide's HTML: its headings one level down (the page's title is the h1). */
export function guideHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(html, {
    allowedTags: ['a', 'abbr', 'b', 'blockquote', 'br', 'code', 'dd', 'dl', 'dt', 'em', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'li', 'ol', 'p', 'pre', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'],
    allowedAttributes: { a: ['href', 'rel'], th: ['scope'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'title', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template'],
    transformTags: {
      h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6',
      // A link out of the portal opens where the reader expects it, without handing over our page.
      a: (tagName, attribs) => ({ tagName, attribs: /^https?:/i.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs }),
    },
  }).trim();
}
