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

/** A piece of markup: text, or text already encoded to UTF-8 (see `encoded`). */
type Chunk = string | Buffer;

let trust: (markup: string | readonly Chunk[]) => SafeHtml;
let markupOf: (safe: SafeHtml) => string | readonly Chunk[];

/**
 * Markup that is safe to send as is. The private field makes the type nominal: a plain string or
 * a look-alike object does not type-check where `SafeHtml` is expected, and `instanceof` is the
 * only runtime test `html` needs. Only `html`, `raw` and `encoded` create one.
 *
 * Usually one string. Markup that holds `encoded` fragments is kept as a list of pieces, so
 * those fragments reach the socket without being encoded again (`chunks`).
 */
export class SafeHtml {
  readonly #markup: string | readonly Chunk[];

  private constructor(markup: string | readonly Chunk[]) {
    this.#markup = markup;
  }

  static {
    trust = (markup) => new SafeHtml(markup);
    markupOf = (safe) => safe.#markup;
  }

  /** The markup as one string (Express would send an object as JSON). */
  toString(): string {
    const markup = this.#markup;
    if (typeof markup === 'string') return markup;
    return markup.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.toString('utf8'))).join('');
  }

  /** The markup in pieces to send: text to encode, and fragments already encoded. */
  chunks(): readonly Chunk[] {
    const markup = this.#markup;
    return typeof markup === 'string' ? [markup] : markup;
  }
}

/**
 * The same markup, encoded to UTF-8 once: for fragments that are kept and sent many times. A
 * list page is fifty kept rows, and encoding its 50 KB again for each request was 6 % of the
 * webmail thread's time.
 */
export function encoded(markup: SafeHtml): SafeHtml {
  return trust([Buffer.from(markup.toString())]);
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

/** Builds what `html` returns: one string, unless a value brings encoded fragments. */
class MarkupBuilder {
  text = '';
  pieces: Chunk[] | null = null;

  add(value: HtmlValue): void {
    if (value === null || value === undefined || value === false) return;
    if (value instanceof SafeHtml) {
      const markup = markupOf(value);
      if (typeof markup === 'string') this.text += markup;
      else this.addPieces(markup);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value as readonly HtmlValue[]) this.add(item);
      return;
    }
    this.text += escapeHtml(String(value));
  }

  private addPieces(pieces: readonly Chunk[]): void {
    this.pieces ??= [];
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        this.text += piece;
        continue;
      }
      if (this.text) this.pieces.push(this.text);
      this.text = '';
      this.pieces.push(piece);
    }
  }

  done(): SafeHtml {
    if (!this.pieces) return trust(this.text);
    if (this.text) this.pieces.push(this.text);
    return trust(this.pieces);
  }
}

/** Tagged template: the literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  const builder = new MarkupBuilder();
  builder.text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    builder.add(values[i]);
    builder.text += strings[i + 1] ?? '';
  }
  return builder.done();
}
