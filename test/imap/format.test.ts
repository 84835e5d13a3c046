import { parseBodystructure, parseEnvelope } from 'imapflow/lib/tools';
import parseImapResponse from 'imapflow/lib/handler/imap-parser';
import { ImapStream } from 'imapflow/lib/handler/imap-stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { parseMimeTree, type MimePart } from '../../src/mime/mime-tree.js';
import { partByPath, partialRange, parseSectionSpec, sectionRange } from '../../src/mime/mime-sections.js';
import { formatBody, formatBodyStructure } from '../../src/imap/format/bodystructure.js';
import { formatEnvelope } from '../../src/imap/format/envelope.js';
import { filterHeaderFields } from '../../src/imap/format/header-fields.js';
import {
  MAX_QUOTED_BYTES,
  NIL,
  astring,
  imapString,
  literal,
  nstring,
  quoted,
  replaceNuls,
} from '../../src/imap/format/imap-string.js';

function crlf(text: string): Buffer {
  return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
}

/** Lines of exactly `width` bytes (CRLF included) adding up to `size` bytes and `lines` lines. */
function sizedBody(size: number, lines: number, char = 'A'): string {
  const width = Math.floor(size / lines);
  const last = size - width * (lines - 1);
  return `${`${char.repeat(width - 2)}\r\n`.repeat(lines - 1)}${char.repeat(last - 2)}\r\n`;
}

/**
 * What a real client (imapflow) reads from our FETCH response data: the bytes go through its
 * socket framing (ImapStream splits literals off by byte count) and then its parser.
 */
async function clientView(item: 'BODYSTRUCTURE' | 'ENVELOPE', data: Buffer): Promise<unknown> {
  const stream = new ImapStream({ logger: false });
  const framed = await new Promise<{ payload: Buffer; literals: Buffer[]; next: () => void }>((resolve, reject) => {
    stream.once('data', resolve);
    stream.once('error', reject);
    stream.end(Buffer.concat([Buffer.from(`* 1 FETCH (${item} `), data, Buffer.from(')\r\n')]));
  });
  framed.next();
  const response = await parseImapResponse(framed.payload, { literals: framed.literals });
  const list = response.attributes?.[1] as unknown as unknown[];
  const value = list[1] as never;
  return item === 'BODYSTRUCTURE' ? parseBodystructure(value) : parseEnvelope(value);
}

// The message of RFC 3501 section 8 (FETCH 12 FULL), with bodies of the announced sizes.
const RFC3501_MESSAGE = Buffer.concat([
  crlf(
    [
      'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
      'From: Terry Gray <gray@cac.washington.edu>',
      'Subject: IMAP4rev1 WG mtg summary and minutes',
      'To: imap@cac.washington.edu',
      'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
      'Message-Id: <B27397-0100000@cac.washington.edu>',
      'MIME-Version: 1.0',
      'Content-Type: MULTIPART/MIXED; BOUNDARY="cc"',
      '',
      '--cc',
      'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
      '',
      '',
    ].join('\n'),
  ),
  Buffer.from(sizedBody(1152, 23)),
  crlf(
    [
      '',
      '--cc',
      'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff',
      'Content-ID: <960723163407.20117h@cac.washington.edu>',
      'Content-Description: Compiler diff',
      'Content-Transfer-Encoding: BASE64',
      '',
      '',
    ].join('\n'),
  ),
  Buffer.from(sizedBody(4554, 73)),
  crlf('\n--cc--\n'),
]);

describe('imap-string helpers', () => {
  it('quotes with \\ and " escaped', () => {
    expect(quoted('a "b" \\c').toString()).toBe('"a \\"b\\" \\\\c"');
    expect(quoted('').toString()).toBe('""');
  });

  it('refuses to quote what only a literal can carry', () => {
    expect(() => quoted('a\r\nb')).toThrow(RangeError);
    expect(() => quoted('é')).toThrow(RangeError);
  });

  it('switches to a literal counting bytes for CR/LF, 8-bit and long values', () => {
    expect(imapString('a\r\nb').toString()).toBe('{4}\r\na\r\nb');
    expect(imapString('été')).toEqual(Buffer.concat([Buffer.from('{5}\r\n'), Buffer.from('été')]));
    expect(imapString(Buffer.from([0xe9]))).toEqual(Buffer.from([0x7b, 0x31, 0x7d, 0x0d, 0x0a, 0xe9])); // {1}\r\n + raw byte
    expect(imapString('x'.repeat(MAX_QUOTED_BYTES)).toString()).toBe(`"${'x'.repeat(MAX_QUOTED_BYTES)}"`);
    expect(imapString('x'.repeat(MAX_QUOTED_BYTES + 1)).toString()).toBe(`{${MAX_QUOTED_BYTES + 1}}\r\n${'x'.repeat(MAX_QUOTED_BYTES + 1)}`);
    expect(literal('').toString()).toBe('{0}\r\n');
  });

  it('replaces NUL, which no IMAP4rev1 string may carry, with 0x80', () => {
    expect(imapString('a\u0000b')).toEqual(Buffer.from([0x7b, 0x33, 0x7d, 0x0d, 0x0a, 0x61, 0x80, 0x62]));
    const clean = Buffer.from('abc');
    expect(replaceNuls(clean)).toBe(clean);
  });

  it('writes NIL for null and atoms only when safe', () => {
    expect(nstring(null)).toBe(NIL);
    expect(nstring(undefined).toString()).toBe('NIL');
    expect(nstring('NIL').toString()).toBe('"NIL"');
    expect(astring('INBOX').toString()).toBe('INBOX');
    expect(astring('a]b').toString()).toBe('a]b');
    expect(astring('two words').toString()).toBe('"two words"');
    expect(astring('NIL').toString()).toBe('"NIL"');
    expect(astring('').toString()).toBe('""');
    expect(astring('a{b').toString()).toBe('"a{b"');
  });
});

describe('formatEnvelope', () => {
  it('reproduces the ENVELOPE of RFC 3501 section 8 byte for byte', () => {
    const tree = parseMimeTree(RFC3501_MESSAGE);
    expect(formatEnvelope(tree.envelope as NonNullable<MimePart['envelope']>).toString()).toBe(
      '("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
        '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
        '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
        '"<B27397-0100000@cac.washington.edu>")',
    );
  });

  it('writes every field NIL for a message without header', () => {
    const envelope = parseMimeTree(crlf('\nbody')).envelope;
    expect(formatEnvelope(envelope as NonNullable<MimePart['envelope']>).toString()).toBe('(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)');
  });

  it('writes group markers and sends 8-bit header bytes unchanged in literals', async () => {
    const subject = Buffer.from('Réunion "lundi"');
    const raw = Buffer.concat([
      Buffer.from('Subject: '),
      subject,
      crlf('\nFrom: "Doe, J." <j@x.test>\nTo: Team: a@x.test, B <b@x.test>;\n\nx'),
    ]);
    const envelope = parseMimeTree(raw).envelope as NonNullable<MimePart['envelope']>;
    const wire = formatEnvelope(envelope);
    expect(wire).toEqual(
      Buffer.concat([
        Buffer.from(`(NIL {${subject.length}}\r\n`),
        subject,
        Buffer.from(
          ' (("Doe, J." NIL "j" "x.test")) (("Doe, J." NIL "j" "x.test")) (("Doe, J." NIL "j" "x.test")) ' +
            '((NIL NIL "Team" NIL)(NIL NIL "a" "x.test")("B" NIL "b" "x.test")(NIL NIL NIL NIL)) NIL NIL NIL NIL)',
        ),
      ]),
    );
    // imapflow reads the literal and the group as intended.
    expect(await clientView('ENVELOPE', wire)).toMatchObject({ subject: 'Réunion "lundi"', from: [{ name: 'Doe, J.', address: 'j@x.test' }] });
  });
});

describe('formatBody / formatBodyStructure', () => {
  it('reproduces the BODY of RFC 3501 section 8 (types lowercased, sizes and lines exact)', () => {
    const tree = parseMimeTree(RFC3501_MESSAGE);
    expect(formatBody(tree).toString()).toBe(
      '(("text" "plain" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)' +
        '("text" "plain" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" ' +
        '"Compiler diff" "BASE64" 4554 73) "mixed")',
    );
  });

  it('adds single-part and multipart extension data in BODYSTRUCTURE', () => {
    const tree = parseMimeTree(RFC3501_MESSAGE);
    expect(formatBodyStructure(tree).toString()).toBe(
      '(("text" "plain" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23 NIL NIL NIL NIL)' +
        '("text" "plain" ("CHARSET" "US-ASCII" "NAME" "cc.diff") "<960723163407.20117h@cac.washington.edu>" ' +
        '"Compiler diff" "BASE64" 4554 73 NIL NIL NIL NIL) "mixed" ("BOUNDARY" "cc") NIL NIL NIL)',
    );
  });

  it('writes MD5, disposition, language and location of a single part', () => {
    const raw = crlf(
      [
        'Content-Type: image/png; name="a b.png"',
        'Content-Transfer-Encoding: base64',
        'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
        "Content-Disposition: attachment; filename*=utf-8''%C3%A9.png; size=4",
        'Content-Language: fr, en',
        'Content-Location: http://example.org/a.png',
        '',
        'AAAA',
      ].join('\n'),
    );
    expect(formatBodyStructure(parseMimeTree(raw)).toString()).toBe(
      '("image" "png" ("name" "a b.png") NIL NIL "BASE64" 4 "Q2hlY2sgSW50ZWdyaXR5IQ==" ' +
        '("attachment" ("filename*" "utf-8\'\'%C3%A9.png" "size" "4")) ("fr" "en") "http://example.org/a.png")',
    );
    expect(formatBody(parseMimeTree(raw)).toString()).toBe('("image" "png" ("name" "a b.png") NIL NIL "BASE64" 4)');
  });

  it('states the default us-ascii charset of a text part without one (RFC 2045 5.2)', () => {
    expect(formatBody(parseMimeTree(crlf('Subject: x\n\nhello\n'))).toString()).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 7 1)');
  });

  it('nests the envelope and body of a message/rfc822 part, extension data only in BODYSTRUCTURE', () => {
    const raw = crlf(
      [
        'Content-Type: multipart/mixed; boundary=o',
        '',
        '--o',
        'Content-Type: message/rfc822',
        '',
        'Subject: inner',
        'From: a@x.test',
        '',
        'hi',
        '--o--',
      ].join('\n'),
    );
    const tree = parseMimeTree(raw);
    const env = '(NIL "inner" ((NIL NIL "a" "x.test")) ((NIL NIL "a" "x.test")) ((NIL NIL "a" "x.test")) NIL NIL NIL NIL NIL)';
    expect(formatBody(tree).toString()).toBe(
      `(("message" "rfc822" NIL NIL NIL "7BIT" 36 ${env} ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 2 0) 3) "mixed")`,
    );
    expect(formatBodyStructure(tree).toString()).toBe(
      `(("message" "rfc822" NIL NIL NIL "7BIT" 36 ${env} ("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 2 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) "mixed" ("boundary" "o") NIL NIL NIL)`,
    );
  });

  it('shows an opaque part as application/octet-stream', () => {
    const tree = parseMimeTree(crlf('Content-Type: multipart/mixed\n\nno boundary\n'));
    expect(formatBody(tree).toString()).toBe('("application" "octet-stream" NIL NIL NIL "7BIT" 13)');
  });

  it('is read back by imapflow as the structure nodemailer composed', async () => {
    const inner = await new MailComposer({ from: 'c@x.test', subject: 'Inner', text: 'inner' }).compile().build();
    const raw = await new MailComposer({
      from: 'a@x.test',
      to: 'b@x.test',
      subject: 'Outer',
      text: 'plain',
      html: '<p>html</p>',
      attachments: [
        { filename: 'résumé "final".pdf', content: Buffer.alloc(10), contentType: 'application/pdf' },
        { filename: 'inner.eml', content: inner, contentType: 'message/rfc822' },
      ],
    })
      .compile()
      .build();
    const structure = (await clientView('BODYSTRUCTURE', formatBodyStructure(parseMimeTree(raw)))) as {
      type: string;
      childNodes: Array<{ type: string; part: string; dispositionParameters?: Record<string, string>; envelope?: { subject: string }; childNodes?: unknown[] }>;
    };
    expect(structure.type).toBe('multipart/mixed');
    expect(structure.childNodes.map((c) => [c.part, c.type])).toEqual([
      ['1', 'multipart/alternative'],
      ['2', 'application/pdf'],
      ['3', 'message/rfc822'],
    ]);
    expect(structure.childNodes[1]?.dispositionParameters?.filename).toBe('résumé "final".pdf');
    expect(structure.childNodes[2]?.envelope?.subject).toBe('Inner');
  });
});

describe('section addressing (RFC 3501 6.4.5)', () => {
  // The example message of RFC 3501 6.4.5, each leaf body naming its own part number.
  const raw = crlf(
    [
      'Subject: top',
      'Content-Type: MULTIPART/MIXED; boundary=x',
      '',
      '--x',
      'Content-Type: text/plain',
      '',
      '1',
      '--x',
      'Content-Type: application/octet-stream',
      '',
      '2',
      '--x',
      'Content-Type: message/rfc822',
      '',
      'Subject: three',
      'Content-Type: multipart/mixed; boundary=y',
      '',
      '--y',
      'Content-Type: text/plain',
      '',
      '3.1',
      '--y',
      'Content-Type: application/octet-stream',
      '',
      '3.2',
      '--y--',
      '--x',
      'Content-Type: multipart/mixed; boundary=z',
      '',
      '--z',
      'Content-Type: image/gif',
      '',
      '4.1',
      '--z',
      'Content-Type: message/rfc822',
      '',
      'Subject: four-two',
      'Content-Type: multipart/mixed; boundary=w',
      '',
      '--w',
      'Content-Type: text/plain',
      '',
      '4.2.1',
      '--w',
      'Content-Type: multipart/alternative; boundary=v',
      '',
      '--v',
      'Content-Type: text/plain',
      '',
      '4.2.2.1',
      '--v',
      'Content-Type: text/richtext',
      '',
      '4.2.2.2',
      '--v--',
      '--w--',
      '--z--',
      '--x--',
      '',
    ].join('\n'),
  );
  const tree = parseMimeTree(raw);
  const section = (spec: string): string | null => {
    const range = sectionRange(tree, spec);
    return range === null ? null : raw.toString('latin1', range.start, range.end);
  };

  it('finds the part of every path listed in RFC 3501 6.4.5', () => {
    const types = Object.fromEntries(
      ['1', '2', '3', '3.1', '3.2', '4', '4.1', '4.2', '4.2.1', '4.2.2', '4.2.2.1', '4.2.2.2'].map((p) => {
        const part = partByPath(tree, p);
        return [p, part === null ? null : `${part.type}/${part.subtype}`];
      }),
    );
    expect(types).toEqual({
      '1': 'text/plain',
      '2': 'application/octet-stream',
      '3': 'message/rfc822',
      '3.1': 'text/plain',
      '3.2': 'application/octet-stream',
      '4': 'multipart/mixed',
      '4.1': 'image/gif',
      '4.2': 'message/rfc822',
      '4.2.1': 'text/plain',
      '4.2.2': 'multipart/alternative',
      '4.2.2.1': 'text/plain',
      '4.2.2.2': 'text/richtext',
    });
  });

  it('slices every section kind out of the raw message', () => {
    expect(section('')).toBe(raw.toString('latin1'));
    expect(section('HEADER')).toBe('Subject: top\r\nContent-Type: MULTIPART/MIXED; boundary=x\r\n\r\n');
    expect(section('TEXT')?.startsWith('--x\r\n')).toBe(true);
    expect(section('1')).toBe('1');
    expect(section('3.HEADER')).toBe('Subject: three\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n');
    expect(section('3.TEXT')?.startsWith('--y\r\n')).toBe(true);
    expect(section('3.2')).toBe('3.2');
    expect(section('4.1.MIME')).toBe('Content-Type: image/gif\r\n\r\n');
    expect(section('4.1')).toBe('4.1');
    expect(section('4.2.header')).toBe('Subject: four-two\r\nContent-Type: multipart/mixed; boundary=w\r\n\r\n');
    expect(section('4.2.HEADER.FIELDS.NOT')).toBe(section('4.2.HEADER'));
    expect(section('4.2.2.2')).toBe('4.2.2.2');
    expect(section('4.2.2.2.MIME')).toBe('Content-Type: text/richtext\r\n\r\n');
  });

  it('accepts the Section objects the FETCH parser produces', () => {
    const range = sectionRange(tree, { part: [4, 2], text: { type: 'header-fields', fields: ['SUBJECT'], not: false } as { type: 'header-fields' } });
    expect(range).toEqual(sectionRange(tree, '4.2.HEADER'));
    expect(sectionRange(tree, { part: [4, 2, 2, 1], text: null })).toEqual(sectionRange(tree, '4.2.2.1'));
  });

  it('answers null for sections that do not exist', () => {
    expect(section('5')).toBeNull();
    expect(section('1.1')).toBeNull();
    expect(section('4.3')).toBeNull();
    expect(section('1.HEADER')).toBeNull(); // HEADER only after a message/rfc822 part
    expect(section('MIME')).toBeNull();
    expect(section('0')).toBeNull();
    expect(section('1..2')).toBeNull();
    expect(section('BOGUS')).toBeNull();
    expect(parseSectionSpec('4294967296')).toBeNull();
    expect(parseSectionSpec('1.2.header.fields.not')).toEqual({ part: [1, 2], text: { type: 'header-fields' } });
  });

  it('treats a non-multipart message as its own part 1, and descends into an embedded message', () => {
    const single = crlf('Subject: one\n\nbody\n');
    const singleTree = parseMimeTree(single);
    expect(partByPath(singleTree, '1')).toBe(singleTree);
    expect(partByPath(singleTree, '2')).toBeNull();
    const one = sectionRange(singleTree, '1') as { start: number; end: number };
    expect(single.toString('latin1', one.start, one.end)).toBe('body\r\n');

    const wrapped = crlf('Content-Type: message/rfc822\n\nSubject: in\n\ninner body');
    const wrappedTree = parseMimeTree(wrapped);
    expect(partByPath(wrappedTree, [1])).toBe(wrappedTree);
    expect(partByPath(wrappedTree, '1.1')).toBe(wrappedTree.message);
    const text = sectionRange(wrappedTree, '1.TEXT') as { start: number; end: number };
    expect(wrapped.toString('latin1', text.start, text.end)).toBe('inner body');
  });

  it('clamps a partial window to the section', () => {
    expect(partialRange({ start: 10, end: 20 }, 2, 5)).toEqual({ start: 12, end: 17 });
    expect(partialRange({ start: 10, end: 20 }, 8, 100)).toEqual({ start: 18, end: 20 });
    expect(partialRange({ start: 10, end: 20 }, 50, 5)).toEqual({ start: 20, end: 20 });
    expect(partialRange({ start: 10, end: 20 }, 3)).toEqual({ start: 13, end: 20 });
  });
});

describe('filterHeaderFields', () => {
  const header = crlf('From: a@x.test\nSubject: folded\n  continued\nX-Other: 1\nsubject: second\nno colon line\n\n');

  it('keeps the named fields, case-insensitively, with their continuation lines and a final blank line', () => {
    expect(filterHeaderFields(header, ['SUBJECT']).toString()).toBe('Subject: folded\r\n  continued\r\nsubject: second\r\n\r\n');
  });

  it('keeps every other field with NOT', () => {
    expect(filterHeaderFields(header, ['subject'], true).toString()).toBe('From: a@x.test\r\nX-Other: 1\r\n\r\n');
  });

  it('returns just the blank line when nothing matches, and completes a header cut without line break', () => {
    expect(filterHeaderFields(header, ['cc']).toString()).toBe('\r\n');
    expect(filterHeaderFields(Buffer.from('Subject: cut'), ['subject']).toString()).toBe('Subject: cut\r\n\r\n');
  });
});
