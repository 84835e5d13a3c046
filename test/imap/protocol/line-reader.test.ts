import { describe, expect, it } from 'vitest';
import {
  MAX_LITERAL_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  LineReader,
  MAX_LINE_BYTES,
  findLiteralMarker,
} from '../../../src/imap/protocol/line-reader.js';
import type { RawCommand } from '../../../src/imap/protocol/line-reader.js';
import { feed, harness, prng, render } from '../../helpers/imap-protocol.js';

const PIPELINE = [
  'a1 NOOP\r\n',
  'a2 LOGIN {4}\r\nuser {6}\r\nsecret\r\n',
  'a3 APPEND INBOX (\\Seen) {12+}\r\nHello\r\nWorld\r\n',
  'a4 SELECT "INBOX"\r\n',
  'a5 APPEND Drafts ~{3}\r\n\x00\x01\x02\r\n',
  'a6 LOGIN {0}\r\n {0+}\r\n\r\n',
  'a7 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (From To)]<0.1024>)\r\n',
].join('');

function rendered(commands: RawCommand[]): string[] {
  return commands.map(render);
}

describe('LineReader', () => {
  it('reads a single command line without its CRLF', () => {
    const h = harness();
    feed(h.reader, 'a1 NOOP\r\n');
    expect(rendered(h.commands())).toEqual(['a1 NOOP']);
    expect(h.reader.isBetweenCommands).toBe(true);
  });

  it('splits pipelined commands delivered in one chunk, literals included', () => {
    const h = harness();
    feed(h.reader, PIPELINE);
    expect(rendered(h.commands())).toEqual([
      'a1 NOOP',
      'a2 LOGIN {user} {secret}',
      'a3 APPEND INBOX (\\Seen) {+Hello\r\nWorld}',
      'a4 SELECT "INBOX"',
      'a5 APPEND Drafts {~\x00\x01\x02}',
      'a6 LOGIN {} {+}',
      'a7 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (From To)]<0.1024>)',
    ]);
  });

  it('gives the same commands and events when fed one byte at a time', () => {
    const whole = harness();
    feed(whole.reader, PIPELINE);
    const bytewise = harness();
    feed(bytewise.reader, PIPELINE, 1);
    expect(rendered(bytewise.commands())).toEqual(rendered(whole.commands()));
    expect(bytewise.events.map(e => e.type)).toEqual(whole.events.map(e => e.type));
  });

  it('gives the same commands for every chunk size', () => {
    const whole = harness();
    feed(whole.reader, PIPELINE);
    for (let size = 2; size <= 17; size++) {
      const h = harness();
      feed(h.reader, PIPELINE, size);
      expect(rendered(h.commands())).toEqual(rendered(whole.commands()));
    }
  });

  it('keeps a CRLF inside a literal as data, not as the end of the command', () => {
    const h = harness();
    feed(h.reader, 'a APPEND x {6}\r\nA\r\nB\r\n\r\n');
    const [cmd] = h.commands();
    expect(cmd?.literals[0]?.data.toString()).toBe('A\r\nB\r\n');
    expect(cmd?.segments.map(s => s.toString())).toEqual(['a APPEND x ', '']);
  });

  it('asks for continuation once per synchronising literal, after its announcement and before its data', () => {
    const h = harness();
    // RFC 3501 7.5 example: the literal holds "FRED FOOBAR", the second one "fat man".
    feed(h.reader, 'A001 LOGIN {11}\r\n');
    expect(h.events.map(e => e.type)).toEqual(['continue']);
    const first = h.events[0];
    expect(first?.type === 'continue' && first.literal).toMatchObject({
      tag: 'A001',
      command: 'LOGIN',
      size: 11,
      synchronizing: true,
      binary: false,
      index: 0,
    });
    feed(h.reader, 'FRED FOOBAR {7}\r\n');
    expect(h.events.map(e => e.type)).toEqual(['continue', 'continue']);
    feed(h.reader, 'fat man\r\n');
    expect(h.events.map(e => e.type)).toEqual(['continue', 'continue', 'command']);
    expect(rendered(h.commands())).toEqual(['A001 LOGIN {FRED FOOBAR} {fat man}']);
  });

  it('does not ask for continuation for LITERAL+ literals (RFC 7888)', () => {
    const h = harness();
    feed(h.reader, 'a LOGIN {4+}\r\nuser {6+}\r\nsecret\r\n');
    expect(h.events.map(e => e.type)).toEqual(['command']);
    expect(h.commands()[0]?.literals.map(l => l.synchronizing)).toEqual([false, false]);
  });

  it('marks literal8 ~{n} literals as binary (RFC 3516)', () => {
    const h = harness();
    feed(h.reader, Buffer.concat([Buffer.from('a APPEND x ~{2}\r\n'), Buffer.from([0x00, 0xff]), Buffer.from('\r\n')]));
    const lit = h.commands()[0]?.literals[0];
    expect(lit?.binary).toBe(true);
    expect([...(lit?.data ?? [])]).toEqual([0x00, 0xff]);
  });

  it('keeps a literal that arrived in one chunk as a slice of that chunk, without copying', () => {
    const h = harness();
    const chunk = Buffer.from('a APPEND x {5+}\r\nhello\r\n');
    h.reader.push(chunk);
    const data = h.commands()[0]?.literals[0]?.data;
    expect(data?.toString()).toBe('hello');
    expect(data?.buffer).toBe(chunk.buffer);
  });

  it('reassembles a large literal trickled in pieces of every size', () => {
    const random = prng(42);
    const body = Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(random() * 256)));
    const input = Buffer.concat([Buffer.from(`a APPEND INBOX {${body.length}+}\r\n`), body, Buffer.from(' {3+}\r\nxyz\r\n')]);
    const h = harness();
    let at = 0;
    while (at < input.length) {
      const size = random() < 0.5 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * 3000);
      h.reader.push(Buffer.from(input.subarray(at, at + size)));
      at += size;
    }
    const [cmd] = h.commands();
    expect(cmd?.literals[0]?.data.equals(body)).toBe(true);
    expect(cmd?.literals[1]?.data.toString()).toBe('xyz');
  });

  it('accepts a line ended by a bare LF', () => {
    const h = harness();
    feed(h.reader, 'a NOOP\nb LOGIN {1}\nx\n');
    expect(rendered(h.commands())).toEqual(['a NOOP', 'b LOGIN {x}']);
  });

  it('hands an empty line over as an empty command', () => {
    const h = harness();
    feed(h.reader, '\r\n');
    expect(rendered(h.commands())).toEqual(['']);
  });

  it('accepts a command line of exactly MAX_LINE_BYTES', () => {
    const h = harness();
    const line = `a NOOP ${'x'.repeat(MAX_LINE_BYTES - 7)}`;
    expect(line.length).toBe(MAX_LINE_BYTES);
    feed(h.reader, `${line}\r\n`);
    expect(h.commands()).toHaveLength(1);
  });

  it('refuses a line longer than MAX_LINE_BYTES with BAD, keeps the tag, skips the rest and reads the next command', () => {
    for (const size of [Infinity, 1000, 1]) {
      const h = harness();
      const long = `t1 SEARCH ${'x'.repeat(MAX_LINE_BYTES)}\r\nt2 NOOP\r\n`;
      feed(h.reader, long, size);
      expect(h.events.map(e => e.type)).toEqual(['reject', 'command']);
      const reject = h.events[0];
      expect(reject?.type === 'reject' && reject.rejection).toMatchObject({
        reason: 'line-too-long',
        tag: 't1',
        command: 'SEARCH',
        fatal: false,
        response: { status: 'BAD' },
      });
      expect(rendered(h.commands())).toEqual(['t2 NOOP']);
    }
  });

  it('counts every line segment of a command against the line limit', () => {
    const h = harness({ maxLineBytes: 30 });
    feed(h.reader, `a LOGIN {1+}\r\nx ${'y'.repeat(25)}\r\nb NOOP\r\n`);
    expect(h.events.map(e => e.type)).toEqual(['reject', 'command']);
    expect(rendered(h.commands())).toEqual(['b NOOP']);
  });

  it('refuses an over-size synchronising literal before reading it, with NO [TOOBIG], and reads the next command', () => {
    const h = harness({ maxLiteralBytes: 10 });
    feed(h.reader, 'a1 APPEND INBOX {11}\r\n');
    expect(h.events.map(e => e.type)).toEqual(['reject']);
    const ev = h.events[0];
    expect(ev?.type === 'reject' && ev.rejection).toMatchObject({
      reason: 'literal-too-big',
      tag: 'a1',
      command: 'APPEND',
      fatal: false,
      response: { status: 'NO', code: 'TOOBIG' },
      literal: { size: 11, synchronizing: true },
    });
    // RFC 3501 7.5: the client got a tagged reply instead of "+", so it sends the next command.
    feed(h.reader, 'a2 NOOP\r\n');
    expect(rendered(h.commands())).toEqual(['a2 NOOP']);
  });

  it('refuses an over-size LITERAL+ literal and discards its bytes and the rest of the command', () => {
    for (const size of [Infinity, 3, 1]) {
      const h = harness({ maxLiteralBytes: 10, maxDiscardBytes: 1000 });
      feed(h.reader, 'a1 APPEND INBOX {20+}\r\n0123456789\r\n01234567 {3+}\r\nabc more\r\na2 NOOP\r\n', size);
      expect(h.events.map(e => e.type)).toEqual(['reject', 'command']);
      const ev = h.events[0];
      expect(ev?.type === 'reject' && ev.rejection).toMatchObject({ reason: 'literal-too-big', tag: 'a1', fatal: false });
      expect(rendered(h.commands())).toEqual(['a2 NOOP']);
    }
  });

  it('defaults the literal limit to the largest message plus a margin', () => {
    expect(MAX_LITERAL_BYTES).toBeGreaterThan(DEFAULT_MAX_MESSAGE_BYTES);
    const h = harness();
    feed(h.reader, `a APPEND INBOX {${MAX_LITERAL_BYTES + 1}}\r\n`);
    expect(h.events.map(e => e.type)).toEqual(['reject']);
    const ok = harness();
    feed(ok.reader, `a APPEND INBOX {${DEFAULT_MAX_MESSAGE_BYTES}}\r\n`);
    expect(ok.events.map(e => e.type)).toEqual(['continue']);
  });

  it('refuses a command whose literals together exceed the command limit', () => {
    const h = harness({ maxLiteralBytes: 100, maxCommandBytes: 150 });
    feed(h.reader, `a LOGIN {80}\r\n${'u'.repeat(80)} {80}\r\n`);
    expect(h.events.map(e => e.type)).toEqual(['continue', 'reject']);
    const ev = h.events[1];
    expect(ev?.type === 'reject' && ev.rejection.reason).toBe('command-too-big');
    feed(h.reader, 'b NOOP\r\n');
    expect(rendered(h.commands())).toEqual(['b NOOP']);
  });

  it('lets the server refuse a literal by policy before its bytes are read', () => {
    const h = harness(
      {},
      {
        checkLiteral: literal =>
          literal.command === 'APPEND' && literal.size > 5 ? { status: 'NO', code: 'OVERQUOTA', text: 'Mailbox full' } : null,
      },
    );
    feed(h.reader, 'a APPEND INBOX {6}\r\nb APPEND INBOX {5}\r\nhello\r\n');
    expect(h.events.map(e => e.type)).toEqual(['reject', 'continue', 'command']);
    const ev = h.events[0];
    expect(ev?.type === 'reject' && ev.rejection).toMatchObject({
      reason: 'literal-refused',
      tag: 'a',
      response: { status: 'NO', code: 'OVERQUOTA', text: 'Mailbox full' },
    });
  });

  it('closes when a refused LITERAL+ literal is too large to skip, and says the refusal is fatal', () => {
    const h = harness({ maxLiteralBytes: 10, maxDiscardBytes: 100 });
    feed(h.reader, 'a APPEND INBOX {1000+}\r\nxxxx');
    const ev = h.events[0];
    expect(ev?.type === 'reject' && ev.rejection).toMatchObject({ reason: 'literal-too-big', fatal: true });
    expect(h.reader.isClosed).toBe(true);
    feed(h.reader, 'b NOOP\r\n');
    expect(h.commands()).toEqual([]);
  });

  it('closes when a refused command keeps announcing LITERAL+ data beyond the discard limit', () => {
    const h = harness({ maxLiteralBytes: 10, maxDiscardBytes: 30 });
    feed(h.reader, `a APPEND INBOX {20+}\r\n${'x'.repeat(20)} {20+}\r\n`);
    expect(h.events.map(e => e.type === 'reject' && e.rejection.reason)).toEqual(['literal-too-big', 'too-much-to-discard']);
    const last = h.events[1];
    expect(last?.type === 'reject' && last.rejection).toMatchObject({ tag: 'a', fatal: true });
    expect(h.reader.isClosed).toBe(true);
  });

  it('closes when the rest of an over-long line goes on beyond the discard limit', () => {
    const h = harness({ maxLineBytes: 100, maxDiscardBytes: 1000 });
    feed(h.reader, `a SEARCH ${'x'.repeat(200)}`);
    expect(h.events.map(e => e.type === 'reject' && e.rejection.reason)).toEqual(['line-too-long']);
    for (let i = 0; i < 20; i++) feed(h.reader, 'y'.repeat(100));
    expect(h.events.map(e => e.type === 'reject' && e.rejection.reason)).toEqual(['line-too-long', 'too-much-to-discard']);
    expect(h.reader.isClosed).toBe(true);
  });

  it('hands over the line after expectRawLine as is (IDLE DONE, RFC 2177)', () => {
    const h = harness({}, { onCommand: (cmd, reader) => render(cmd).endsWith('IDLE') && reader.expectRawLine() });
    feed(h.reader, 'a IDLE\r\nDONE\r\nb NOOP\r\n');
    expect(h.events.map(e => (e.type === 'raw' ? `raw:${e.line}` : e.type))).toEqual(['command', 'raw:DONE', 'command']);
  });

  it('does not treat a raw line ending in {n} as a literal announcement', () => {
    const h = harness();
    h.reader.expectRawLine();
    feed(h.reader, 'abc {5}\r\nb NOOP\r\n');
    expect(h.events.map(e => (e.type === 'raw' ? `raw:${e.line}` : e.type))).toEqual(['raw:abc {5}', 'command']);
  });

  it('serves an AUTHENTICATE exchange, one raw line per challenge (RFC 3501 6.2.2)', () => {
    const h = harness({}, { onCommand: (_cmd, reader) => reader.expectRawLine() });
    feed(h.reader, 'A001 AUTHENTICATE PLAIN\r\n');
    expect(h.events.map(e => e.type)).toEqual(['command']);
    feed(h.reader, 'AHVzZXIAc2VjcmV0\r\n');
    expect(h.events[1]).toEqual({ type: 'raw', line: 'AHVzZXIAc2VjcmV0' });
    h.reader.expectRawLine();
    feed(h.reader, '*\r\n');
    expect(h.events[2]).toEqual({ type: 'raw', line: '*' });
  });

  it('holds pipelined commands while paused and delivers them on resume', () => {
    const h = harness({}, { onCommand: (_cmd, reader) => reader.pause() });
    feed(h.reader, 'a NOOP\r\nb NOOP\r\nc NOOP\r\n');
    expect(rendered(h.commands())).toEqual(['a NOOP']);
    expect(h.reader.isPaused).toBe(true);
    expect(h.reader.bufferedBytes).toBe('b NOOP\r\nc NOOP\r\n'.length);
    h.reader.resume();
    expect(rendered(h.commands())).toEqual(['a NOOP', 'b NOOP']);
    h.reader.resume();
    h.reader.resume();
    expect(rendered(h.commands())).toEqual(['a NOOP', 'b NOOP', 'c NOOP']);
    expect(h.reader.bufferedBytes).toBe(0);
  });

  it('applies a raw-line request made while paused to data that was already buffered', () => {
    const h = harness({}, { onCommand: (_cmd, reader) => reader.pause() });
    feed(h.reader, 'a IDLE\r\nDONE\r\n');
    // The session answers "+ idling" asynchronously, then switches mode and resumes.
    h.reader.expectRawLine();
    h.reader.resume();
    expect(h.events.map(e => (e.type === 'raw' ? `raw:${e.line}` : e.type))).toEqual(['command', 'raw:DONE']);
  });

  it('ignores everything after close()', () => {
    const h = harness();
    feed(h.reader, 'a NOOP\r\nb NO');
    h.reader.close();
    feed(h.reader, 'OP\r\nc NOOP\r\n');
    expect(rendered(h.commands())).toEqual(['a NOOP']);
    expect(h.reader.bufferedBytes).toBe(0);
  });

  it('survives a handler that closes the reader in the middle of a chunk', () => {
    const reader: LineReader = new LineReader({
      onCommand: () => reader.close(),
      onContinue: () => undefined,
      onReject: () => undefined,
    });
    reader.push(Buffer.from('a NOOP\r\nb NOOP\r\n'));
    expect(reader.isClosed).toBe(true);
  });
});

describe('findLiteralMarker', () => {
  it('recognises {n}, {n+} and ~{n} at the end of a line only', () => {
    expect(findLiteralMarker(Buffer.from('a LOGIN {11}'))).toEqual({ start: 8, size: 11, synchronizing: true, binary: false });
    expect(findLiteralMarker(Buffer.from('a LOGIN {0+}'))).toEqual({ start: 8, size: 0, synchronizing: false, binary: false });
    expect(findLiteralMarker(Buffer.from('a APPEND x ~{3}'))).toEqual({ start: 11, size: 3, synchronizing: true, binary: true });
    expect(findLiteralMarker(Buffer.from('a LOGIN {11} x'))).toBeNull();
    expect(findLiteralMarker(Buffer.from('a LOGIN {}'))).toBeNull();
    expect(findLiteralMarker(Buffer.from('a LOGIN {+}'))).toBeNull();
    expect(findLiteralMarker(Buffer.from('a LOGIN 11}'))).toBeNull();
    expect(findLiteralMarker(Buffer.from('}'))).toBeNull();
    expect(findLiteralMarker(Buffer.alloc(0))).toBeNull();
  });

  it('reports an absurdly long size as Infinity so every limit refuses it', () => {
    expect(findLiteralMarker(Buffer.from(`a {${'9'.repeat(40)}}`))?.size).toBe(Infinity);
  });
});
