import { describe, expect, it } from 'vitest';
import { forwardSubject, replySubject } from '../../../src/web/compose/subject-prefix.js';
import { MAX_REFERENCES, messageIds, replyThreadHeaders } from '../../../src/web/compose/thread-headers.js';

describe('reply and forward subjects', () => {
  it('adds « Re: » once, whatever the other client wrote', () => {
    expect(replySubject('Conseil d’école')).toBe('Re: Conseil d’école');
    expect(replySubject('RE: Conseil')).toBe('Re: Conseil');
    expect(replySubject('Re[2]: Conseil')).toBe('Re: Conseil');
    expect(replySubject('Réf : Conseil')).toBe('Re: Conseil');
    expect(replySubject('Tr: Conseil')).toBe('Re: Tr: Conseil');
    expect(replySubject('')).toBe('Re: ');
  });

  it('adds « Tr: » once', () => {
    expect(forwardSubject('Conseil')).toBe('Tr: Conseil');
    expect(forwardSubject('TR: Conseil')).toBe('Tr: Conseil');
    expect(forwardSubject('Fwd: Conseil')).toBe('Tr: Conseil');
    expect(forwardSubject('Re: Conseil')).toBe('Tr: Re: Conseil');
  });

  it('never keeps a line break', () => {
    expect(replySubject('a\r\nBcc: x@y.fr')).toBe('Re: a Bcc: x@y.fr');
  });
});

describe('threading headers (RFC 5322 3.6.4)', () => {
  it('chains References and points In-Reply-To at the parent', () => {
    expect(replyThreadHeaders({ messageId: '<p@x>', references: '<a@x> <b@x>', inReplyTo: '<b@x>' })).toEqual({ inReplyTo: '<p@x>', references: ['<a@x>', '<b@x>', '<p@x>'] });
  });

  it('falls back on the parent’s In-Reply-To when it has no References', () => {
    expect(replyThreadHeaders({ messageId: '<p@x>', references: null, inReplyTo: '<b@x> (comment)' })).toEqual({ inReplyTo: '<p@x>', references: ['<b@x>', '<p@x>'] });
  });

  it('copes with a parent without Message-ID', () => {
    expect(replyThreadHeaders({ messageId: null, references: '', inReplyTo: null })).toEqual({ inReplyTo: null, references: [] });
  });

  it('keeps only well-formed ids, and trims long chains to the root and the latest', () => {
    expect(messageIds('<a@x>\r\nBcc: evil@y <b@x> garbage <c d@x> <e@x>')).toEqual(['<a@x>', '<b@x>', '<e@x>']);
    const long = Array.from({ length: 40 }, (_, i) => `<m${i}@x>`).join(' ');
    const refs = replyThreadHeaders({ messageId: '<p@x>', references: long, inReplyTo: null }).references;
    expect(refs).toHaveLength(MAX_REFERENCES);
    expect(refs[0]).toBe('<m0@x>');
    expect(refs.at(-1)).toBe('<p@x>');
  });
});
