import { describe, expect, it } from 'vitest';
import { cleanUrl, MAX_LINK_CHARS, parseLinkUrl } from '../../../src/web/mail-render/safe-url.js';

describe('parseLinkUrl', () => {
  it('accepts absolute http, https and mailto URLs and normalises them', () => {
    expect(parseLinkUrl('HTTPS://WWW.AC-PARIS.FR/a b')?.href).toBe('https://www.ac-paris.fr/a%20b');
    expect(parseLinkUrl('http://x.example')?.href).toBe('http://x.example/');
    expect(parseLinkUrl('mailto:ce.dpe@ac-clermont.fr')?.href).toBe('mailto:ce.dpe@ac-clermont.fr');
  });

  it('removes tabs and newlines and trims controls as the browser does', () => {
    expect(cleanUrl(' \u0001ht\ttp\n://a.example/\r ')).toBe('http://a.example/');
    expect(parseLinkUrl('\u0000 https://a.example/ \u001f')?.href).toBe('https://a.example/');
  });

  it.each([
    'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', ' \u0001javascript:alert(1)',
    'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://a.example/',
    'cid:part@x', '/relative', 'relative', '#anchor', '//a.example/', '\\\\a.example/', 'https://',
    'https://user:pass@a.example/', 'https://www.ac-paris.fr@evil.example/', 'mailto:', 'mailto:personne', '',
  ])('refuses %j', (value) => {
    expect(parseLinkUrl(value)).toBeNull();
  });

  it(`refuses URLs longer than MAX_LINK_CHARS (${MAX_LINK_CHARS}), before or after encoding`, () => {
    const base = 'https://a.example/';
    expect(parseLinkUrl(base + 'x'.repeat(MAX_LINK_CHARS - base.length))).not.toBeNull();
    expect(parseLinkUrl(base + 'x'.repeat(MAX_LINK_CHARS - base.length + 1))).toBeNull();
    expect(parseLinkUrl(base + ' '.repeat(MAX_LINK_CHARS - base.length - 1) + 'x')).toBeNull(); // spaces become %20
  });
});
