import { describe, expect, it } from 'vitest';
import { sanitizeMailHtml, type SanitizeMailOptions } from '../../../src/web/mail-render/sanitize-mail-html.js';
import { problems } from '../../helpers/inert-html.js';

const blocked: SanitizeMailOptions = { allowRemote: false, cidUrl: (cid) => `/att/${encodeURIComponent(cid)}` };
const remoteAllowed: SanitizeMailOptions = { allowRemote: true, cidUrl: (cid) => `https://mail.test/att/${encodeURIComponent(cid)}` };
// For the second-pass test every image source must be one a second pass keeps as is.
const INLINE_GIF = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
const fixedPoint: SanitizeMailOptions = { allowRemote: true, cidUrl: () => INLINE_GIF };

/** Each entry: what it tries, the mail HTML. */
const HOSTILE: ReadonlyArray<readonly [string, string]> = [
  ['a script element', '<p>a</p><script>alert(1)</script><p>b</p>'],
  ['an uppercase external script', '<SCRIPT SRC=//evil.example/x.js></SCRIPT>'],
  ['a script split by a nested tag', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['a script inside a comment that closes early', '<!--><script>alert(1)</script>-->'],
  ['a script in an Outlook conditional comment', '<!--[if gte mso 9]><script>alert(1)</script><![endif]-->'],
  ['a script in CDATA', '<![CDATA[><script>alert(1)</script>]]>'],
  ['onerror on an image', '<img src=x onerror=alert(1)>'],
  ['ONERROR in capitals', '<IMG SRC="x" ONERROR="alert(1)">'],
  ['oNeRrOr in mixed case', '<img src=x oNeRrOr=alert(1)>'],
  ['onload on body', '<body onload=alert(1)><p>x</p></body>'],
  ['onmouseover on a div', '<div onmouseover="alert(1)">x</div>'],
  ['an event handler after a slash', '<p/onclick=alert(1)>x</p>'],
  ['an event handler on an allowed link', '<a href="https://ok.example/" onclick="alert(1)">ok</a>'],
  ['ontoggle on details', '<details open ontoggle=alert(1)><summary>x</summary></details>'],
  ['an unclosed image with onerror', '<p>x</p><img src=x onerror=alert(1)'],
  ['an unclosed javascript link', '<a href="javascript:alert(1)"'],
  ['a javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['a JaVaScRiPt: link', '<a href="JaVaScRiPt:alert(1)">x</a>'],
  ['a decimal-entity javascript: link', '<a href="&#106;avascript:alert(1)">x</a>'],
  ['a hex-entity javascript: link', '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">x</a>'],
  ['a javascript: link with padded entities and no semicolons', '<a href="&#0000106&#0000097vascript:alert(1)">x</a>'],
  ['a javascript: link split by an encoded tab', '<a href="java&#x09;script:alert(1)">x</a>'],
  ['a javascript: link split by an encoded newline', '<a href="jav&#x0A;ascript:alert(1)">x</a>'],
  ['a javascript: link split by a raw newline', '<a href="java\nscript:alert(1)">x</a>'],
  ['a javascript: link behind control characters', '<a href=" \u0001\u0000javascript:alert(1)">x</a>'],
  ['a javascript: link with &colon;', '<a href="javascript&colon;alert(1)">x</a>'],
  ['a percent-encoded javascript: link', '<a href="%6A%61vascript:alert(1)">x</a>'],
  ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
  ['a data:text/html link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['a javascript: image', '<img src="javascript:alert(1)">'],
  ['a data:text/html image', '<img src="data:text/html,<script>alert(1)</script>">'],
  ['an SVG data image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['a javascript: srcset', '<img src="cid:a" srcset="javascript:alert(1) 1x">'],
  ['SVG with onload', '<svg onload=alert(1)><circle r=10 /></svg>'],
  ['SVG self-closed with onload', '<svg/onload=alert(1)>'],
  ['SVG with a script', '<svg><script>alert(1)</script></svg>'],
  ['SVG with a javascript: xlink', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['SVG animate setting href', '<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a></svg>'],
  ['SVG foreignObject with an iframe', '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>'],
  ['MathML with a javascript: xlink', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'],
  ['MathML namespace confusion', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ['a base element', '<base href="https://evil.example/"><a href="x">x</a>'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
  ['a meta charset switch to UTF-7', '<meta charset="utf-7">+ADw-script+AD4-alert(1)+ADw-/script+AD4-'],
  ['a style element with @import', '<style>@import url(https://evil.example/x.css);</style><p>x</p>'],
  ['a style element with an expression', '<style>p{width:expression(alert(1))}</style>'],
  ['a javascript: url() in style', '<p style="background:url(javascript:alert(1))">x</p>'],
  ['an expression() in style', '<p style="width: expression(alert(1))">x</p>'],
  ['a behavior in style', '<p style="behavior: url(x.htc)">x</p>'],
  ['a -moz-binding in style', '<p style="-moz-binding: url(https://evil.example/x.xml#xss)">x</p>'],
  ['a CSS-escaped url()', '<p style="color: red; background-image: \\75rl(https://evil.example/x)">x</p>'],
  ['a url() hidden by a comment', '<p style="background: u/**/rl(https://evil.example/x)">x</p>'],
  ['an image-set() in style', '<p style="background: image-set(\'https://evil.example/x.png\' 1x)">x</p>'],
  ['a full-page fixed overlay', '<a href="https://evil.example/" style="position:fixed;top:0;left:0;width:100%;height:100%">x</a>'],
  ['an hx-get that loads', '<div hx-get="/messages/1/delete" hx-trigger="load">x</div>'],
  ['an hx-on:click handler', '<button hx-on:click="alert(1)">x</button>'],
  ['an hx-on::after-request handler', '<div hx-on::after-request="alert(1)">x</div>'],
  ['data-hx attributes', '<div data-hx-post="/x" data-hx-trigger="load">x</div>'],
  ['hx-vals on an allowed element', '<p hx-post="/x" hx-vals=\'{"a":1}\'>x</p>'],
  ['a form with formaction', '<form action="https://evil.example/"><input name=p><button formaction="javascript:alert(1)">Go</button></form>'],
  ['an isindex with an action', '<isindex action=javascript:alert(1) type=image>'],
  ['an image input with onerror', '<input type="image" src="x" onerror="alert(1)">'],
  ['an iframe with srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['an iframe with a javascript: src', '<iframe src="javascript:alert(1)"></iframe>'],
  ['an object', '<object data="javascript:alert(1)"></object>'],
  ['an embed', '<embed src="https://evil.example/x.swf">'],
  ['a link rel=import', '<link rel="import" href="https://evil.example/x.html">'],
  ['a stylesheet link', '<link rel=stylesheet href=https://evil.example/x.css>'],
  ['a video poster', '<video poster=javascript:alert(1)></video>'],
  ['an audio with onerror', '<audio src=x onerror=alert(1)></audio>'],
  ['a td background', '<table><tr><td background="javascript:alert(1)">x</td></tr></table>'],
  ['an attribute value closing the tag', '<p title="</p><script>alert(1)</script>">x</p>'],
  ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['a script inside xmp', '<xmp><script>alert(1)</script></xmp>'],
  ['a script inside textarea', '<textarea><script>alert(1)</script></textarea>'],
  ['a script inside a template', '<template><script>alert(1)</script></template>'],
  ['plaintext', '<plaintext><script>alert(1)</script>'],
  ['a marquee with onstart', '<marquee onstart=alert(1)>x</marquee>'],
  ['an attribute with a NUL in its name', '<img src=x on\u0000error=alert(1)>'],
  ['a quote-less attribute run', '<img src=x/onerror=alert(1)//>'],
  ['a relative link to our own routes', '<a href="/messages/1/delete">x</a><img src="/logout">'],
  ['a protocol-relative link', '<a href="//evil.example/">x</a>'],
  ['mixed encodings in one attribute', '<a href="ja&#x76;a%73cript&#58;alert(1)">x</a>'],
];

describe('the inertness oracle', () => {
  it.each([
    '<script>alert(1)</script>', '<img src="x" onerror="alert(1)">', '<p ONCLICK="x">', '<a href="javascript:x">',
    '<a href="https://a.example/">', '<div hx-get="/x">', '<div data-hx-post="/x">', '<svg>', '<math>',
    '<p style="background: url(x)">', '<img src="https://t.example/p">', 'a < b', '<!-- x -->', '<button formaction="x">',
  ])('flags %j', (markup) => {
    expect(problems(markup)).not.toEqual([]);
  });

  it('accepts sanitised-looking markup', () => {
    expect(problems('<p style="color: red">a &lt; b</p><a href="https://a.example/" title="https://a.example/" '
      + 'target="_blank" rel="noopener noreferrer">x</a><img src="/att/a" />')).toEqual([]);
  });
});

describe('sanitizeMailHtml on hostile input', () => {
  it('has a corpus of at least 40 hostile cases', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE)('leaves nothing executable from %s', (_name, input) => {
    const out = sanitizeMailHtml(input, blocked).html;
    expect(problems(out)).toEqual([]);
    expect(out).not.toMatch(/<(script|svg|math|iframe|object|embed|base|meta|link|form|style|input|button|textarea|template)\b/i);
  });

  it.each(HOSTILE)('leaves nothing executable from %s with remote images allowed', (_name, input) => {
    const out = sanitizeMailHtml(input, remoteAllowed).html;
    expect(problems(out, { imageSource: /^https?:\/\//i })).toEqual([]);
  });

  it.each(HOSTILE)('gives output that a second pass leaves unchanged for %s', (_name, input) => {
    // Our output is a fixed point: what we emit parses back to exactly what we meant.
    const once = sanitizeMailHtml(input, fixedPoint).html;
    expect(sanitizeMailHtml(once, fixedPoint).html).toBe(once);
  });

  it('keeps the text around removed scripts', () => {
    expect(sanitizeMailHtml('<p>a</p><script>alert(1)</script><p>b</p>', blocked).html).toBe('<p>a</p><p>b</p>');
  });

  it('keeps the text after a self-closed SVG', () => {
    expect(sanitizeMailHtml('<svg/onload=alert(1)>après', blocked).html).toBe('après');
  });

  it('drops a link it refuses but keeps its text, without href or title', () => {
    const out = sanitizeMailHtml('<a href="javascript:alert(1)" title="https://banque.example">Payer</a>', blocked);
    expect(out.html).toBe('<a>Payer</a>');
    expect(out.links).toEqual([]);
  });

  it('survives seeded random splices of the corpus', () => {
    // A deterministic mutation run: cut corpus entries at random points and glue them together,
    // so tags, attributes and comments end in places no single case covers.
    let seed = 0x5eed;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = HOSTILE.map(([, input]) => input);
    for (let round = 0; round < 400; round++) {
      let input = '';
      for (let k = 0; k < 4; k++) {
        const piece = pieces[random(pieces.length)] ?? '';
        input += piece.slice(random(piece.length + 1));
      }
      const out = sanitizeMailHtml(input, blocked).html;
      expect(problems(out), input).toEqual([]);
    }
  });
});
