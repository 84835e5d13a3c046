import { describe, expect, it } from 'vitest';
import {
  combineListReference,
  compileListPattern,
  parseListArgs,
  parseLsubArgs,
} from '../../../src/imap/protocol/list-args.js';
import type { ListArgs } from '../../../src/imap/protocol/list-args.js';
import { ImapParseError, InvalidMailboxNameError } from '../../../src/imap/protocol/errors.js';
import { argsOf, parse } from '../../helpers/imap-protocol.js';

function list(text: string): ListArgs {
  return parseListArgs(argsOf('LIST', text));
}

const PLAIN = {
  selection: { subscribed: false, remote: false, recursiveMatch: false, specialUse: false },
  returnOptions: { subscribed: false, children: false, specialUse: false, status: null },
  extended: false,
};

describe('parseListArgs', () => {
  it('parses the RFC 3501 6.3.8 examples', () => {
    expect(list('"" ""')).toEqual({ ...PLAIN, reference: '', patterns: [''] });
    expect(list('#news.comp.mail.misc ""')).toEqual({ ...PLAIN, reference: '#news.comp.mail.misc', patterns: [''] });
    expect(list('/usr/staff/jones ""')).toEqual({ ...PLAIN, reference: '/usr/staff/jones', patterns: [''] });
    expect(list('~/Mail/ %')).toEqual({ ...PLAIN, reference: '~/Mail/', patterns: ['%'] });
  });

  it('reads wildcards and ] in bare patterns, and quoted or literal patterns', () => {
    expect(list('"" foo/*').patterns).toEqual(['foo/*']);
    expect(list('"" a]b%').patterns).toEqual(['a]b%']);
    expect(parseListArgs(parse('a LIST "" {3+}\r\n*/%\r\n').args).patterns).toEqual(['*/%']);
  });

  it('decodes modified UTF-7 in the reference and the patterns', () => {
    expect(list('"Envoy&AOk-s/" "&AOk-*"')).toMatchObject({ reference: 'Envoyés/', patterns: ['é*'] });
  });

  it('parses LIST as imapflow sends it with LIST-STATUS and SPECIAL-USE', () => {
    expect(list('"" "*" RETURN (STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ) SPECIAL-USE CHILDREN SUBSCRIBED)')).toEqual({
      reference: '',
      patterns: ['*'],
      selection: PLAIN.selection,
      returnOptions: {
        subscribed: true,
        children: true,
        specialUse: true,
        status: ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ'],
      },
      extended: true,
    });
    expect(list('"" "*" RETURN (SUBSCRIBED)').returnOptions.subscribed).toBe(true);
  });

  it('parses RFC 5258 selection options and several patterns', () => {
    expect(list('(SUBSCRIBED RECURSIVEMATCH) "" (INBOX "Archive/*" %)')).toMatchObject({
      selection: { subscribed: true, remote: false, recursiveMatch: true, specialUse: false },
      patterns: ['INBOX', 'Archive/*', '%'],
      extended: true,
    });
    expect(list('(SPECIAL-USE REMOTE) "" *').selection).toEqual({ subscribed: false, remote: true, recursiveMatch: false, specialUse: true });
    expect(list('() "" *')).toMatchObject({ extended: true, selection: PLAIN.selection });
  });

  it('refuses RECURSIVEMATCH alone, unknown options and malformed commands with BAD (RFC 5258 3)', () => {
    for (const bad of [
      '(RECURSIVEMATCH) "" *',
      '(FOO) "" *',
      '"" * RETURN (FOO)',
      '"" * RETURN (STATUS ())',
      '"" * RETURN (STATUS (MESSAGES) STATUS (UNSEEN))',
      '"" * RETURN SUBSCRIBED',
      '"" * EXTRA',
      '"" ()',
      '""',
      '"" a\\b',
    ]) {
      expect(() => list(bad), bad).toThrow(ImapParseError);
    }
    expect(() => list('"" "&Jjo"')).toThrow(InvalidMailboxNameError);
  });
});

describe('parseLsubArgs', () => {
  it('parses the RFC 3501 6.3.9 example', () => {
    expect(parseLsubArgs(argsOf('LSUB', '"#news." "comp.mail.*"'))).toEqual({ reference: '#news.', pattern: 'comp.mail.*' });
    expect(() => parseLsubArgs(argsOf('LSUB', '"" *  x'))).toThrow(ImapParseError);
  });
});

describe('compileListPattern', () => {
  const names = ['INBOX', 'Archive', 'Archive/2023', 'Archive/2023/Q1', 'Drafts', 'Envoyés', 'Sent', 'Sent Items'];
  const match = (pattern: string) => names.filter(compileListPattern(pattern, '/'));

  it('matches * across hierarchy levels and % within one level (RFC 3501 6.3.8)', () => {
    expect(match('*')).toEqual(names);
    expect(match('%')).toEqual(['INBOX', 'Archive', 'Drafts', 'Envoyés', 'Sent', 'Sent Items']);
    expect(match('Archive/%')).toEqual(['Archive/2023']);
    expect(match('Archive/*')).toEqual(['Archive/2023', 'Archive/2023/Q1']);
    expect(match('Archive*')).toEqual(['Archive', 'Archive/2023', 'Archive/2023/Q1']);
    expect(match('%/%')).toEqual(['Archive/2023']);
    expect(match('S*s')).toEqual(['Sent Items']);
    expect(match('*2023*')).toEqual(['Archive/2023', 'Archive/2023/Q1']);
    expect(match('')).toEqual([]);
    expect(match('Sent')).toEqual(['Sent']);
    expect(match('Env%')).toEqual(['Envoyés']);
  });

  it('matches INBOX in any case, and only INBOX', () => {
    expect(match('inbox')).toEqual(['INBOX']);
    expect(match('InBo%')).toEqual(['INBOX']);
    expect(match('sent')).toEqual([]);
    expect(compileListPattern('inbox/*', '/')('INBOX/child')).toBe(true);
  });

  it('treats collapsed wildcard runs like a single wildcard', () => {
    expect(match('**%%*')).toEqual(names);
    expect(match('%%')).toEqual(match('%'));
  });

  it('answers hostile patterns by result, bounded by the name length', () => {
    const name = 'a'.repeat(300);
    const hostile = `${'*a'.repeat(30_000)}*b`;
    expect(compileListPattern(hostile, '/')(name)).toBe(false);
    expect(compileListPattern(`${'%a'.repeat(150)}%`, '/')(name)).toBe(true);
    expect(compileListPattern(`${'*a'.repeat(299)}*`, '/')(name)).toBe(true);
    expect(compileListPattern(`${'*a'.repeat(301)}*`, '/')(name)).toBe(false);
  });

  it('combines reference and pattern by concatenation', () => {
    expect(combineListReference('Archive/', '%')).toBe('Archive/%');
    expect(combineListReference('', '*')).toBe('*');
  });
});
