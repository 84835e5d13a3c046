/**
 * Filters a mail's inline `style` attribute down to presentation that cannot fetch, run or
 * escape its box: an allowlist of properties, an allowlist of characters and CSS functions in
 * values, and a short list of keyword-only properties (display, float…).
 *
 * Why our own small filter rather than a full CSS parser: a declaration list in a `style`
 * attribute only needs splitting on top-level `;`, and anything our scanner finds ambiguous
 * (unbalanced quotes or brackets, backslash escapes, comments left open) is dropped rather than
 * interpreted, so the browser's CSS parser can never see a declaration we did not check.
 */

/** Properties a mail may set. No `position` (overlays that mimic our interface), no `content`,
 * no `background-image`/`list-style-image`/`cursor` (URLs), no `behavior`/`-moz-binding`. */
const ALLOWED_PROPERTIES: ReadonlySet<string> = new Set([
  'color', 'background', 'background-color',
  'font', 'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant',
  'text-align', 'text-decoration', 'text-indent', 'text-transform',
  'letter-spacing', 'word-spacing', 'white-space', 'word-break', 'word-wrap', 'overflow-wrap',
  'line-height', 'vertical-align',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-color', 'border-style', 'border-width', 'border-radius',
  'border-collapse', 'border-spacing',
  ...['top', 'right', 'bottom', 'left'].flatMap((side) => [
    `border-${side}`, `border-${side}-color`, `border-${side}-style`, `border-${side}-width`,
  ]),
  'width', 'height', 'max-width', 'min-width', 'max-height', 'min-height',
  'display', 'float', 'clear', 'overflow', 'visibility', 'direction',
  'list-style', 'list-style-type', 'list-style-position',
  'table-layout', 'caption-side', 'empty-cells',
]);

/** Properties whose value must be one keyword. `display: none` stays because newsletters hide
 * their preheader with it; hiding text inside the isolated frame cannot touch our interface. */
const KEYWORD_PROPERTIES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['display', new Set(['none', 'block', 'inline', 'inline-block', 'table', 'table-row', 'table-cell', 'list-item'])],
  ['float', new Set(['left', 'right', 'none'])],
  ['clear', new Set(['left', 'right', 'both', 'none'])],
  ['overflow', new Set(['visible', 'hidden', 'auto'])],
  ['visibility', new Set(['visible', 'hidden'])],
  ['direction', new Set(['ltr', 'rtl'])],
]);

/** CSS functions a value may call: colours and arithmetic. Everything else is refused, which is
 * how `url()`, `image-set()`, `expression()`, `attr()`, `var()` and `env()` are kept out. */
const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc']);

/** Longest `style` attribute we look at, in characters; real inline styles are a few hundred. */
export const MAX_STYLE_CHARS = 4096;
/** Longest single value we keep; the longest honest ones are font-family fallback lists. */
export const MAX_STYLE_VALUE_CHARS = 512;

// Letters (any script: font names), digits, spaces and the punctuation that lengths, colours,
// font lists and rgb()/calc() need. No `\` (escapes spell `url(` as `\75rl(`), no `:` (schemes),
// no `@`, `;`, `{`, `}`, `<`, `>`, `&`, `*`.
const VALUE_CHARACTERS = /^[\p{L}\p{N} #%.,'"()+\-_!/]*$/u;
// Belt and braces on top of the character and function allowlists: the brief's named dangers.
const FORBIDDEN_IN_VALUE = /url\s*\(|expression|@import|javascript:|\\|behavior|-moz-binding/i;
const IMPORTANT = /\s*!\s*important$/i;
const FUNCTION_NAME_CHAR = /[a-z-]/i;

/** The style attribute with comments removed; null when a comment is left open (drop it all). */
function stripComments(style: string): string | null {
  let out = '';
  let from = 0;
  for (;;) {
    const open = style.indexOf('/*', from);
    if (open === -1) return out + style.slice(from);
    const close = style.indexOf('*/', open + 2);
    if (close === -1) return null;
    out += style.slice(from, open) + ' '; // CSS: a comment separates tokens
    from = close + 2;
  }
}

/** Splits on `;` outside quotes and parentheses; null when quotes or brackets do not balance. */
function splitDeclarations(style: string): string[] | null {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let from = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\n' || c === '\r' || c === '\f') return null; // CSS: a newline ends a string badly
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      if (--depth < 0) return null;
    } else if (c === ';' && depth === 0) {
      parts.push(style.slice(from, i));
      from = i + 1;
    }
  }
  if (quote !== '' || depth !== 0) return null;
  parts.push(style.slice(from));
  return parts;
}

/** True when every `(` follows an allowed function name. */
function functionsAllowed(value: string): boolean {
  for (let open = value.indexOf('('); open !== -1; open = value.indexOf('(', open + 1)) {
    let start = open;
    while (start > 0 && FUNCTION_NAME_CHAR.test(value[start - 1] ?? '')) start--;
    if (!ALLOWED_FUNCTIONS.has(value.slice(start, open).toLowerCase())) return false;
  }
  return true;
}

/** One `property: value` checked and normalised, or null to drop it. */
function filterDeclaration(declaration: string): string | null {
  const colon = declaration.indexOf(':');
  if (colon === -1) return null;
  const property = declaration.slice(0, colon).trim().toLowerCase();
  if (!ALLOWED_PROPERTIES.has(property)) return null;
  let value = declaration.slice(colon + 1).replace(/\s+/g, ' ').trim();
  const important = IMPORTANT.test(value);
  if (important) value = value.replace(IMPORTANT, '');
  if (value === '' || value.length > MAX_STYLE_VALUE_CHARS) return null;
  if (!VALUE_CHARACTERS.test(value) || FORBIDDEN_IN_VALUE.test(value)) return null;
  if (value.includes('!')) return null; // only the `!important` we removed may use it
  if (!functionsAllowed(value)) return null;
  const keywords = KEYWORD_PROPERTIES.get(property);
  if (keywords !== undefined) {
    value = value.toLowerCase();
    if (!keywords.has(value)) return null;
  }
  return `${property}: ${value}${important ? ' !important' : ''}`;
}

/** The allowed declarations of a `style` attribute, re-serialised; '' when none survive. */
export function filterInlineStyle(style: string): string {
  if (style.length > MAX_STYLE_CHARS) return '';
  const withoutComments = stripComments(style);
  if (withoutComments === null) return '';
  const declarations = splitDeclarations(withoutComments);
  if (declarations === null) return '';
  const kept: string[] = [];
  for (const declaration of declarations) {
    const filtered = filterDeclaration(declaration);
    if (filtered !== null) kept.push(filtered);
  }
  return kept.join('; ');
}
