import { describe, expect, it } from 'vitest';
import { MAX_LINK_CHARS } from '../../../src/web/mail-render/safe-url.js';
import { MAX_QUOTE_DEPTH, textToHtml } from '../../../src/web/mail-render/text-to-html.js';
import { problems } from '../../helpers/inert-html.js';

const link = (href: string, text = href): string =>
  `<a href="${href}" title="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

describe('textToHtml escaping and line breaks', () => {
  it('escapes every character that could be markup', () => {
    expect(textToHtml(`<script>alert("x")</script> & 'q'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  });

  it('keeps line breaks as newlines and spaces as they are, for white-space: pre-wrap', () => {
    expect(textToHtml('Bonjour,\r\n\r\n  Cordialement\rFin\n')).toBe('Bonjour,\n\n  Cordialement\nFin\n');
  });

  it('keeps an empty text empty', () => {
    expect(textToHtml('')).toBe('');
  });
});

describe('textToHtml links', () => {
  it('links http, https and mailto URLs', () => {
    expect(textToHtml('Voir https://www.ac-paris.fr/page?a=1&b=2 ou http://x.example ou mailto:ce.dpe@ac-clermont.fr'))
      .toBe(`Voir ${link('https://www.ac-paris.fr/page?a=1&amp;b=2')} ou ${link('http://x.example/', 'http://x.example')} ou ${link('mailto:ce.dpe@ac-clermont.fr')}`);
  });

  it('builds the href from the parsed URL: case, punycode and percent-encoding normalised', () => {
    expect(textToHtml('HTTPS://Exemple.FR/é')).toBe(link('https://exemple.fr/%C3%A9', 'HTTPS://Exemple.FR/é'));
    expect(textToHtml('https://аc-paris.fr/')).toBe(link('https://xn--c-paris-1fg.fr/', 'https://аc-paris.fr/'));
  });

  it('leaves trailing punctuation out of the link', () => {
    for (const end of ['.', ',', ';', ':', '!', '?', "'", '...', '!?']) {
      expect(textToHtml(`https://a.example/x${end}`)).toBe(`${link('https://a.example/x')}${end.replace("'", '&#39;')}`);
    }
  });

  it('leaves out a closing bracket the URL did not open, keeps one it did', () => {
    expect(textToHtml('(voir https://a.example/x).')).toBe(`(voir ${link('https://a.example/x')}).`);
    expect(textToHtml('https://fr.wikipedia.org/wiki/Lyon_(ville).'))
      .toBe(`${link('https://fr.wikipedia.org/wiki/Lyon_(ville)')}.`);
    expect(textToHtml('[https://a.example/x]')).toBe(`[${link('https://a.example/x')}]`);
  });

  it('ends a URL at angle brackets and quotes, as in <https://…>', () => {
    expect(textToHtml('<https://a.example/x>')).toBe(`&lt;${link('https://a.example/x')}&gt;`);
    expect(textToHtml('"https://a.example/x"')).toBe(`&quot;${link('https://a.example/x')}&quot;`);
  });

  it('cannot be broken out of with quotes or angle brackets in the URL', () => {
    const out = textToHtml('https://a.example/"onmouseover="alert(1) https://a.example/<script>');
    expect(out).toBe(`${link('https://a.example/')}&quot;onmouseover=&quot;alert(1) ${link('https://a.example/')}&lt;script&gt;`);
    expect(problems(out)).toEqual([]);
  });

  it('links only the http URL inside a javascript: string', () => {
    expect(textToHtml('javascript:alert(1)//http://a.example/')).toBe(`javascript:alert(1)//${link('http://a.example/')}`);
  });

  it('never links javascript:, vbscript: or data: URLs', () => {
    const out = textToHtml('javascript:alert(1) JAVASCRIPT://x%0aalert(1) vbscript:x data:text/html,<b>');
    expect(out).not.toContain('<a');
    expect(out).toBe('javascript:alert(1) JAVASCRIPT://x%0aalert(1) vbscript:x data:text/html,&lt;b&gt;');
  });

  it('does not link a scheme glued to a word, a bare scheme, credentials or a mailto without address', () => {
    expect(textToHtml('xhttps://evil.example https:// https://a.example@evil.example/ mailto:personne'))
      .toBe('xhttps://evil.example https:// https://a.example@evil.example/ mailto:personne');
  });

  it('links several URLs in one line', () => {
    expect(textToHtml('https://a.example/x), https://b.example/ et https://c.example/'))
      .toBe(`${link('https://a.example/x')}), ${link('https://b.example/')} et ${link('https://c.example/')}`);
  });

  it(`leaves as text a URL longer than MAX_LINK_CHARS (${MAX_LINK_CHARS})`, () => {
    const base = 'https://a.example/';
    const fits = base + 'x'.repeat(MAX_LINK_CHARS - base.length);
    expect(textToHtml(fits)).toBe(link(fits));
    expect(textToHtml(fits + 'x')).toBe(fits + 'x');
  });
});

describe('textToHtml quotes', () => {
  it('renders > quote levels as nested blockquotes, without newlines at block edges', () => {
    expect(textToHtml('Réponse\n> cité\n>> plus ancien\n> > aussi ancien\n> retour\nFin'))
      .toBe('Réponse<blockquote>cité<blockquote>plus ancien\naussi ancien</blockquote>retour</blockquote>Fin');
  });

  it('removes one space after each > and keeps further indentation', () => {
    expect(textToHtml('>   code\n>sans espace')).toBe('<blockquote>  code\nsans espace</blockquote>');
  });

  it('closes every open quote at the end', () => {
    expect(textToHtml('>>> a')).toBe('<blockquote><blockquote><blockquote>a</blockquote></blockquote></blockquote>');
  });

  it('treats > inside a line as text', () => {
    expect(textToHtml('a > b')).toBe('a &gt; b');
  });

  it('links URLs inside quotes', () => {
    expect(textToHtml('> https://a.example/')).toBe(`<blockquote>${link('https://a.example/')}</blockquote>`);
  });

  it(`draws at most MAX_QUOTE_DEPTH (${MAX_QUOTE_DEPTH}) levels`, () => {
    const open = '<blockquote>'.repeat(MAX_QUOTE_DEPTH);
    const close = '</blockquote>'.repeat(MAX_QUOTE_DEPTH);
    expect(textToHtml('>'.repeat(MAX_QUOTE_DEPTH) + ' a')).toBe(`${open}a${close}`);
    expect(textToHtml('>'.repeat(MAX_QUOTE_DEPTH + 5) + ' a')).toBe(`${open}a${close}`);
  });
});

describe('textToHtml on hostile input', () => {
  it('handles 100,000 > characters on one line', () => {
    const out = textToHtml('>'.repeat(100_000) + 'x');
    expect(out).toBe('<blockquote>'.repeat(MAX_QUOTE_DEPTH) + 'x' + '</blockquote>'.repeat(MAX_QUOTE_DEPTH));
  });

  it('handles 100,000 > characters after text', () => {
    expect(textToHtml('x' + '>'.repeat(100_000))).toBe('x' + '&gt;'.repeat(100_000));
  });

  it('handles 100,000 lines alternating quote depths', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? '>>>a' : 'b'));
    const out = textToHtml(lines.join('\n'));
    expect(out.split('<blockquote>').length - 1).toBe(150_000);
    expect(out.split('</blockquote>').length - 1).toBe(150_000);
  });

  it('handles a 5 MB line without spaces', () => {
    const line = 'a'.repeat(5 * 1024 * 1024);
    expect(textToHtml(line)).toBe(line);
  });

  it('handles a 5 MB URL without spaces, left as text', () => {
    const line = 'https://a.example/' + 'a'.repeat(5 * 1024 * 1024);
    expect(textToHtml(line)).toBe(line);
  });

  it('handles 5 MB of scheme fragments that never make a URL', () => {
    const line = 'http:'.repeat(1024 * 1024);
    expect(textToHtml(line)).toBe(line);
  });

  it('handles 5 MB of URLs glued together', () => {
    const line = 'https://a.example/'.repeat(300_000);
    expect(textToHtml(line)).toBe(line); // one candidate, far longer than a link may be
  });

  it('handles a URL followed by a million closing brackets', () => {
    const out = textToHtml('https://a.example/x' + ')'.repeat(1_000_000));
    expect(out).toBe(link('https://a.example/x') + ')'.repeat(1_000_000));
  });

  it('handles 5 MB of markup characters', () => {
    const out = textToHtml('<&>"\''.repeat(1024 * 1024));
    expect(out).toBe('&lt;&amp;&gt;&quot;&#39;'.repeat(1024 * 1024));
  });

  it('produces nothing executable from a mix of hostile lines', () => {
    const out = textToHtml([
      '<img src=x onerror=alert(1)>',
      '> <script>alert(1)</script>',
      'https://a.example/?q=<svg/onload=alert(1)>',
      'mailto:a@b.example?subject="><script>',
      'javascript:alert(1)//http://a.example/',
    ].join('\n'));
    expect(problems(out)).toEqual([]);
  });
});
