/**
 * The webmail's view layer: an escaping tagged template. Every interpolated value is escaped
 * unless it is already `SafeHtml` (built by `html` or `raw`), so forgetting to escape is not
 * possible, only choosing not to (with a visible `raw()`).
 *
 * Escaping makes a value safe as element text and as a QUOTED attribute value. It does not make a
 * string a safe URL (`href="${url}"` with `javascript:` still runs): validate URLs first
 * (`parseLinkUrl` in `safe-url.ts`). Never interpolate into an unquoted attribute, a `<script>`,
 * a `<style>` or an event-handler attribute.
 */

/** What `html` accepts: text and numbers (escaped), `SafeHtml` (kept), lists (joined), and
 * nothing (`null`, `undefined`, `false`, so `${cond && html`…`}` works). `true` is left out on
 * purpose: printing "true" is always a mistake. */
export type HtmlValue = string | number | bigint | SafeHtml | null | undefined | false | readonly HtmlValue[];

let trust: (markup: string) => SafeHtml;

/**
 * Markup that is safe to send as is. The private field makes the type nominal: a plain string or
 * a look-alike object does not type-check where `SafeHtml` is expected, and `instanceof` is the
 * only runtime test `html` needs. Only `html` and `raw` create one.
 */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  static {
    trust = (markup) => new SafeHtml(markup);
  }

  /** The markup; Express needs `res.send(page.toString())`, since it would send an object as JSON. */
  toString(): string {
    return this.#markup;
  }
}

/** Trusted markup, kept as is. Every call is a place where a reviewer must see why it is safe. */
export function raw(markup: string): SafeHtml {
  return trust(markup);
}

// The five characters that can end text or a quoted attribute value, or start a tag or entity.
const ESCAPABLE = /[&<>"']/;

/** Escapes `& < > " '` so the text can be element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  const first = text.search(ESCAPABLE);
  if (first === -1) return text; // the common case: no copy at all
  let out = text.slice(0, first);
  let from = first;
  for (let i = first; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 0x26: entity = '&amp;'; break;
      case 0x3c: entity = '&lt;'; break;
      case 0x3e: entity = '&gt;'; break;
      case 0x22: entity = '&quot;'; break;
      case 0x27: entity = '&#39;'; break;
      default: continue;
    }
    if (from !== i) out += text.slice(from, i);
    out += entity;
    from = i + 1;
  }
  return from < text.length ? out + text.slice(from) : out;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value as readonly HtmlValue[]) out += render(item);
    return out;
  }
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]) + (strings[i + 1] ?? '');
  }
  return trust(out);
}
