import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import {
  MAX_BOUNDARY_BYTES,
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
  MAX_STORED_FIELD_BYTES,
  paramValue,
  parseAddressList,
  parseMimeTree,
  type MimePart,
} from '../../src/mime/mime-tree.js';

/** Test messages are written with '\n' and sent with CRLF, as SMTP delivers them. */
function crlf(text: string): Buffer {
  return Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8');
}

function slice(raw: Buffer, start: number, end: number): string {
  return raw.toString('latin1', start, end);
}

function body(raw: Buffer, part: MimePart): string {
  return slice(raw, part.headerEnd, part.bodyEnd);
}

function child(part: MimePart, ...path: number[]): MimePart {
  let current = part;
  for (const n of path) {
    const next = current.children?.[n];
    if (next === undefined) throw new Error(`no child ${n}`);
    current = next;
  }
  return current;
}

/** Every offset is inside the message and every child inside its parent's body. */
function assertOffsetsConsistent(part: MimePart, start: number, end: number): number {
  expect(part.headerStart).toBeGreaterThanOrEqual(start);
  expect(part.headerStart).toBeLessThanOrEqual(part.headerEnd);
  expect(part.headerEnd).toBeLessThanOrEqual(part.bodyEnd);
  expect(part.bodyEnd).toBeLessThanOrEqual(end);
  expect(part.size).toBe(part.bodyEnd - part.headerEnd);
  let depth = 0;
  for (const c of part.children ?? []) depth = Math.max(depth, assertOffsetsConsistent(c, part.headerEnd, part.bodyEnd));
  if (part.message !== undefined) {
    expect(part.message.headerStart).toBe(part.headerEnd);
    expect(part.message.bodyEnd).toBe(part.bodyEnd);
    depth = Math.max(depth, assertOffsetsConsistent(part.message, part.headerEnd, part.bodyEnd));
  }
  return depth + (part.children !== undefined || part.message !== undefined ? 1 : 0);
}

function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

describe('parseMimeTree: single-part messages', () => {
  it('records header and body offsets, defaults to text/plain 7BIT and counts lines', () => {
    const raw = crlf('From: a@example.org\nSubject: Hi\n\nline 1\nline 2\n');
    const tree = parseMimeTree(raw);
    expect(tree.headerStart).toBe(0);
    expect(slice(raw, 0, tree.headerEnd)).toBe('From: a@example.org\r\nSubject: Hi\r\n\r\n');
    expect(body(raw, tree)).toBe('line 1\r\nline 2\r\n');
    expect(tree.bodyEnd).toBe(raw.length);
    expect(tree).toMatchObject({ type: 'text', subtype: 'plain', encoding: '7BIT', size: 16, lines: 2, params: [], wireParams: [] });
    expect(tree.children).toBeUndefined();
  });

  it('parses an empty message as an empty text/plain body', () => {
    const tree = parseMimeTree(Buffer.alloc(0));
    expect(tree).toMatchObject({ headerStart: 0, headerEnd: 0, bodyEnd: 0, type: 'text', subtype: 'plain', size: 0, lines: 0 });
    expect(tree.envelope).toMatchObject({ date: null, subject: null, from: [], sender: [], to: [], messageId: null });
  });

  it('treats a message that starts with the blank line as having no header fields', () => {
    const raw = crlf('\nJust a body\n');
    const tree = parseMimeTree(raw);
    expect(tree.headerEnd).toBe(2);
    expect(body(raw, tree)).toBe('Just a body\r\n');
    expect(tree.envelope?.subject).toBeNull();
  });

  it('takes everything as header when the blank line is missing', () => {
    const raw = crlf('Subject: no body\nFrom: a@example.org');
    const tree = parseMimeTree(raw);
    expect(tree.headerEnd).toBe(raw.length);
    expect(tree.size).toBe(0);
    expect(tree.envelope?.subject).toBe('no body');
    expect(tree.envelope?.from).toEqual([{ name: null, adl: null, mailbox: 'a', host: 'example.org' }]);
  });

  it('accepts LF-only line endings', () => {
    const raw = Buffer.from('Subject: lf\nContent-Type: text/html; charset=utf-8\n\n<p>x</p>\n');
    const tree = parseMimeTree(raw);
    expect(body(raw, tree)).toBe('<p>x</p>\n');
    expect(tree).toMatchObject({ type: 'text', subtype: 'html', lines: 1 });
    expect(paramValue(tree.params, 'CHARSET')).toBe('utf-8');
  });

  it('unfolds folded header fields and keeps them undecoded', () => {
    const raw = crlf('Subject: =?utf-8?q?caf=C3=A9?=\n  and more\n\tstill\nMessage-ID:\n <id@example.org>\n\nx');
    const env = parseMimeTree(raw).envelope;
    expect(env?.subject).toBe('=?utf-8?q?caf=C3=A9?=  and more\tstill');
    expect(env?.messageId).toBe('<id@example.org>');
  });

  it('reads every MIME header field IMAP needs', () => {
    const raw = crlf(
      [
        'Content-Type: TEXT/Plain (comment) ; CHARSET="ISO-8859-1" ; format=flowed',
        'Content-Transfer-Encoding: Quoted-Printable',
        'Content-ID: <part@example.org>',
        'Content-Description: =?utf-8?q?r=C3=A9sum=C3=A9?=',
        'Content-Disposition: INLINE; filename=notes.txt',
        'Content-Language: fr-CA, en (English)',
        'Content-Location: http://example.org/notes.txt',
        'Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==',
        '',
        'caf=E9',
      ].join('\n'),
    );
    const tree = parseMimeTree(raw);
    expect(tree).toMatchObject({
      type: 'text',
      subtype: 'plain',
      encoding: 'QUOTED-PRINTABLE',
      id: '<part@example.org>',
      description: '=?utf-8?q?r=C3=A9sum=C3=A9?=',
      language: ['fr-CA', 'en'],
      location: 'http://example.org/notes.txt',
      md5: 'Q2hlY2sgSW50ZWdyaXR5IQ==',
      params: [
        { name: 'charset', value: 'ISO-8859-1' },
        { name: 'format', value: 'flowed' },
      ],
      wireParams: [
        { name: 'CHARSET', value: 'ISO-8859-1' },
        { name: 'format', value: 'flowed' },
      ],
      disposition: { type: 'inline', params: [{ name: 'filename', value: 'notes.txt' }] },
    });
  });

  it('counts lines of long and nested text exactly, whatever their alignment', () => {
    const text = 'x'.repeat(5000) + '\r\n' + 'y\r\n'.repeat(9000) + 'no final break';
    const raw = crlf(`Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\nSubject: in\n\n${text}\n--b--\n`);
    const message = child(parseMimeTree(raw), 0);
    expect(message.message?.lines).toBe(9001);
    expect(message.lines).toBe(9001 + 2); // plus the embedded header's two lines
  });

  it('records empty Content-* fields as absent and an empty transfer encoding as 7BIT', () => {
    const tree = parseMimeTree(crlf('Content-ID:\nContent-Description: \nContent-Transfer-Encoding:\nContent-Language:\n\nx'));
    expect(tree.id).toBeUndefined();
    expect(tree.description).toBeUndefined();
    expect(tree.language).toBeUndefined();
    expect(tree.encoding).toBe('7BIT');
  });

  it('falls back to text/plain when the Content-Type is unparsable', () => {
    expect(parseMimeTree(crlf('Content-Type: garbage\n\nx'))).toMatchObject({ type: 'text', subtype: 'plain' });
    expect(parseMimeTree(crlf('Content-Type: image/\n\nx'))).toMatchObject({ type: 'text', subtype: 'plain' });
  });

  it('strips an RFC 2045 comment after an unquoted parameter value but keeps parentheses inside names', () => {
    const tree = parseMimeTree(crlf('Content-Type: text/plain; charset=us-ascii (Plain text); name=a (1).txt\n\nx'));
    expect(tree.params).toEqual([
      { name: 'charset', value: 'us-ascii' },
      { name: 'name', value: 'a (1).txt' },
    ]);
  });
});

describe('parseMimeTree: parameters (RFC 2231, RFC 2047)', () => {
  it('merges RFC 2231 continuations and keeps the merged transfer form for IMAP', () => {
    const raw = crlf(
      [
        'Content-Type: message/external-body; access-type=URL;',
        ' URL*0="ftp://";',
        ' URL*1="cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"',
        '',
        '',
      ].join('\n'),
    );
    const tree = parseMimeTree(raw);
    expect(paramValue(tree.params, 'url')).toBe('ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar');
    expect(tree.wireParams).toContainEqual({ name: 'URL', value: 'ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar' });
  });

  it('decodes RFC 2231 charset and language, including encoded continuations', () => {
    const raw = crlf(
      [
        "Content-Type: application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
        "Content-Disposition: attachment; filename*0*=utf-8''%E2%82%AC%20rates; filename*1=.txt;",
        " filename=\"rates.txt\"; modification-date*=iso-8859-1''d%E9c",
        '',
        'x',
      ].join('\n'),
    );
    const tree = parseMimeTree(raw);
    expect(paramValue(tree.params, 'title')).toBe('This is ***fun***');
    expect(tree.wireParams).toEqual([{ name: 'title*', value: "us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A" }]);
    const disposition = tree.disposition;
    // The RFC 2231 value wins over the plain fallback for applications...
    expect(paramValue(disposition?.params ?? [], 'filename')).toBe('€ rates.txt');
    expect(paramValue(disposition?.params ?? [], 'modification-date')).toBe('déc');
    // ...while IMAP sees both, sections merged, values still encoded.
    expect(disposition?.wireParams).toEqual([
      { name: 'filename', value: 'rates.txt' },
      { name: 'filename*', value: "utf-8''%E2%82%AC%20rates.txt" },
      { name: 'modification-date*', value: "iso-8859-1''d%E9c" },
    ]);
  });

  it('decodes RFC 2047 words in parameter values, as many mailers send them', () => {
    const raw = crlf('Content-Type: text/plain; name="=?UTF-8?Q?=C3=A9t=C3=A9?= =?UTF-8?B?LnR4dA==?="\n\nx');
    const tree = parseMimeTree(raw);
    expect(paramValue(tree.params, 'name')).toBe('été.txt');
    expect(tree.wireParams).toEqual([{ name: 'name', value: '=?UTF-8?Q?=C3=A9t=C3=A9?= =?UTF-8?B?LnR4dA==?=' }]);
  });

  it('decodes raw 8-bit parameter values as UTF-8, or Latin-1 when they are not UTF-8', () => {
    const utf8 = Buffer.concat([Buffer.from('Content-Type: text/plain; name="'), Buffer.from('é.txt'), Buffer.from('"\r\n\r\n')]);
    expect(paramValue(parseMimeTree(utf8).params, 'name')).toBe('é.txt');
    const latin1 = Buffer.concat([Buffer.from('Content-Type: text/plain; name="'), Buffer.from([0xe9]), Buffer.from('.txt"\r\n\r\n')]);
    const tree = parseMimeTree(latin1);
    expect(paramValue(tree.params, 'name')).toBe('é.txt');
    expect(tree.wireParams[0]?.value).toBe('\u00e9.txt'); // the raw byte 0xE9, as a ByteString
  });

  it('survives an unknown charset and broken encodings', () => {
    const raw = crlf("Content-Type: text/plain; a*=x-unknown''ok%2; b=\"=?bogus?Q?hi?=\"; c=\"=?utf-8?x?nope?=\"; d=\"unterminated\n\nx");
    const tree = parseMimeTree(raw);
    expect(paramValue(tree.params, 'a')).toBe('ok%2');
    expect(paramValue(tree.params, 'b')).toBe('hi');
    expect(paramValue(tree.params, 'c')).toBe('=?utf-8?x?nope?=');
    expect(paramValue(tree.params, 'd')).toBe('unterminated');
  });
});

describe('parseMimeTree: multiparts', () => {
  it('splits multipart/mixed with an attachment composed by nodemailer', async () => {
    const raw = await compose({
      from: 'Alice <alice@example.org>',
      to: 'bob@example.org',
      subject: 'Report',
      text: 'See attached.\r\n',
      attachments: [{ filename: 'rapport-été.pdf', content: Buffer.alloc(300, 7), contentType: 'application/pdf' }],
    });
    const tree = parseMimeTree(raw);
    expect(tree).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(tree.children).toHaveLength(2);
    const text = child(tree, 0);
    const pdf = child(tree, 1);
    expect(text).toMatchObject({ type: 'text', subtype: 'plain' });
    expect(body(raw, text)).toBe('See attached.\r\n');
    expect(pdf).toMatchObject({ type: 'application', subtype: 'pdf', encoding: 'BASE64', disposition: { type: 'attachment' } });
    expect(paramValue(pdf.disposition?.params ?? [], 'filename')).toBe('rapport-été.pdf');
    expect(Buffer.from(body(raw, pdf), 'base64')).toEqual(Buffer.alloc(300, 7));
    // The part's MIME header starts right after the delimiter line.
    expect(slice(raw, pdf.headerStart, pdf.headerEnd)).toMatch(/^Content-Type: application\/pdf/);
    expect(assertOffsetsConsistent(tree, 0, raw.length)).toBe(1);
  });

  it('nests multipart/alternative inside multipart/mixed', async () => {
    const raw = await compose({
      from: 'alice@example.org',
      to: 'bob@example.org',
      subject: 'Alt',
      text: 'plain version',
      html: '<p>html version</p>',
      attachments: [{ filename: 'a.txt', content: 'attached' }],
    });
    const tree = parseMimeTree(raw);
    expect(tree.subtype).toBe('mixed');
    const alternative = child(tree, 0);
    expect(alternative).toMatchObject({ type: 'multipart', subtype: 'alternative' });
    expect(body(raw, child(alternative, 0))).toBe('plain version');
    expect(body(raw, child(alternative, 1))).toBe('<p>html version</p>');
    expect(child(tree, 1)).toMatchObject({ type: 'text', subtype: 'plain', disposition: { type: 'attachment' } });
    expect(assertOffsetsConsistent(tree, 0, raw.length)).toBe(2);
  });

  it('excludes preamble, epilogue and the line break before each delimiter', () => {
    const raw = crlf(
      'Content-Type: multipart/mixed; boundary=b\n\npreamble\n--b\n\none\n--b  \nContent-Type: text/html\n\n<b>two</b>\n\n--b--  \nepilogue\n',
    );
    const tree = parseMimeTree(raw);
    expect(tree.children?.map((c) => body(raw, c))).toEqual(['one', '<b>two</b>\r\n']);
    expect(slice(raw, child(tree, 0).headerStart, child(tree, 0).headerEnd)).toBe('\r\n');
    expect(child(tree, 1).lines).toBe(1);
  });

  it('does not cut an inner part at an outer boundary that is a prefix of the inner one', () => {
    const raw = crlf(
      [
        'Content-Type: multipart/mixed; boundary="abc"',
        '',
        '--abc',
        'Content-Type: multipart/alternative; boundary="abcd"',
        '',
        '--abcd',
        '',
        'inner 1',
        '--abcd',
        '',
        'inner 2',
        '--abcd--',
        '--abc',
        '',
        'outer 2',
        '--abc--',
      ].join('\n'),
    );
    const tree = parseMimeTree(raw);
    expect(tree.children).toHaveLength(2);
    expect(child(tree, 0).children?.map((c) => body(raw, c))).toEqual(['inner 1', 'inner 2']);
    expect(body(raw, child(tree, 1))).toBe('outer 2');
  });

  it('defaults parts of multipart/digest to message/rfc822', () => {
    const raw = crlf(
      'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: first\n\nbody 1\n--d\nContent-Type: text/plain\n\nnot a message\n--d--\n',
    );
    const tree = parseMimeTree(raw);
    const first = child(tree, 0);
    expect(first).toMatchObject({ type: 'message', subtype: 'rfc822' });
    expect(first.message?.envelope?.subject).toBe('first');
    expect(body(raw, first.message as MimePart)).toBe('body 1');
    expect(child(tree, 1)).toMatchObject({ type: 'text', subtype: 'plain' });
  });

  it('ends an unterminated multipart at the end of the message', () => {
    const raw = crlf('Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo, never closed\n');
    const tree = parseMimeTree(raw);
    expect(tree.children?.map((c) => body(raw, c))).toEqual(['one', 'two, never closed\r\n']);
  });

  it('turns a multipart without boundary, or whose boundary never appears, into an opaque leaf', () => {
    const noBoundary = parseMimeTree(crlf('Content-Type: multipart/mixed\n\n--b\n\nx\n--b--\n'));
    expect(noBoundary).toMatchObject({ type: 'application', subtype: 'octet-stream', opaque: { reason: 'no-parts', type: 'multipart', subtype: 'mixed' } });
    expect(noBoundary.children).toBeUndefined();
    const absent = parseMimeTree(crlf('Content-Type: multipart/mixed; boundary=zz\n\nno delimiter here\n'));
    expect(absent.opaque?.reason).toBe('no-parts');
  });
});

describe('parseMimeTree: message/rfc822', () => {
  it('parses an attached message with its own envelope and tree', async () => {
    const inner = await compose({
      from: 'Carol <carol@example.org>',
      to: 'dave@example.org',
      subject: 'Inner',
      messageId: '<inner@example.org>',
      text: 'inner text',
      attachments: [{ filename: 'x.bin', content: Buffer.from([1, 2, 3]) }],
    });
    const raw = await compose({
      from: 'alice@example.org',
      to: 'bob@example.org',
      subject: 'Fwd: Inner',
      text: 'forwarding',
      attachments: [{ filename: 'inner.eml', content: inner, contentType: 'message/rfc822' }],
    });
    const tree = parseMimeTree(raw);
    const forwarded = child(tree, 1);
    expect(forwarded).toMatchObject({ type: 'message', subtype: 'rfc822' });
    const message = forwarded.message as MimePart;
    expect(message.envelope).toMatchObject({
      subject: 'Inner',
      messageId: '<inner@example.org>',
      from: [{ name: 'Carol', adl: null, mailbox: 'carol', host: 'example.org' }],
    });
    expect(message).toMatchObject({ type: 'multipart', subtype: 'mixed' });
    expect(body(raw, child(message, 0))).toBe('inner text');
    expect(forwarded.lines).toBe(body(raw, forwarded).split('\n').length - 1);
    expect(assertOffsetsConsistent(tree, 0, raw.length)).toBe(3);
  });

  it('keeps a base64-encoded message/rfc822 as an opaque leaf (RFC 2046 5.2.1)', () => {
    const raw = crlf('Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA0KDQp5\n');
    const tree = parseMimeTree(raw);
    expect(tree).toMatchObject({ type: 'application', subtype: 'octet-stream', opaque: { reason: 'encoded', type: 'message', subtype: 'rfc822' } });
    expect(tree.message).toBeUndefined();
    expect(tree.lines).toBeUndefined();
  });
});

describe('parseMimeTree: envelope', () => {
  it('keeps raw envelope values and parses addresses, Sender and Reply-To defaulting to From', () => {
    const raw = crlf(
      [
        'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
        'From: Terry Gray <gray@cac.washington.edu>',
        'Subject: IMAP4rev1 WG mtg summary and minutes',
        'To: imap@cac.washington.edu',
        'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
        'Message-Id: <B27397-0100000@cac.washington.edu>',
        'In-Reply-To: <a@b>',
        '',
        'x',
      ].join('\n'),
    );
    const env = parseMimeTree(raw).envelope;
    const terry = { name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' };
    expect(env).toEqual({
      date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
      subject: 'IMAP4rev1 WG mtg summary and minutes',
      from: [terry],
      sender: [terry],
      replyTo: [terry],
      to: [{ name: null, adl: null, mailbox: 'imap', host: 'cac.washington.edu' }],
      cc: [
        { name: null, adl: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
        { name: 'John Klensin', adl: null, mailbox: 'KLENSIN', host: 'MIT.EDU' },
      ],
      bcc: [],
      inReplyTo: '<a@b>',
      messageId: '<B27397-0100000@cac.washington.edu>',
      raw: {
        from: 'Terry Gray <gray@cac.washington.edu>',
        sender: null,
        replyTo: null,
        to: 'imap@cac.washington.edu',
        cc: 'minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
        bcc: null,
      },
    });
  });

  it('defaults a present but empty Sender and Reply-To to From (RFC 3501 7.4.2)', () => {
    const env = parseMimeTree(crlf('From: a@example.org\nSender:\nReply-To:  \n\nx')).envelope;
    expect(env?.sender).toEqual(env?.from);
    expect(env?.replyTo).toEqual(env?.from);
    expect(env?.raw.sender).toBe('');
  });

  it('keeps an explicit Sender and Reply-To', () => {
    const env = parseMimeTree(crlf('From: a@example.org\nSender: s@example.org\nReply-To: r@example.org\n\nx')).envelope;
    expect(env?.sender[0]?.mailbox).toBe('s');
    expect(env?.replyTo[0]?.mailbox).toBe('r');
  });

  it('represents groups as RFC 3501 start and end markers', () => {
    expect(parseAddressList('A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Mary <mary@x.test>')).toEqual([
      { name: null, adl: null, mailbox: 'A Group', host: null },
      { name: 'Ed Jones', adl: null, mailbox: 'c', host: 'a.test' },
      { name: null, adl: null, mailbox: 'joe', host: 'where.test' },
      { name: 'John', adl: null, mailbox: 'jdoe', host: 'one.test' },
      { name: null, adl: null, mailbox: null, host: null },
      { name: 'Mary', adl: null, mailbox: 'mary', host: 'x.test' },
    ]);
    expect(parseAddressList('Undisclosed recipients:;')).toEqual([
      { name: null, adl: null, mailbox: 'Undisclosed recipients', host: null },
      { name: null, adl: null, mailbox: null, host: null },
    ]);
    // An unterminated group is closed at the end of the field.
    expect(parseAddressList('team: a@x.test').at(-1)).toEqual({ name: null, adl: null, mailbox: null, host: null });
  });

  it('parses quoted names, comments, routes and addresses without a domain', () => {
    expect(parseAddressList('"Doe, John \\"JD\\"" <john@example.org>')).toEqual([
      { name: 'Doe, John "JD"', adl: null, mailbox: 'john', host: 'example.org' },
    ]);
    expect(parseAddressList('pete@example.org (Pete Resnick)')[0]?.name).toBe('Pete Resnick');
    expect(parseAddressList('Joe Q. Public <john.q.public@example.com>')[0]).toEqual({
      name: 'Joe Q. Public',
      adl: null,
      mailbox: 'john.q.public',
      host: 'example.com',
    });
    expect(parseAddressList('<@a.test,@b.test:user@c.test>')[0]).toEqual({ name: null, adl: '@a.test,@b.test', mailbox: 'user', host: 'c.test' });
    expect(parseAddressList('"odd local"@example.org')[0]).toMatchObject({ mailbox: '"odd local"', host: 'example.org' });
    // Never NIL host for a real mailbox, or clients would read a group marker.
    expect(parseAddressList('postmaster')[0]).toEqual({ name: null, adl: null, mailbox: 'postmaster', host: '' });
    expect(parseAddressList('<>')[0]).toEqual({ name: null, adl: null, mailbox: '', host: '' });
    expect(parseAddressList(' , ,')).toEqual([]);
    expect(parseAddressList('=?utf-8?q?Andr=C3=A9?= <andre@example.org>')[0]?.name).toBe('=?utf-8?q?Andr=C3=A9?=');
  });
});

describe('parseMimeTree: hostile input', () => {
  it('parses a 10 MB single line without a line break, capping stored field values', () => {
    const raw = Buffer.concat([Buffer.from('Subject: '), Buffer.alloc(10 * 1024 * 1024, 'a')]);
    const tree = parseMimeTree(raw);
    expect(tree.headerEnd).toBe(raw.length);
    expect(tree.envelope?.subject).toHaveLength(MAX_STORED_FIELD_BYTES);
    const noColon = parseMimeTree(Buffer.alloc(10 * 1024 * 1024, 'x'));
    expect(noColon).toMatchObject({ type: 'text', subtype: 'plain', size: 0 });
  });

  it('parses a 10 MB single-line part inside a multipart', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, '-');
    const raw = Buffer.concat([crlf('Content-Type: multipart/mixed; boundary="-"\n\n---\n\n'), big, crlf('\n-----\n')]);
    const tree = parseMimeTree(raw);
    expect(tree.children).toHaveLength(1);
    expect(child(tree, 0).size).toBe(big.length);
  });

  it(`stops expanding at MAX_MIME_DEPTH (${MAX_MIME_DEPTH}) with 10,000 nested multiparts`, () => {
    const depth = 10_000;
    const chunks: string[] = [];
    for (let i = 0; i < depth; i++) chunks.push(`Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`);
    chunks.push('\r\nleaf\r\n');
    for (let i = depth - 1; i >= 0; i--) chunks.push(`--b${i}--\r\n`);
    const raw = Buffer.from(chunks.join(''));
    const tree = parseMimeTree(raw);
    let part = tree;
    let levels = 0;
    while (part.children !== undefined) {
      part = child(part, 0);
      levels++;
    }
    expect(levels).toBe(MAX_MIME_DEPTH);
    expect(part).toMatchObject({ type: 'application', subtype: 'octet-stream', opaque: { reason: 'depth', type: 'multipart' } });
    expect(assertOffsetsConsistent(tree, 0, raw.length)).toBe(MAX_MIME_DEPTH);
    // The stored form stays JSON-serialisable and small.
    expect(JSON.stringify(tree).length).toBeLessThan(50_000);
  });

  it('stops expanding nested message/rfc822 at the same depth', () => {
    const raw = Buffer.from('Content-Type: message/rfc822\r\n\r\n'.repeat(5000) + 'Subject: bottom\r\n\r\nx');
    const tree = parseMimeTree(raw);
    let part = tree;
    let levels = 0;
    while (part.message !== undefined) {
      part = part.message;
      levels++;
    }
    expect(levels).toBe(MAX_MIME_DEPTH);
    expect(part.opaque?.reason).toBe('depth');
  });

  it(`lists at most MAX_MIME_PARTS (${MAX_MIME_PARTS}) parts`, () => {
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${'--b\r\n\r\nx\r\n'.repeat(200_000)}--b--\r\n`);
    const tree = parseMimeTree(raw);
    expect(tree.children).toHaveLength(MAX_MIME_PARTS - 1); // the root counts too
    assertOffsetsConsistent(tree, 0, raw.length);
  });

  it(`accepts boundaries up to MAX_BOUNDARY_BYTES (${MAX_BOUNDARY_BYTES}) and leaves longer ones opaque`, () => {
    const message = (boundary: string): Buffer =>
      crlf(`Content-Type: multipart/mixed; boundary="${boundary}"\n\n--${boundary}\n\nx\n--${boundary}--\n`);
    expect(parseMimeTree(message('b'.repeat(MAX_BOUNDARY_BYTES))).children).toHaveLength(1);
    expect(parseMimeTree(message('b'.repeat(MAX_BOUNDARY_BYTES + 1))).opaque?.reason).toBe('no-parts');
  });

  it('merges RFC 2231 sections numbered up to 999 and keeps longer numbers as plain names', () => {
    const tree = parseMimeTree(crlf('Content-Type: text/plain; n*0=a; n*999=b; n*99999999999999999999=c\n\nx'));
    expect(paramValue(tree.params, 'n')).toBe('ab');
    expect(paramValue(tree.params, 'n*99999999999999999999')).toBe('c');
  });

  it('tolerates NUL and 8-bit bytes in header names and values', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: a\u0000b '),
      Buffer.from([0xff, 0xfe, 0xe9]),
      Buffer.from('\r\n\u0000\u00ff: junk\r\nContent-Type: text/plain; name="\u0000x"\r\nFrom: '),
      Buffer.from([0xc3, 0xa9]),
      Buffer.from(' <a@b.test>\r\n\r\nbody'),
    ]);
    const tree = parseMimeTree(raw);
    expect(tree.envelope?.subject).toBe('a\u0000b \u00ff\u00fe\u00e9');
    expect(tree.envelope?.from[0]).toEqual({ name: '\u00c3\u00a9', adl: null, mailbox: 'a', host: 'b.test' });
    expect(body(raw, tree)).toBe('body');
  });

  it('handles huge numbers of header lines and parameters linearly', () => {
    const raw = Buffer.from(`${'X-Junk: y\r\n'.repeat(200_000)}Content-Type: text/plain;${' a=b;'.repeat(20_000)}\r\n\r\nx`);
    const tree = parseMimeTree(raw);
    expect(tree.type).toBe('text');
    expect(tree.params).toHaveLength(1);
  });

  it('handles pathological encoded-word, comment and quote sequences', () => {
    const raw = Buffer.from(
      `Content-Type: text/plain; name="${'=?a?q?'.repeat(5000)}"; title=${'('.repeat(5000)}\r\nTo: ${'"'.repeat(5001)}${'<'.repeat(5000)}\r\n\r\n`,
    );
    const tree = parseMimeTree(raw);
    expect(paramValue(tree.params, 'name')).toBe('=?a?q?'.repeat(5000));
    expect(tree.envelope?.to.length).toBeGreaterThanOrEqual(0);
  });

  it('never throws and keeps offsets consistent on mutated messages', async () => {
    const seeds = [
      await compose({
        from: 'a@example.org',
        to: 'Group: b@example.org;',
        subject: 'seed',
        text: 'plain',
        html: '<p>html</p>',
        attachments: [
          { filename: 'é.txt', content: 'x' },
          { filename: 'm.eml', content: crlf('Subject: inner\nContent-Type: multipart/mixed; boundary=q\n\n--q\n\ni\n--q--\n'), contentType: 'message/rfc822' },
        ],
      }),
      crlf('Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: s\n\nb\n--d--\n'),
    ];
    // Deterministic xorshift PRNG so a failure reproduces.
    let state = 0x9e3779b9;
    const random = (n: number): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) % n;
    };
    const alphabet = Buffer.from('-\r\n:;="\\()<>@,\0\xff ab');
    for (let round = 0; round < 400; round++) {
      const seed = seeds[round % seeds.length] as Buffer;
      const mutated = Buffer.from(seed);
      for (let k = 0; k < 1 + random(20); k++) {
        const at = random(mutated.length);
        mutated[at] = alphabet[random(alphabet.length)] as number;
      }
      const cut = random(3) === 0 ? mutated.subarray(0, random(mutated.length)) : mutated;
      const tree = parseMimeTree(cut);
      assertOffsetsConsistent(tree, 0, cut.length);
      expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
    }
  });
});
