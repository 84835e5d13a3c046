import { describe, expect, it } from 'vitest';
import { encoded, escapeHtml, html, raw, SafeHtml, type HtmlValue } from '../../../src/web/mail-render/escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can start markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('returns text without those characters unchanged', () => {
    const text = 'Réunion de rentrée, salle 12 — 9 h';
    expect(escapeHtml(text)).toBe(text);
  });

  it('escapes characters at both ends of the text', () => {
    expect(escapeHtml('<x>')).toBe('&lt;x&gt;');
    expect(escapeHtml('"')).toBe('&quot;');
  });
});

describe('html template', () => {
  it('escapes every interpolated string', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p>${name}</p>`.toString()).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('keeps a quoted attribute value inside its quotes', () => {
    const title = '" onmouseover="alert(1)';
    expect(html`<a title="${title}">x</a>`.toString()).toBe('<a title="&quot; onmouseover=&quot;alert(1)">x</a>');
    expect(html`<a title='${"' autofocus onfocus='x"}'>x</a>`.toString()).toBe("<a title='&#39; autofocus onfocus=&#39;x'>x</a>");
  });

  it('keeps raw() markup and nested templates as they are, without escaping twice', () => {
    const row = html`<td>${'a & b'}</td>`;
    expect(html`<tr>${row}${raw('<td>&nbsp;</td>')}</tr>`.toString()).toBe('<tr><td>a &amp; b</td><td>&nbsp;</td></tr>');
  });

  it('joins arrays, escaping each item unless it is SafeHtml, at any depth', () => {
    const items: HtmlValue[] = ['<b>', raw('<i>i</i>'), [html`<u>${'&'}</u>`, '"'], null];
    expect(html`<p>${items}</p>`.toString()).toBe('<p>&lt;b&gt;<i>i</i><u>&amp;</u>&quot;</p>');
  });

  it('renders null, undefined and false as nothing, and 0 as 0', () => {
    const hidden = false as boolean;
    expect(html`[${null}${undefined}${false}${hidden && html`<b>non</b>`}${0}${10n}]`.toString()).toBe('[010]');
  });

  it('returns SafeHtml, usable inside a template literal', () => {
    const page = html`<p>${'x'}</p>`;
    expect(page).toBeInstanceOf(SafeHtml);
    expect(`${page}`).toBe('<p>x</p>');
    expect(String(page)).toBe('<p>x</p>');
  });

  it('escapes an array of 100,000 rows', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => html`<li>${`<${i}>`}</li>`);
    const out = html`<ul>${rows}</ul>`.toString();
    expect(out.startsWith('<ul><li>&lt;0&gt;</li>')).toBe(true);
    expect(out.endsWith('<li>&lt;99999&gt;</li></ul>')).toBe(true);
  });

  it('refuses, at compile time, values that are not HTML values', () => {
    // Type-level checks: this function is compiled by `tsc -p tsconfig.check.json`, never run.
    const compileOnly = (): void => {
      // @ts-expect-error SafeHtml is only made by html`` and raw()
      new SafeHtml('<b>');
      // @ts-expect-error an object with toString is not SafeHtml
      html`${{ toString: () => '<b>' }}`;
      // @ts-expect-error true would print "true"
      html`${true}`;
      // @ts-expect-error a date must be formatted first
      html`${new Date()}`;
      // @ts-expect-error a string is not SafeHtml
      const safe: SafeHtml = '<b>';
      void safe;
    };
    expect(typeof compileOnly).toBe('function');
  });
});

describe('fragments kept encoded', () => {
  const bytes = (markup: SafeHtml) => Buffer.concat(markup.chunks().map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));

  it('send the same bytes as the same markup never encoded, escaping included', () => {
    const rows = (wrap: (row: SafeHtml) => SafeHtml) =>
      ['Réunion « rentrée » ☆', '<script>x</script>', '😀 & co'].map((subject) => wrap(html`<tr><td>${subject}</td></tr>`));
    const page = (wrap: (row: SafeHtml) => SafeHtml) => html`<table>${rows(wrap)}</table><p>${'fin <b>'}</p>`;
    const kept = page(encoded);
    const plain = page((row) => row);
    expect(kept.toString()).toBe(plain.toString());
    expect(bytes(kept).equals(Buffer.from(plain.toString()))).toBe(true);
    expect(plain.toString()).toContain('&lt;script&gt;');
  });

  it('reach the page as they are, not encoded again', () => {
    const row = encoded(html`<tr><td>é</td></tr>`);
    const page = html`<main>${html`<table>${[row, row]}</table>`}</main>`;
    const buffers = page.chunks().filter((c) => typeof c !== 'string');
    expect(buffers).toHaveLength(2);
    expect(buffers[0]).toBe(row.chunks()[0]);
    expect(page.chunks().filter((c) => typeof c === 'string')).toEqual(['<main><table>', '</table></main>']);
  });

  it('leave markup without them a single string', () => {
    expect(html`<p>${'a'}${html`<b>b</b>`}</p>`.chunks()).toEqual(['<p>a<b>b</b></p>']);
  });
});
