import { describe, expect, it } from 'vitest';
import {
  MAX_DATA_IMAGE_CHARS, MAX_ELEMENTS, MAX_LINK_TEXT_CHARS, MAX_NESTING_DEPTH, MAX_OPEN_ELEMENTS, sanitizeMailHtml, wrapForFrame,
  type SanitizeMailOptions,
} from '../../../src/web/mail-render/sanitize-mail-html.js';
import { problems } from '../../helpers/inert-html.js';

const cidsSeen: string[] = [];
const KNOWN_CIDS = new Set(['logo@webmel.test', 'photo.jpg@01D9']);
const blocked: SanitizeMailOptions = {
  allowRemote: false,
  cidUrl: (cid) => {
    cidsSeen.push(cid);
    return KNOWN_CIDS.has(cid) ? `/att/${encodeURIComponent(cid)}` : null;
  },
};
const remoteAllowed: SanitizeMailOptions = { ...blocked, allowRemote: true };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('sanitizeMailHtml keeps benign mail', () => {
  it('keeps a table layout with its legacy attributes and inline colours', () => {
    const input = '<table width="600" cellpadding="4" cellspacing="0" border="0" bgcolor="#ffffff">'
      + '<tr><td align="center" valign="top" bgcolor="#ffeecc" colspan="2" '
      + 'style="color:#333333;font-family:Arial, sans-serif;padding:8px 12px;border-bottom:1px solid #ccc">'
      + 'Bonjour</td></tr></table>';
    expect(sanitizeMailHtml(input, blocked).html).toBe(
      '<table width="600" cellpadding="4" cellspacing="0" border="0" bgcolor="#ffffff">'
      + '<tr><td align="center" valign="top" bgcolor="#ffeecc" colspan="2" '
      + 'style="color: #333333; font-family: Arial, sans-serif; padding: 8px 12px; border-bottom: 1px solid #ccc">'
      + 'Bonjour</td></tr></table>',
    );
  });

  it('keeps text formatting, headings, lists, font and quotes', () => {
    const input = '<h2>Titre</h2><p><b>gras</b> <i>ital</i> <u>souligné</u> <font color="red" face="Arial" size="3">f</font></p>'
      + '<ul><li>un</li></ul><ol start="3"><li>trois</li></ol><blockquote>cité</blockquote><pre>  code</pre><hr><br>';
    expect(sanitizeMailHtml(input, blocked).html).toBe(
      '<h2>Titre</h2><p><b>gras</b> <i>ital</i> <u>souligné</u> <font color="red" face="Arial" size="3">f</font></p>'
      + '<ul><li>un</li></ul><ol start="3"><li>trois</li></ol><blockquote>cité</blockquote><pre>  code</pre><hr /><br />',
    );
  });

  it('opens links in a new tab without opener or referrer, titled with their real destination', () => {
    const out = sanitizeMailHtml('<a href="https://www.ac-paris.fr/page?a=1&amp;b=2">le site</a>', blocked);
    expect(out.html).toBe(
      '<a href="https://www.ac-paris.fr/page?a=1&amp;b=2" title="https://www.ac-paris.fr/page?a=1&amp;b=2" '
      + 'target="_blank" rel="noopener noreferrer">le site</a>',
    );
    expect(out.links).toEqual([{ href: 'https://www.ac-paris.fr/page?a=1&b=2', text: 'le site' }]);
  });

  it('replaces a title that claims another destination with the real one', () => {
    const out = sanitizeMailHtml('<a href="https://evil.example/login" title="https://www.ac-paris.fr/">https://www.ac-paris.fr/</a>', blocked);
    expect(out.html).toContain('title="https://evil.example/login"');
    expect(out.html).not.toContain('title="https://www.ac-paris.fr/"');
    expect(out.links).toEqual([{ href: 'https://evil.example/login', text: 'https://www.ac-paris.fr/' }]);
  });

  it('shows an internationalised host in punycode in the title', () => {
    const out = sanitizeMailHtml('<a href="https://аc-paris.fr/">ac-paris.fr</a>', blocked); // Cyrillic а
    expect(out.links[0]?.href).toBe('https://xn--c-paris-1fg.fr/');
    expect(out.html).toContain('title="https://xn--c-paris-1fg.fr/"');
  });

  it('keeps mailto links', () => {
    const out = sanitizeMailHtml('<a href="mailto:ce.0750001a@ac-paris.fr?subject=Gr%C3%A8ve">écrire</a>', blocked);
    expect(out.links).toEqual([{ href: 'mailto:ce.0750001a@ac-paris.fr?subject=Gr%C3%A8ve', text: 'écrire' }]);
  });

  it('refuses links with credentials, relative links and in-page anchors, keeping their text', () => {
    const out = sanitizeMailHtml(
      '<a href="https://www.ac-paris.fr@evil.example/">a</a><a href="/messages/1">b</a><a href="#top">c</a><a name="top">d</a>',
      blocked,
    );
    expect(out.html).toBe('<a>a</a><a>b</a><a>c</a><a>d</a>');
    expect(out.links).toEqual([]);
  });

  it('reports each link text with whitespace collapsed, nested markup included, at most MAX_LINK_TEXT_CHARS', () => {
    const long = 'x'.repeat(MAX_LINK_TEXT_CHARS + 50);
    const out = sanitizeMailHtml(`<a href="https://a.example/">  Voir\n <b>le   site</b> </a><a href="https://b.example/">${long}</a>`, blocked);
    expect(out.links).toEqual([
      { href: 'https://a.example/', text: 'Voir le site' },
      { href: 'https://b.example/', text: 'x'.repeat(MAX_LINK_TEXT_CHARS) },
    ]);
  });

  it('reports the text of a link left open at the end of the mail', () => {
    expect(sanitizeMailHtml('<a href="https://a.example/">ouvert', blocked).links).toEqual([{ href: 'https://a.example/', text: 'ouvert' }]);
  });
});

describe('sanitizeMailHtml images', () => {
  it('rewrites cid: images to our attachment URL, passing the decoded Content-ID without brackets', () => {
    cidsSeen.length = 0;
    const out = sanitizeMailHtml('<img src="cid:logo%40webmel.test" alt="Logo" width="120"><img src="CID:<photo.jpg@01D9>">', blocked);
    expect(cidsSeen).toEqual(['logo@webmel.test', 'photo.jpg@01D9']);
    expect(out.html).toBe('<img src="/att/logo%40webmel.test" alt="Logo" width="120" /><img src="/att/photo.jpg%4001D9" />');
    expect(out.blockedRemote).toBe(0);
  });

  it('removes a cid: image whose part the message does not have', () => {
    expect(sanitizeMailHtml('<p>a<img src="cid:missing@x" alt="manque">b</p>', blocked).html).toBe('<p>ab</p>');
  });

  it('keeps inline png, gif, jpeg and webp data images, normalised', () => {
    const out = sanitizeMailHtml(`<img src="DATA:image/PNG;base64,${PNG.slice(0, 20)}\n${PNG.slice(20)}">`, blocked);
    expect(out.html).toBe(`<img src="data:image/png;base64,${PNG}" />`);
    for (const type of ['gif', 'jpeg', 'webp']) {
      expect(sanitizeMailHtml(`<img src="data:image/${type};base64,AAAA">`, blocked).html).toBe(`<img src="data:image/${type};base64,AAAA" />`);
    }
  });

  it('removes data images that are SVG, not base64 or not valid base64', () => {
    const input = '<img src="data:image/svg+xml;base64,AAAA"><img src="data:image/png,rawbytes"><img src="data:image/png;base64,AA\'A">';
    expect(sanitizeMailHtml(input, blocked).html).toBe('');
  });

  it(`removes data images longer than MAX_DATA_IMAGE_CHARS (${MAX_DATA_IMAGE_CHARS})`, () => {
    const header = 'data:image/png;base64,';
    const fits = header + 'A'.repeat(MAX_DATA_IMAGE_CHARS - header.length);
    expect(sanitizeMailHtml(`<img src="${fits}">`, blocked).html).toBe(`<img src="${fits}" />`);
    expect(sanitizeMailHtml(`<img src="${fits}A">`, blocked).html).toBe('');
  });

  it('removes remote images and counts them when remote images are not allowed', () => {
    const input = '<p>a</p><img src="http://track.example/p.gif" width="1"><img src="https://cdn.example/x.png">'
      + '<img src="//cdn.example/y.png"><img src="\\\\cdn.example/z.png"><div><img src="https://cdn.example/w.png"><b>b</b></div>';
    const out = sanitizeMailHtml(input, blocked);
    expect(out.html).toBe('<p>a</p><div><b>b</b></div>');
    expect(out.blockedRemote).toBe(5);
  });

  it('keeps remote images without referrer once the reader allows them', () => {
    const out = sanitizeMailHtml('<img src="https://cdn.example/x.png" alt="x"><img src="//cdn.example/y.png">', remoteAllowed);
    expect(out.html).toBe(
      '<img src="https://cdn.example/x.png" alt="x" referrerpolicy="no-referrer" />'
      + '<img src="https://cdn.example/y.png" referrerpolicy="no-referrer" />',
    );
    expect(out.blockedRemote).toBe(0);
  });

  it('removes relative images without counting them, since they would load from the webmail itself', () => {
    const out = sanitizeMailHtml('<img src="/logout"><img src="images/a.png"><img>', remoteAllowed);
    expect(out).toEqual({ html: '', blockedRemote: 0, links: [], tooComplex: false });
  });
});

describe('sanitizeMailHtml document parts', () => {
  it('drops style elements with their content instead of showing it as text', () => {
    expect(sanitizeMailHtml('<style>p { color: red }</style><p>x</p>', blocked).html).toBe('<p>x</p>');
  });

  it('keeps only the body content of a full document', () => {
    const input = '<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Lettre</title>'
      + '<base href="https://evil.example/"><style>body{}</style></head><body bgcolor="#eee"><p>Corps</p></body></html>';
    expect(sanitizeMailHtml(input, blocked).html).toBe('<p>Corps</p>');
  });

  it('drops ids, classes and names that could only serve scripts or our own stylesheet', () => {
    expect(sanitizeMailHtml('<div id="app" class="btn" name="n" data-x="1">x</div>', blocked).html).toBe('<div>x</div>');
  });

  it('filters inline styles through the property allowlist', () => {
    const out = sanitizeMailHtml('<p style="color: red; position: absolute; display: none; background-image: url(x)">x</p>', blocked);
    expect(out.html).toBe('<p style="color: red; display: none">x</p>');
  });

  it(`drops tags nested deeper than MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH}) but keeps their text`, () => {
    const depth = MAX_OPEN_ELEMENTS;
    const out = sanitizeMailHtml('<div>'.repeat(depth) + 'fond' + '</div>'.repeat(depth), blocked);
    expect(out.tooComplex).toBe(false);
    expect(out.html.split('<div>').length - 1).toBe(MAX_NESTING_DEPTH);
    expect(out.html.split('</div>').length - 1).toBe(MAX_NESTING_DEPTH);
    expect(out.html).toContain('fond');
  });

  it(`shows only the text of markup nesting more than MAX_OPEN_ELEMENTS (${MAX_OPEN_ELEMENTS}) elements`, () => {
    const depth = MAX_OPEN_ELEMENTS + 1;
    const input = '<div onclick="x">'.repeat(depth) + 'fond &amp; <b>forme</b>' + '</div>'.repeat(depth);
    expect(sanitizeMailHtml(input, blocked)).toEqual({
      html: '<p>fond &amp;amp; forme</p>', blockedRemote: 0, links: [], tooComplex: true,
    });
  });

  it('counts open elements as the parser does, so void, implied and self-closed tags never add up', () => {
    const flat = '<p>a<br><img src="cid:x"><hr><li>b<svg><path/></svg><td>c</td></p></br>'.repeat(5000);
    const out = sanitizeMailHtml(flat + '<div>'.repeat(MAX_OPEN_ELEMENTS - 10) + 'fin', blocked);
    expect(out.tooComplex).toBe(false);
    expect(out.html).toContain('fin</div></div>');
  });

  it(`shows only the text of markup with more than MAX_ELEMENTS (${MAX_ELEMENTS}) elements`, () => {
    expect(sanitizeMailHtml('<br>'.repeat(MAX_ELEMENTS) + 'fin', blocked).tooComplex).toBe(false);
    const out = sanitizeMailHtml('<br>'.repeat(MAX_ELEMENTS + 1) + 'fin <script>x</script>', blocked);
    expect(out.tooComplex).toBe(true);
    expect(out.html).toBe('<p>fin x</p>');
    expect(problems(out.html)).toEqual([]);
  });

  it('gives up in time proportional to the input on stray closing tags under a deep stack', () => {
    // htmlparser2 searches its open elements for every closing tag: the depth bound keeps this linear.
    const out = sanitizeMailHtml('<div>'.repeat(MAX_OPEN_ELEMENTS - 1) + '</span>'.repeat(200_000) + 'fin', blocked);
    expect(out.tooComplex).toBe(false);
    expect(out.html).toContain('fin');
  });

  it('handles a large hostile document in one pass', () => {
    const chunk = '<p style="color:red" onclick="x">t<a href="javascript:x">l</a><img src="http://t.example/p"></p>';
    const out = sanitizeMailHtml(chunk.repeat(20_000), blocked);
    expect(out.tooComplex).toBe(false);
    expect(out.blockedRemote).toBe(20_000);
    expect(out.html).toBe('<p style="color: red">t<a>l</a></p>'.repeat(20_000));
    expect(problems(out.html)).toEqual([]);
  });

  it('keeps an empty body empty', () => {
    expect(sanitizeMailHtml('', blocked)).toEqual({ html: '', blockedRemote: 0, links: [], tooComplex: false });
  });
});

describe('wrapForFrame', () => {
  it('makes a complete UTF-8 document with a neutral stylesheet around the body', () => {
    const page = wrapForFrame('<p>x</p>');
    expect(page.startsWith('<!DOCTYPE html><html><head><meta charset="utf-8">')).toBe(true);
    expect(page).toContain('<meta name="referrer" content="no-referrer">');
    expect(page).toMatch(/<style>[^<]*img\{max-width:100%[^<]*<\/style><\/head>/);
    expect(page.endsWith('<body><p>x</p></body></html>')).toBe(true);
  });

  it('adds no script, no external resource and no URL of its own', () => {
    const page = wrapForFrame('');
    expect(page).not.toMatch(/<script|<link|url\(|@import|https?:/i);
  });
});
