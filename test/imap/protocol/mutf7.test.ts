import { describe, expect, it } from 'vitest';
import { decodeMutf7, encodeMutf7 } from '../../../src/imap/protocol/mutf7.js';
import { parseMailboxName } from '../../../src/imap/protocol/mailbox-name.js';
import { ImapParseError, InvalidMailboxNameError } from '../../../src/imap/protocol/errors.js';
import { prng } from '../../helpers/imap-protocol.js';

describe('modified UTF-7 (RFC 3501 5.1.3)', () => {
  it('encodes é as &AOk- and & as &-', () => {
    expect(encodeMutf7('é')).toBe('&AOk-');
    expect(encodeMutf7('&')).toBe('&-');
    expect(encodeMutf7('Envoyés')).toBe('Envoy&AOk-s');
    expect(encodeMutf7('R&D')).toBe('R&-D');
    expect(decodeMutf7('&AOk-')).toBe('é');
    expect(decodeMutf7('&-')).toBe('&');
    expect(decodeMutf7('R&-D')).toBe('R&D');
  });

  it('round-trips the RFC 3501 example ~peter/mail/台北/日本語', () => {
    expect(encodeMutf7('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
    expect(decodeMutf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-')).toBe('~peter/mail/台北/日本語');
  });

  it('groups consecutive non-ASCII characters in one shifted run', () => {
    expect(encodeMutf7('éé')).toBe('&AOkA6Q-');
    expect(decodeMutf7('&AOkA6Q-')).toBe('éé');
  });

  it('encodes characters outside the BMP as surrogate pairs and tabs/controls too', () => {
    expect(decodeMutf7(encodeMutf7('📬 Boîte'))).toBe('📬 Boîte');
    expect(decodeMutf7(encodeMutf7('a\tb'))).toBe('a\tb');
    expect(encodeMutf7('a\tb')).not.toContain('\t');
  });

  it('round-trips random strings (deterministic seed)', () => {
    const random = prng(7);
    const alphabet = ['a', 'Z', ' ', '&', '-', '/', '.', 'é', 'ß', '日', '€', '📬', '\u0001', '~', ',', '+'];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(random() * 12);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      const wire = encodeMutf7(s);
      expect(/^[\x20-\x7e]*$/.test(wire)).toBe(true);
      expect(decodeMutf7(wire)).toBe(s);
    }
  });

  it('refuses names that are not canonical modified UTF-7', () => {
    for (const bad of [
      '&', // unterminated
      '&AOk', // unterminated
      '&AGE-', // encodes printable "a"
      '&ACY-', // encodes "&", which must be &-
      '&AOk=-', // padding
      '&AO/-', // "/" instead of ","
      '&AO-', // not a whole code unit
      '&AOkA-', // leftover bits
      '&AOl-', // non-zero spare bits
      '&2D0-', // lone high surrogate
      '&3Cw-', // lone low surrogate
      '&AOk-&AOk-', // a second spelling of &AOkA6Q-
      'é', // raw 8-bit
      'a\tb', // raw control
    ]) {
      expect(() => decodeMutf7(bad), bad).toThrow(InvalidMailboxNameError);
    }
  });

  it('decodes mailbox arguments and normalises INBOX (RFC 3501 5.1)', () => {
    expect(parseMailboxName({ type: 'atom', value: 'inBox' })).toBe('INBOX');
    expect(parseMailboxName({ type: 'quoted', value: 'inbox/child' })).toBe('inbox/child');
    expect(parseMailboxName({ type: 'atom', value: 'Envoy&AOk-s' })).toBe('Envoyés');
    expect(parseMailboxName({ type: 'literal', value: Buffer.from('&-'), binary: false })).toBe('&');
    expect(parseMailboxName({ type: 'nil', value: 'NIL' })).toBe('NIL');
    expect(() => parseMailboxName({ type: 'atom', value: 'a*' })).toThrow(ImapParseError);
    expect(() => parseMailboxName({ type: 'list', items: [] })).toThrow(ImapParseError);
  });
});
