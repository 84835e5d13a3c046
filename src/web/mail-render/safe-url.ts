/**
 * Which URLs a received mail may link to, decided once for both HTML and plain-text bodies.
 *
 * The answer is a parsed `URL` and callers emit `url.href`: the WHATWG serialisation is what the
 * browser will navigate to, so what we checked, what we show in the title and what runs are the
 * same string (no second parse by the browser can see another scheme).
 */

/** Schemes a link in a mail may use. Relative URLs are refused: in the frame they would resolve
 * against the webmail's own origin and turn a mail into a request to our routes. */
const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Longest link we keep, in characters. Real tracking links stay well under it; beyond it a URL
 * is more likely to hide its destination than to be read, and it keeps attributes bounded. */
export const MAX_LINK_CHARS = 4096;

// WHATWG URL parsing removes these anywhere (tab, LF, CR) and trims C0 controls and spaces at both
// ends, which is how `java\tscript:` becomes `javascript:`. We do the same before looking at a
// scheme ourselves (`cid:`, `data:`), so our view and the browser's agree.
const URL_IGNORED = /[\t\n\r]/g;
const URL_TRIMMED = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/** The URL string as the browser's URL parser sees it before parsing. */
export function cleanUrl(value: string): string {
  return value.replace(URL_IGNORED, '').replace(URL_TRIMMED, '');
}

/**
 * An absolute http, https or mailto URL, or null. Refuses credentials (`https://bank.fr@evil.example`
 * shows one host and goes to another; nothing legitimate in mail needs them) and mailto without an
 * address.
 */
export function parseLinkUrl(value: string): URL | null {
  const cleaned = cleanUrl(value);
  if (cleaned.length === 0 || cleaned.length > MAX_LINK_CHARS) return null;
  let url: URL;
  try {
    url = new URL(cleaned); // no base: relative and protocol-relative URLs throw
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'mailto:') {
    if (url.pathname === '' || !url.pathname.includes('@')) return null;
  } else if (url.hostname === '') {
    return null;
  }
  if (url.href.length > MAX_LINK_CHARS) return null; // percent-encoding can grow it
  return url;
}
