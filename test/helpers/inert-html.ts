/**
 * Test oracle for sanitised mail HTML, written independently of the sanitizer: a small scanner
 * that lists everything in the markup that could run, navigate somewhere we did not allow, or
 * load from the network. It relies on one property the output must have anyway: every literal
 * `<` starts a well-formed tag with quoted attributes, so text never hides markup.
 */

/** Elements the oracle accepts; anything else in the output is reported. */
const SAFE_TAGS = new Set([
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt',
  'ruby', 's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([^\s=>"'/]+)(?:="([^"]*)")?/g;
const DANGEROUS_NAME = /^(on|hx-|data-|formaction$|srcdoc$|xlink:|xmlns|background$|srcset$|ping$|action$|poster$)/i;
const LINK_HREF = /^(https?:\/\/|mailto:)/;
const DANGEROUS_TEXT = /javascript:|vbscript:|data:text|data:image\/svg|livescript:/i;
const DANGEROUS_CSS = /url\s*\(|expression|@import|javascript:|\\|behavior|binding|(^|[;\s])position\s*:|image-set|var\(|attr\(/i;

function decode(value: string): string {
  return value
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface InertOptions {
  /** Image sources that may appear besides `data:image/…;base64,`: the cid endpoint, remote. */
  imageSource?: RegExp;
}

/** Everything wrong with the markup; an empty list means inert. */
export function problems(html: string, opts: InertOptions = {}): string[] {
  const found: string[] = [];
  const imageSource = opts.imageSource ?? /^\/att\//;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    TAG.lastIndex = at;
    const tag = TAG.exec(html);
    if (tag === null) {
      found.push(`unescaped < at ${at}: ${JSON.stringify(html.slice(at, at + 40))}`);
      continue;
    }
    const [whole, closing, rawName, attributes] = tag;
    const name = (rawName ?? '').toLowerCase();
    if (!SAFE_TAGS.has(name)) found.push(`element <${name}>`);
    if (closing === '/' && attributes !== '') found.push(`attributes on </${name}>`);
    for (const attribute of (attributes ?? '').matchAll(ATTRIBUTE)) {
      const attributeName = (attribute[1] ?? '').toLowerCase();
      const value = decode(attribute[2] ?? '');
      if (DANGEROUS_NAME.test(attributeName)) found.push(`attribute ${attributeName} on <${name}>`);
      if (DANGEROUS_TEXT.test(value)) found.push(`dangerous value in ${attributeName}: ${value.slice(0, 60)}`);
      if (attributeName === 'href' && !LINK_HREF.test(value)) found.push(`href ${value.slice(0, 60)}`);
      if (attributeName === 'href' && name !== 'a') found.push(`href on <${name}>`);
      if (attributeName === 'src') {
        const allowed = /^data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/]*={0,2}$/.test(value) || imageSource.test(value);
        if (!allowed || name !== 'img') found.push(`src ${value.slice(0, 60)} on <${name}>`);
      }
      if (attributeName === 'style' && DANGEROUS_CSS.test(value)) found.push(`style ${value.slice(0, 60)}`);
    }
    if (name === 'a' && /\shref="/.test(attributes ?? '')) {
      const attrs = attributes ?? '';
      if (!/\starget="_blank"/.test(attrs) || !/\srel="noopener noreferrer"/.test(attrs) || !/\stitle="/.test(attrs)) {
        found.push(`link without target, rel or title: ${whole}`);
      }
    }
  }
  return found;
}
