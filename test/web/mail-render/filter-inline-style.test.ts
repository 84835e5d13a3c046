import { describe, expect, it } from 'vitest';
import { filterInlineStyle, MAX_STYLE_CHARS, MAX_STYLE_VALUE_CHARS } from '../../../src/web/mail-render/filter-inline-style.js';

describe('filterInlineStyle', () => {
  it('keeps allowlisted presentation, normalised', () => {
    expect(filterInlineStyle('COLOR:#333;Background-Color: rgb(255, 238, 204) ;font-family:"Segoe UI", Arial, sans-serif;font-size:14px'))
      .toBe('color: #333; background-color: rgb(255, 238, 204); font-family: "Segoe UI", Arial, sans-serif; font-size: 14px');
    expect(filterInlineStyle('margin:0 auto;padding:8px 12px;border:1px solid #ccc;border-top-left-radius:4px;width:100%;max-width:600px'))
      .toBe('margin: 0 auto; padding: 8px 12px; border: 1px solid #ccc; width: 100%; max-width: 600px');
    expect(filterInlineStyle('text-align:center;line-height:1.4;vertical-align:top;list-style-type:disc;width:calc(100% - 20px)'))
      .toBe('text-align: center; line-height: 1.4; vertical-align: top; list-style-type: disc; width: calc(100% - 20px)');
  });

  it('keeps !important', () => {
    expect(filterInlineStyle('color: red !important')).toBe('color: red !important');
  });

  it('keeps fonts named in any script', () => {
    expect(filterInlineStyle("font-family: 'ＭＳ Ｐゴシック', Arial")).toBe("font-family: 'ＭＳ Ｐゴシック', Arial");
  });

  it('drops properties off the allowlist: position, content, cursor, background-image, behavior, -moz-binding', () => {
    expect(filterInlineStyle('position:fixed;top:0;z-index:9999;content:"x";cursor:pointer;color:red')).toBe('color: red');
    expect(filterInlineStyle('behavior:url(x.htc);-moz-binding:url(x.xml#b);background-image:linear-gradient(red, blue)')).toBe('');
  });

  it.each([
    ['url()', 'background: url(https://evil.example/x.png)'],
    ['url() with spaces', 'background: url (https://evil.example/x.png)'],
    ['url() in capitals', 'background: URL(https://evil.example/x.png)'],
    ['a CSS escape spelling url(', 'background: \\75rl(https://evil.example/x.png)'],
    ['a CSS escape in a keyword', 'color: r\\65d'],
    ['a url() split by a comment', 'background: u/**/rl(https://evil.example/x)'],
    ['expression()', 'width: expression(alert(1))'],
    ['expression with a comment', 'width: expr/**/ession(alert(1))'],
    ['javascript:', 'background: javascript:alert(1)'],
    ['@import', 'font-family: @import "x"'],
    ['image-set()', "background: image-set('x.png' 1x)"],
    ['attr()', 'width: attr(data-w)'],
    ['var()', 'color: var(--x)'],
    ['a semicolon smuggled in quotes', 'font-family: "x;position:fixed"'],
    ['angle brackets', 'font-family: "</style><script>"'],
    ['a colon in a value', 'font-family: a:b'],
    ['an exclamation mark other than !important', 'color: red !ie'],
  ])('drops a value with %s', (_name, style) => {
    expect(filterInlineStyle(style)).toBe('');
  });

  it('keeps the other declarations when one is dropped', () => {
    expect(filterInlineStyle('font-family: "A;B", Arial; color: blue; background: url(x)')).toBe('color: blue');
  });

  it('limits display, float, overflow, visibility and direction to plain keywords', () => {
    expect(filterInlineStyle('display:none;float:LEFT;overflow:hidden;visibility:hidden;direction:rtl'))
      .toBe('display: none; float: left; overflow: hidden; visibility: hidden; direction: rtl');
    expect(filterInlineStyle('display:-webkit-box;display:contents;float:inline-start;overflow:overlay;direction:auto')).toBe('');
  });

  it('drops everything when a comment, a quote or a bracket is left open', () => {
    expect(filterInlineStyle('color: red; /* open')).toBe('');
    expect(filterInlineStyle('color: red; font-family: "open')).toBe('');
    expect(filterInlineStyle('color: red; width: calc(1px')).toBe('');
    expect(filterInlineStyle('color: red; width: 1px)')).toBe('');
  });

  it('drops a string broken by a newline, as CSS ends it there', () => {
    expect(filterInlineStyle('font-family: "a\n; color: red"')).toBe('');
  });

  it('removes closed comments', () => {
    expect(filterInlineStyle('color: /* note */ red')).toBe('color: red');
  });

  it('ignores declarations without a colon and empty values', () => {
    expect(filterInlineStyle('color; color:; ;; color: red')).toBe('color: red');
  });

  it(`drops a style attribute longer than MAX_STYLE_CHARS (${MAX_STYLE_CHARS})`, () => {
    const fits = 'color: red;' + ' '.repeat(MAX_STYLE_CHARS - 11);
    expect(filterInlineStyle(fits)).toBe('color: red');
    expect(filterInlineStyle(fits + ' ')).toBe('');
  });

  it(`drops a value longer than MAX_STYLE_VALUE_CHARS (${MAX_STYLE_VALUE_CHARS})`, () => {
    const name = (n: number): string => 'a'.repeat(n);
    expect(filterInlineStyle(`font-family: ${name(MAX_STYLE_VALUE_CHARS)}`)).toBe(`font-family: ${name(MAX_STYLE_VALUE_CHARS)}`);
    expect(filterInlineStyle(`font-family: ${name(MAX_STYLE_VALUE_CHARS + 1)}`)).toBe('');
  });

  it('drops values nested in hundreds of brackets', () => {
    const style = 'width: ' + 'calc('.repeat(600) + '1px' + ')'.repeat(600);
    expect(style.length).toBeLessThanOrEqual(MAX_STYLE_CHARS);
    expect(filterInlineStyle(style)).toBe(''); // longer than a value may be
    expect(filterInlineStyle('color: ' + '('.repeat(MAX_STYLE_CHARS - 7))).toBe('');
  });
});
