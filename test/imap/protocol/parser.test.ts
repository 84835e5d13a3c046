import { describe, expect, it } from 'vitest';
import { parseCommand, isEmptyCommand, MAX_COMMAND_NAME_LENGTH, MAX_TAG_LENGTH } from '../../../src/imap/protocol/parser.js';
import { MAX_LIST_DEPTH } from '../../../src/imap/protocol/tokenizer.js';
import { ImapParseError } from '../../../src/imap/protocol/errors.js';
import { argsOf, feed, harness, parse } from '../../helpers/imap-protocol.js';

function parseError(text: string | Buffer): ImapParseError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof ImapParseError) return err;
    throw err;
  }
  throw new Error('expected an ImapParseError');
}

describe('parseCommand', () => {
  it('reads tag, uppercased command and no arguments', () => {
    expect(parse('a002 noop\r\n')).toEqual({ tag: 'a002', command: 'NOOP', uid: false, args: [] });
  });

  it('reads the UID prefix as a flag on the real command (RFC 3501 6.4.8)', () => {
    const cmd = parse('A999 UID FETCH 4827313:4828442 FLAGS\r\n');
    expect(cmd).toEqual({
      tag: 'A999',
      command: 'FETCH',
      uid: true,
      args: [
        { type: 'atom', value: '4827313:4828442' },
        { type: 'atom', value: 'FLAGS' },
      ],
    });
    expect(parse('a uid expunge 1:3\r\n')).toMatchObject({ command: 'EXPUNGE', uid: true });
  });

  it('parses the RFC 3501 LOGIN examples, with atoms and with literals (7.5)', () => {
    expect(parse('a001 LOGIN SMITH SESAME\r\n').args).toEqual([
      { type: 'atom', value: 'SMITH' },
      { type: 'atom', value: 'SESAME' },
    ]);
    const cmd = parse('A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n');
    expect(cmd.args.map(a => a.type)).toEqual(['literal', 'literal']);
    expect(cmd.args.map(a => (a.type === 'literal' ? a.value.toString() : ''))).toEqual(['FRED FOOBAR', 'fat man']);
  });

  it('decodes quoted strings with \\\\ and \\" escapes', () => {
    expect(argsOf('LOGIN', '"a\\\\b" "say \\"hi\\""')).toEqual([
      { type: 'quoted', value: 'a\\b' },
      { type: 'quoted', value: 'say "hi"' },
    ]);
    expect(argsOf('SELECT', '""')).toEqual([{ type: 'quoted', value: '' }]);
  });

  it('decodes UTF-8 in quoted strings (RFC 6855)', () => {
    expect(argsOf('SEARCH', '"été"')).toEqual([{ type: 'quoted', value: 'été' }]);
  });

  it('reads NIL as its own token, in any case', () => {
    expect(argsOf('X', 'NIL nil')).toEqual([
      { type: 'nil', value: 'NIL' },
      { type: 'nil', value: 'nil' },
    ]);
  });

  it('builds nested lists with literals inside them', () => {
    const args = argsOf('X', Buffer.from('(a (b {3+}\r\nxyz) "q") ()'));
    expect(args).toEqual([
      {
        type: 'list',
        items: [
          { type: 'atom', value: 'a' },
          {
            type: 'list',
            items: [
              { type: 'atom', value: 'b' },
              { type: 'literal', value: Buffer.from('xyz'), binary: false },
            ],
          },
          { type: 'quoted', value: 'q' },
        ],
      },
      { type: 'list', items: [] },
    ]);
  });

  it('reads a section spec with spaces, a field list and a partial as one token', () => {
    expect(argsOf('FETCH', '1 (BODY.PEEK[HEADER.FIELDS (From To)]<0.1024> body[] BINARY.SIZE[1])')).toEqual([
      { type: 'atom', value: '1' },
      {
        type: 'list',
        items: [
          {
            type: 'section',
            name: 'BODY.PEEK',
            spec: 'HEADER.FIELDS',
            fields: [
              { type: 'atom', value: 'From' },
              { type: 'atom', value: 'To' },
            ],
            partial: { offset: 0, length: 1024 },
            raw: 'BODY.PEEK[HEADER.FIELDS (From To)]<0.1024>',
          },
          { type: 'section', name: 'BODY', spec: '', fields: null, partial: null, raw: 'body[]' },
          { type: 'section', name: 'BINARY.SIZE', spec: '1', fields: null, partial: null, raw: 'BINARY.SIZE[1]' },
        ],
      },
    ]);
  });

  it('keeps brackets in other atoms as atom characters', () => {
    expect(argsOf('SELECT', 'foo[bar]')).toEqual([{ type: 'atom', value: 'foo[bar]' }]);
  });

  it('reads flags, wildcards and sequence sets as atoms', () => {
    expect(argsOf('X', '\\Seen % * 1:*,4 $')).toEqual(
      ['\\Seen', '%', '*', '1:*,4', '$'].map(value => ({ type: 'atom', value })),
    );
  });

  it('tolerates extra spaces between arguments', () => {
    expect(argsOf('X', ' a  ( b ) ')).toEqual([
      { type: 'atom', value: 'a' },
      { type: 'list', items: [{ type: 'atom', value: 'b' }] },
    ]);
  });

  it('answers * BAD (no tag) when the tag is missing or invalid', () => {
    for (const line of [' NOOP\r\n', '+a NOOP\r\n', '"a" NOOP\r\n', '(a) NOOP\r\n', '\r\n']) {
      const err = parseError(line);
      expect(err.tag).toBeNull();
    }
  });

  it('carries the tag in every error after the tag was read', () => {
    const cases = [
      'a1\r\n',
      'a1 \r\n',
      'a1 UID\r\n',
      'a1 UID NOOP 1\r\n',
      'a1 SELECT "unterminated\r\n',
      'a1 SELECT "bad \\escape"\r\n',
      'a1 LIST (a\r\n',
      'a1 LIST a)\r\n',
      'a1 LIST a"b"\r\n',
      'a1 LIST (a)(b)\r\n',
      'a1 LIST a{5 b\r\n',
      'a1 X \x01\r\n',
      'a1 FETCH 1 BODY[HEADER.FIELDS From]\r\n',
      'a1 FETCH 1 BODY[TEXT\r\n',
      'a1 FETCH 1 BODY[]<1.x>\r\n',
      'a1 FETCH 1 BODY[]<99999999999>\r\n',
    ];
    for (const line of cases) {
      const err = parseError(line);
      expect(err.tag, line).toBe('a1');
    }
  });

  it('refuses 8-bit bytes outside quoted strings and literals, and invalid UTF-8 inside them', () => {
    expect(parseError(Buffer.from('a SELECT \xe9t\xe9\r\n', 'latin1')).tag).toBe('a');
    expect(parseError(Buffer.from('a SELECT "\xe9"\r\n', 'latin1')).message).toMatch(/UTF-8/);
  });

  it('refuses a literal glued to the previous token', () => {
    expect(parseError('a LOGIN user{4+}\r\npass\r\n').tag).toBe('a');
  });

  it(`refuses lists nested deeper than MAX_LIST_DEPTH (${MAX_LIST_DEPTH})`, () => {
    const ok = `a X ${'('.repeat(MAX_LIST_DEPTH)}${')'.repeat(MAX_LIST_DEPTH)}\r\n`;
    expect(parse(ok).args).toHaveLength(1);
    const deep = `a X ${'('.repeat(60_000)}\r\n`;
    expect(parseError(deep).message).toMatch(/nested/);
  });

  it(`refuses a tag longer than MAX_TAG_LENGTH (${MAX_TAG_LENGTH})`, () => {
    expect(parse(`${'t'.repeat(MAX_TAG_LENGTH)} NOOP\r\n`).tag).toHaveLength(MAX_TAG_LENGTH);
    expect(parseError(`${'t'.repeat(MAX_TAG_LENGTH + 1)} NOOP\r\n`).tag).toBeNull();
  });

  it(`refuses a command name longer than MAX_COMMAND_NAME_LENGTH (${MAX_COMMAND_NAME_LENGTH}), keeping the tag`, () => {
    expect(parse(`a ${'X'.repeat(MAX_COMMAND_NAME_LENGTH)}\r\n`).command).toHaveLength(MAX_COMMAND_NAME_LENGTH);
    expect(parseError(`a ${'X'.repeat(MAX_COMMAND_NAME_LENGTH + 1)}\r\n`).tag).toBe('a');
  });

  it('recognises a blank line so the dispatcher can ignore it', () => {
    const h = harness();
    feed(h.reader, '\r\na NOOP\r\n');
    const [blank, noop] = h.commands();
    expect(blank && isEmptyCommand(blank)).toBe(true);
    expect(noop && isEmptyCommand(noop)).toBe(false);
    expect(() => blank && parseCommand(blank)).toThrow(ImapParseError);
  });
});
