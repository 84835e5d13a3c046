// Test helpers: run text through the real LineReader and parser, collecting what they report.

import type {
  CommandRejection,
  LineReaderHandlers,
  LineReaderOptions,
  LiteralAnnouncement,
  RawCommand,
  ResponseHint,
} from '../../src/imap/protocol/line-reader.js';
import { LineReader } from '../../src/imap/protocol/line-reader.js';
import type { ParsedCommand } from '../../src/imap/protocol/parser.js';
import { parseCommand } from '../../src/imap/protocol/parser.js';
import type { Token } from '../../src/imap/protocol/tokenizer.js';

export type ReaderEvent =
  | { type: 'command'; command: RawCommand }
  | { type: 'raw'; line: string }
  | { type: 'continue'; literal: LiteralAnnouncement }
  | { type: 'reject'; rejection: CommandRejection };

export interface Harness {
  reader: LineReader;
  events: ReaderEvent[];
  commands(): RawCommand[];
}

/** A reader whose events are recorded in order. */
export function harness(
  options: LineReaderOptions = {},
  extra: Partial<Pick<LineReaderHandlers, 'checkLiteral'>> & {
    onCommand?: (command: RawCommand, reader: LineReader) => void;
  } = {},
): Harness {
  const events: ReaderEvent[] = [];
  const handlers: LineReaderHandlers = {
    onCommand: command => {
      events.push({ type: 'command', command });
      extra.onCommand?.(command, reader);
    },
    onRawLine: line => events.push({ type: 'raw', line: line.toString('latin1') }),
    onContinue: literal => events.push({ type: 'continue', literal }),
    onReject: rejection => events.push({ type: 'reject', rejection }),
  };
  if (extra.checkLiteral) {
    const check = extra.checkLiteral;
    handlers.checkLiteral = (literal: LiteralAnnouncement): ResponseHint | null | undefined => check(literal);
  }
  const reader = new LineReader(handlers, options);
  return {
    reader,
    events,
    commands: () => events.flatMap(e => (e.type === 'command' ? [e.command] : [])),
  };
}

/** Feed `input` in chunks of `size` bytes (1 = byte at a time). */
export function feed(reader: LineReader, input: string | Buffer, size = Infinity): void {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (size === Infinity) {
    reader.push(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += size) reader.push(Buffer.from(bytes.subarray(i, i + size)));
}

/** Read exactly one command from `text` (literals accepted) and parse it. */
export function parse(text: string | Buffer): ParsedCommand {
  const h = harness();
  feed(h.reader, text);
  const commands = h.commands();
  if (commands.length !== 1 || !h.reader.isBetweenCommands) {
    throw new Error(`expected one complete command, got ${commands.length}`);
  }
  const raw = commands[0];
  if (raw === undefined) throw new Error('no command');
  return parseCommand(raw);
}

/** The argument tokens of `a CMD <text>\r\n`. */
export function argsOf(command: string, text: string | Buffer): Token[] {
  const line = Buffer.concat([Buffer.from(`a ${command} `), typeof text === 'string' ? Buffer.from(text) : text, Buffer.from('\r\n')]);
  return parse(line).args;
}

/** Command text as a string (segments and literals rejoined), for comparing reader outputs. */
export function render(raw: RawCommand): string {
  let out = '';
  raw.segments.forEach((segment, i) => {
    out += segment.toString('latin1');
    const literal = raw.literals[i];
    if (literal) out += `{${literal.binary ? '~' : ''}${literal.synchronizing ? '' : '+'}${literal.data.toString('latin1')}}`;
  });
  return out;
}

/** Deterministic PRNG (mulberry32) so hostile-input runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
