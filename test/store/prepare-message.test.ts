import { describe, expect, it } from 'vitest';
import { SNIPPET_CHARS, snippetOf } from '../../src/store/prepare-message.js';

describe('the snippet shown under a subject', () => {
  it('skips quoted lines, joins the others and collapses their spaces', () => {
    expect(snippetOf('Bonjour,\r\n\r\n> ancien message\r\n>> plus ancien\r\nVoici   le\tcompte rendu.\r\n')).toBe('Bonjour, Voici le compte rendu.');
  });

  it('stops at 200 characters, even inside a long line or between two', () => {
    const words = Array.from({ length: 100 }, (_, i) => `mot${i}`).join(' ');
    const snippet = snippetOf(`Début\n${words}\n`);
    expect(snippet.length).toBe(SNIPPET_CHARS);
    expect(snippet.startsWith('Début mot0 mot1')).toBe(true);
    expect(snippetOf(`${'x'.repeat(199)}\n   \nsuite`)).toBe(`${'x'.repeat(199)} `);
  });

  it('reads only the beginning of the text: what lies past the first 1,600 characters never shows', () => {
    const quoted = Array.from({ length: 400 }, () => '> cité').join('\n');
    expect(snippetOf(`${quoted}\nréponse tardive`)).toBe('');
  });
});
