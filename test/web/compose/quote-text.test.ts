import { describe, expect, it } from 'vitest';
import { bodyAsText, forwardBody, htmlToText, quoteLines, replyBody, withSignature } from '../../../src/web/compose/quote-text.js';

describe('quoting', () => {
  it('quotes with « > » and deepens existing quotes (RFC 3676 4.5)', () => {
    expect(quoteLines('Bonjour,\n\n> avant\nfin\n\n')).toBe('> Bonjour,\n>\n>> avant\n> fin');
  });

  it('writes a French attribution line', () => {
    const body = replyBody({ from: { name: 'Marc Lefèvre', address: 'marc@x.fr' }, date: new Date('2026-03-10T13:05:00Z'), text: 'Oui.' });
    expect(body).toBe('Le mardi 10 mars 2026 à 14:05, Marc Lefèvre <marc@x.fr> a écrit :\n> Oui.\n');
  });

  it('writes the forwarded header block', () => {
    const body = forwardBody({ subject: 'Sortie', from: [{ name: '', address: 'a@x.fr' }], to: [{ name: 'B', address: 'b@x.fr' }], cc: [], date: null, text: 'Texte\n' });
    expect(body).toBe('-------- Message transféré --------\nObjet : Sortie\nDe : a@x.fr\nÀ : B <b@x.fr>\n\nTexte\n');
  });

  it('adds the signature after « -- »', () => {
    expect(withSignature('Corps', 'Claire\r\n')).toBe('Corps\n\n-- \nClaire\n');
    expect(withSignature('Corps', '  ')).toBe('Corps');
  });
});

describe('htmlToText', () => {
  it('keeps paragraphs, breaks and list items, and drops scripts, styles and tags', () => {
    const html = '<style>p{}</style><p>Un &amp; deux</p><div>trois<br>quatre</div><ul><li>a</li><li>b</li></ul><script>alert(1)</script><img src=x onerror=alert(1)>&lt;pas une balise&gt;';
    expect(htmlToText(html)).toBe('Un & deux\ntrois\nquatre\n- a\n- b\n\n<pas une balise>');
  });

  it('prefers the plain part of a message', () => {
    expect(bodyAsText([{ kind: 'html', text: '<p>html</p>' }, { kind: 'plain', text: 'texte\r\n' }])).toBe('texte\n');
    expect(bodyAsText([{ kind: 'html', text: '<p>html</p>' }])).toBe('html');
  });
});
