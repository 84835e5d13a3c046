// Incremental IMAP command reader: fed the Buffers a socket delivers, it yields complete commands,
// each a command line plus the literals embedded in it (RFC 3501 4.3, 7.5; RFC 7888 LITERAL+).
//
// Invariants:
// - Work per pushed byte is constant: a line is scanned once for its LF, never rescanned, so
//   feeding one byte at a time costs the same as one big chunk.
// - Literal bytes are kept as the socket's own Buffer slices and joined once, when the literal is
//   complete (a literal that arrived in one chunk is not copied at all); only tiny pieces trickled
//   in are coalesced first (ChunkCollector). Pushed Buffers must not be mutated afterwards
//   (net.Socket allocates a new Buffer for every 'data' event).
// - Every size limit is checked on the announcement `{n}`, before a single literal byte is read, so
//   an over-size literal is refused without being buffered.
// - Handlers are called after the reader's own state is updated, so a handler may call pause(),
//   expectRawLine() or close() on the reader.

import { isTagChar } from './chars.js';

/**
 * Longest command text outside literals, all line segments of one command together, line endings
 * excluded. The text is buffered and tokenised in one go, so it must be bounded; RFC 7162 4
 * (updating RFC 2683 3.2.1.5) asks servers to accept lines of at least 8192 octets, and 64 KiB
 * leaves room for the long UID sets clients send after a resync.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** Largest message the server stores: one message can never exceed a whole 50 MB mailbox quota. */
export const DEFAULT_MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/**
 * Slack above the largest message for one literal, so that an APPEND just over the message limit
 * reaches the store and gets its precise answer (NO [OVERQUOTA] / [TOOBIG]) instead of the reader's
 * generic refusal.
 */
export const LITERAL_MARGIN_BYTES = 64 * 1024;

/**
 * Largest single literal, by default (LineReaderOptions.maxLiteralBytes overrides it with the
 * configured message limit + LITERAL_MARGIN_BYTES). The whole literal is held in memory.
 */
export const MAX_LITERAL_BYTES = DEFAULT_MAX_MESSAGE_BYTES + LITERAL_MARGIN_BYTES;

/**
 * Largest whole command (text plus all literals), by default maxLiteralBytes + maxLineBytes: one
 * full-size message plus its command text, since the command is held in memory until it is parsed.
 */
export const MAX_COMMAND_BYTES = MAX_LITERAL_BYTES + MAX_LINE_BYTES;

/**
 * Most bytes the reader will read and throw away for one refused command: the rest of an over-long
 * line, and LITERAL+ data (RFC 7888 4: the client sends it without waiting, so the server must skip
 * it to find the next command). Beyond this the client is broken or hostile: the reader closes and
 * the server should answer BYE. By default twice maxLiteralBytes.
 */
export const MAX_DISCARD_BYTES = 2 * MAX_LITERAL_BYTES;

/**
 * Pieces smaller than this that arrive after the first piece of a line or literal are copied into a
 * staging buffer instead of kept as slices: a client trickling a 50 MB literal one byte per packet
 * would otherwise cost one Buffer object (~100 bytes) per byte.
 */
const COALESCE_BELOW_BYTES = 512;

/** Largest staging buffer for coalesced pieces. */
const STAGING_MAX_BYTES = 64 * 1024;

/** Staging buffer size for a line, whose length is not known in advance. */
const LINE_STAGING_BYTES = 1024;

/** Bytes at the start of a command looked at to recover its tag and name for an error reply. */
const HEAD_SCAN_BYTES = 256;

/** Bytes kept from the end of a discarded line: enough for `~{` + 20 digits + `+}`. */
const DISCARD_TAIL_BYTES = 32;

/** Beyond this many digits a literal size cannot be represented exactly; it is over any limit. */
const MAX_SIZE_DIGITS = 15;

const LF = 0x0a;
const CR = 0x0d;

/** One literal of a command, in full. */
export interface Literal {
  data: Buffer;
  /** `{n}` (true) or LITERAL+ `{n+}` (false). */
  synchronizing: boolean;
  /** RFC 3516 literal8 `~{n}` (may contain NUL; only valid where BINARY allows it). */
  binary: boolean;
}

/**
 * A complete command as read from the wire. `segments[i]` is the command text before `literals[i]`
 * with the literal announcement and line ending removed; the last segment is the text after the
 * last literal. Always `segments.length === literals.length + 1`.
 */
export interface RawCommand {
  segments: Buffer[];
  literals: Literal[];
  /** Bytes the client sent for this command, line endings and literal announcements included. */
  bytes: number;
}

/** A literal announced by the client, before any of its bytes are read. */
export interface LiteralAnnouncement {
  /** The command's tag if the start of the line holds a valid one. */
  tag: string | null;
  /** The command name, uppercased, with its UID prefix (`APPEND`, `UID FETCH`), if readable. */
  command: string | null;
  size: number;
  synchronizing: boolean;
  binary: boolean;
  /** 0-based position of this literal in the command. */
  index: number;
  /** Bytes of this command read so far, announcement line included. */
  commandBytes: number;
}

/** How the server might answer a refused command: `tag status [code] text`. */
export interface ResponseHint {
  status: 'NO' | 'BAD';
  /** Response code without brackets (`TOOBIG`), or null. */
  code: string | null;
  text: string;
}

export type RejectionReason =
  | 'line-too-long'
  | 'literal-too-big'
  | 'command-too-big'
  | 'literal-refused'
  | 'too-much-to-discard';

/** A command the reader dropped. The server answers it (tag or `*`) with `response` or its own. */
export interface CommandRejection {
  reason: RejectionReason;
  tag: string | null;
  command: string | null;
  /** The refused literal, for literal reasons. */
  literal: LiteralAnnouncement | null;
  response: ResponseHint;
  /** The reader has closed: the server should send `* BYE` and end the connection. */
  fatal: boolean;
}

export interface LineReaderHandlers {
  /** A complete command. */
  onCommand(command: RawCommand): void;
  /** The line that followed expectRawLine() (IDLE's DONE, an AUTHENTICATE response), CRLF removed. */
  onRawLine?(line: Buffer): void;
  /** A synchronising literal was accepted: the server must now send `+ Ready for literal data`. */
  onContinue(literal: LiteralAnnouncement): void;
  /** A command was dropped (limit or refusal); no onCommand will follow for it. */
  onReject(rejection: CommandRejection): void;
  /**
   * Server policy for a literal within the reader's limits (e.g. APPEND to a full mailbox):
   * return a refusal to drop the command before its bytes are read, or null to accept.
   */
  checkLiteral?(literal: LiteralAnnouncement): ResponseHint | null | undefined;
}

export interface LineReaderOptions {
  /** Default MAX_LINE_BYTES. */
  maxLineBytes?: number;
  /** Largest single literal; default MAX_LITERAL_BYTES (pass the configured message limit + margin). */
  maxLiteralBytes?: number;
  /** Largest whole command; default maxLiteralBytes + maxLineBytes (MAX_COMMAND_BYTES). */
  maxCommandBytes?: number;
  /** Most bytes skipped for one refused command; default 2 x maxLiteralBytes (MAX_DISCARD_BYTES). */
  maxDiscardBytes?: number;
}

/** Position and meaning of a literal announcement at the end of a line. */
export interface LiteralMarker {
  /** Index in the line where the announcement (`{` or `~{`) starts. */
  start: number;
  size: number;
  synchronizing: boolean;
  binary: boolean;
}

/**
 * RFC 3501 9: literal = "{" number "}" CRLF; RFC 7888: "{" number "+}"; RFC 3516: "~{" number "}".
 * Looks only at the end of `line` (line ending already removed). Sizes too long to be exact are
 * reported as Infinity so they fail every limit.
 */
export function findLiteralMarker(line: Buffer): LiteralMarker | null {
  let i = line.length - 1;
  if (line[i] !== 0x7d) return null; // }
  i--;
  let synchronizing = true;
  if (line[i] === 0x2b) {
    // +
    synchronizing = false;
    i--;
  }
  const digitsEnd = i + 1;
  while (i >= 0 && isDigit(line[i])) i--;
  if (i === digitsEnd - 1 || line[i] !== 0x7b) return null; // no digits, or no {
  const digitsStart = i + 1;
  let start = i;
  let binary = false;
  if (i > 0 && line[i - 1] === 0x7e) {
    // ~
    binary = true;
    start = i - 1;
  }
  const digitCount = digitsEnd - digitsStart;
  const size = digitCount > MAX_SIZE_DIGITS ? Infinity : Number(line.toString('latin1', digitsStart, digitsEnd));
  return { start, size, synchronizing, binary };
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** Best-effort tag and command name from the start of a command, for error replies. */
export function readCommandHead(head: Buffer): { tag: string | null; command: string | null } {
  const text = head.toString('latin1', 0, Math.min(head.length, HEAD_SCAN_BYTES));
  const words = text.split(' ');
  const first = words[0] ?? '';
  let tagOk = first.length > 0;
  for (let i = 0; i < first.length && tagOk; i++) tagOk = isTagChar(first.charCodeAt(i));
  if (!tagOk) return { tag: null, command: null };
  const name = (words[1] ?? '').toUpperCase();
  if (!/^[A-Z][A-Z0-9-]*$/.test(name)) return { tag: first, command: null };
  if (name === 'UID') {
    const sub = (words[2] ?? '').toUpperCase();
    return { tag: first, command: /^[A-Z]+$/.test(sub) ? `UID ${sub}` : name };
  }
  return { tag: first, command: name };
}

/**
 * The pieces of one line or literal. Large pieces stay slices of the socket's Buffers; small pieces
 * after the first are coalesced, so memory stays proportional to the bytes held. take() joins them
 * once; a line or literal that arrived in one piece comes back as that slice, uncopied.
 */
class ChunkCollector {
  private parts: Buffer[] = [];
  private staging: Buffer | null = null;
  private stagingUsed = 0;
  length = 0;

  /** `expected`: bytes still to come after this piece, when known (a literal), to size staging. */
  add(piece: Buffer, expected: number | null): void {
    if (piece.length === 0) return;
    this.length += piece.length;
    if (piece.length >= COALESCE_BELOW_BYTES || (this.parts.length === 0 && this.staging === null)) {
      this.flush();
      this.parts.push(piece);
      return;
    }
    if (this.staging === null || this.stagingUsed + piece.length > this.staging.length) {
      this.flush();
      const want = expected === null ? LINE_STAGING_BYTES : Math.min(STAGING_MAX_BYTES, expected + piece.length);
      this.staging = Buffer.allocUnsafe(Math.max(piece.length, want));
    }
    piece.copy(this.staging, this.stagingUsed);
    this.stagingUsed += piece.length;
  }

  take(): Buffer {
    this.flush();
    const parts = this.parts;
    const joined = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, this.length);
    this.clear();
    return joined;
  }

  /** The first `n` bytes (for recovering a tag), without joining everything. */
  head(n: number): Buffer {
    this.flush();
    const out: Buffer[] = [];
    let got = 0;
    for (const p of this.parts) {
      if (got >= n) break;
      const piece = p.subarray(0, n - got);
      out.push(piece);
      got += piece.length;
    }
    return Buffer.concat(out);
  }

  /** The last `n` bytes. */
  tail(n: number): Buffer {
    this.flush();
    const out: Buffer[] = [];
    let got = 0;
    for (let i = this.parts.length - 1; i >= 0 && got < n; i--) {
      const p = this.parts[i];
      if (p === undefined) break;
      const piece = p.subarray(Math.max(0, p.length - (n - got)));
      out.unshift(piece);
      got += piece.length;
    }
    return Buffer.concat(out);
  }

  clear(): void {
    this.parts = [];
    this.staging = null;
    this.stagingUsed = 0;
    this.length = 0;
  }

  private flush(): void {
    if (this.staging !== null && this.stagingUsed > 0) this.parts.push(this.staging.subarray(0, this.stagingUsed));
    this.staging = null;
    this.stagingUsed = 0;
  }
}

type Mode = 'line' | 'literal' | 'discard-line' | 'discard-literal' | 'closed';

export class LineReader {
  private readonly handlers: LineReaderHandlers;
  private readonly maxLineBytes: number;
  private readonly maxLiteralBytes: number;
  private readonly maxCommandBytes: number;
  private readonly maxDiscardBytes: number;

  /** Pushed data not yet consumed; the first Buffer is consumed from `queueOffset`. */
  private queue: Buffer[] = [];
  private queueOffset = 0;
  private queuedBytes = 0;

  private mode: Mode = 'line';
  private paused = false;
  private draining = false;
  private rawNext = false;

  // The command being read.
  private segments: Buffer[] = [];
  private literals: Literal[] = [];
  private textBytes = 0; // finished segments, line endings excluded (MAX_LINE_BYTES)
  private commandBytes = 0; // everything read for this command
  private line = new ChunkCollector();

  // The literal being read.
  private literal = new ChunkCollector();
  private literalSize = 0;
  private literalRemaining = 0;
  private literalSynchronizing = true;
  private literalBinary = false;

  // Discarding the rest of a refused command.
  private discardRemaining = 0;
  private discardTail: Buffer = Buffer.alloc(0);
  private discardedBytes = 0;
  private discardTag: string | null = null;
  private discardCommand: string | null = null;

  constructor(handlers: LineReaderHandlers, options: LineReaderOptions = {}) {
    this.handlers = handlers;
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.maxLiteralBytes = options.maxLiteralBytes ?? MAX_LITERAL_BYTES;
    this.maxCommandBytes = options.maxCommandBytes ?? this.maxLiteralBytes + this.maxLineBytes;
    this.maxDiscardBytes = options.maxDiscardBytes ?? 2 * this.maxLiteralBytes;
  }

  /** Feed bytes from the socket. Handlers run synchronously from inside this call. */
  push(chunk: Buffer): void {
    if (this.mode === 'closed' || chunk.length === 0) return;
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.drain();
  }

  /**
   * Stop delivering events (e.g. while an async command runs, or until the session has switched to
   * raw-line mode). Pushed data is queued meanwhile: pause the socket too, or watch bufferedBytes.
   */
  pause(): void {
    this.paused = true;
  }

  /** Deliver queued events again; may call handlers before returning. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.drain();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Hand the next line to onRawLine as is, with no literal processing: IDLE's `DONE`
   * (RFC 2177 3) and AUTHENTICATE responses (RFC 3501 6.2.2). Applies to one line only. Call it
   * between commands (from onCommand, or while paused).
   */
  expectRawLine(): void {
    this.rawNext = true;
  }

  /** Stop reading for good: drop queued data and ignore anything pushed later. */
  close(): void {
    this.mode = 'closed';
    this.queue = [];
    this.queueOffset = 0;
    this.queuedBytes = 0;
    this.line.clear();
    this.literal.clear();
    this.segments = [];
    this.literals = [];
  }

  get isClosed(): boolean {
    return this.mode === 'closed';
  }

  /** Pushed bytes not yet consumed (they accumulate while paused). */
  get bufferedBytes(): number {
    return this.queuedBytes;
  }

  /** True between commands: no partial line, literal or discard in progress. */
  get isBetweenCommands(): boolean {
    return this.mode === 'line' && this.segments.length === 0 && this.line.length === 0;
  }

  private drain(): void {
    if (this.draining) return; // a handler called resume()/push(): the running loop continues
    this.draining = true;
    try {
      while (!this.paused && this.mode !== 'closed' && this.queue.length > 0) {
        const chunk = this.queue[0];
        if (chunk === undefined) break;
        switch (this.mode) {
          case 'line':
            this.readLine(chunk);
            break;
          case 'literal':
            this.readLiteral(chunk);
            break;
          case 'discard-line':
            this.discardLine(chunk);
            break;
          case 'discard-literal':
            this.discardLiteral(chunk);
            break;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Mark the first queued chunk consumed up to `offset`. */
  private advance(chunk: Buffer, offset: number): void {
    this.queuedBytes -= offset - this.queueOffset;
    if (offset >= chunk.length) {
      this.queue.shift();
      this.queueOffset = 0;
    } else {
      this.queueOffset = offset;
    }
  }

  private readLine(chunk: Buffer): void {
    const start = this.queueOffset;
    const lf = chunk.indexOf(LF, start);
    const end = lf === -1 ? chunk.length : lf;
    this.line.add(chunk.subarray(start, end), null);
    this.advance(chunk, lf === -1 ? chunk.length : lf + 1);
    // +1: the pending bytes may still end with the CR of the line ending.
    if (this.textBytes + this.line.length > this.maxLineBytes + 1) {
      this.lineTooLong(lf !== -1);
      return;
    }
    if (lf === -1) return;
    let line = this.line.take();
    if (line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (this.textBytes + line.length > this.maxLineBytes) {
      this.line.add(line, null);
      this.lineTooLong(true);
      return;
    }
    this.finishLine(line);
  }

  private finishLine(line: Buffer): void {
    if (this.rawNext && this.segments.length === 0) {
      this.rawNext = false;
      this.handlers.onRawLine?.(line);
      return;
    }
    const marker = findLiteralMarker(line);
    this.commandBytes += line.length + 2;
    if (marker === null) {
      this.segments.push(line);
      const command: RawCommand = { segments: this.segments, literals: this.literals, bytes: this.commandBytes };
      this.resetCommand();
      this.handlers.onCommand(command);
      return;
    }
    this.segments.push(line.subarray(0, marker.start));
    this.textBytes += line.length;
    const head = readCommandHead(this.segments[0] ?? line);
    const announcement: LiteralAnnouncement = {
      tag: head.tag,
      command: head.command,
      size: marker.size,
      synchronizing: marker.synchronizing,
      binary: marker.binary,
      index: this.literals.length,
      commandBytes: this.commandBytes,
    };
    const refusal = this.refuseLiteral(announcement);
    if (refusal !== null) {
      this.resetCommand();
      let fatal = false;
      if (!marker.synchronizing) {
        // RFC 7888 4: the client sends a non-synchronising literal without waiting for us, so its
        // bytes (and the rest of the command) are on the way and must be skipped.
        if (marker.size > this.maxDiscardBytes) {
          fatal = true;
          this.close();
        } else {
          this.startDiscard(head.tag, head.command, marker.size);
        }
      }
      // RFC 3501 7.5: for a synchronising literal, our tagged answer instead of "+" tells the
      // client not to send it, so the reader simply waits for the next command.
      this.handlers.onReject({ ...refusal, tag: head.tag, command: head.command, literal: announcement, fatal });
      return;
    }
    this.mode = 'literal';
    this.literalSize = marker.size;
    this.literalRemaining = marker.size;
    this.literalSynchronizing = marker.synchronizing;
    this.literalBinary = marker.binary;
    this.literal.clear();
    if (marker.size === 0) this.finishLiteral();
    // RFC 3501 7.5: the client waits for a command continuation request before a synchronising literal.
    if (marker.synchronizing) this.handlers.onContinue(announcement);
  }

  private refuseLiteral(
    literal: LiteralAnnouncement,
  ): Pick<CommandRejection, 'reason' | 'response'> | null {
    if (literal.size > this.maxLiteralBytes) {
      // RFC 7889 (APPENDLIMIT), RFC 4469: the TOOBIG response code refuses data for its size.
      return {
        reason: 'literal-too-big',
        response: { status: 'NO', code: 'TOOBIG', text: `Literal larger than ${this.maxLiteralBytes} bytes` },
      };
    }
    if (this.commandBytes + literal.size > this.maxCommandBytes) {
      return {
        reason: 'command-too-big',
        response: { status: 'NO', code: 'TOOBIG', text: `Command larger than ${this.maxCommandBytes} bytes` },
      };
    }
    const policy = this.handlers.checkLiteral?.(literal);
    if (policy) return { reason: 'literal-refused', response: policy };
    return null;
  }

  private readLiteral(chunk: Buffer): void {
    const start = this.queueOffset;
    const take = Math.min(this.literalRemaining, chunk.length - start);
    this.literalRemaining -= take;
    this.literal.add(chunk.subarray(start, start + take), this.literalRemaining);
    this.advance(chunk, start + take);
    if (this.literalRemaining === 0) this.finishLiteral();
  }

  private finishLiteral(): void {
    const data = this.literal.take();
    this.literals.push({ data, synchronizing: this.literalSynchronizing, binary: this.literalBinary });
    this.commandBytes += this.literalSize;
    this.mode = 'line';
  }

  private lineTooLong(lineComplete: boolean): void {
    const head = readCommandHead(this.segments[0] ?? this.line.head(HEAD_SCAN_BYTES));
    const wasRaw = this.rawNext && this.segments.length === 0;
    if (wasRaw) this.rawNext = false; // the awaited raw line is this one; the rejection replaces it
    const tail = this.line.tail(DISCARD_TAIL_BYTES);
    this.resetCommand();
    this.startDiscard(head.tag, head.command, 0);
    this.discardTail = tail;
    this.handlers.onReject({
      reason: 'line-too-long',
      tag: wasRaw ? null : head.tag,
      command: wasRaw ? null : head.command,
      literal: null,
      response: { status: 'BAD', code: null, text: `Command line longer than ${this.maxLineBytes} bytes` },
      fatal: false,
    });
    if (lineComplete && this.mode === 'discard-line') this.endDiscardedLine();
  }

  private startDiscard(tag: string | null, command: string | null, literalBytes: number): void {
    this.discardTag = tag;
    this.discardCommand = command;
    this.discardedBytes = literalBytes;
    this.discardTail = Buffer.alloc(0);
    if (literalBytes > 0) {
      this.mode = 'discard-literal';
      this.discardRemaining = literalBytes;
    } else {
      this.mode = 'discard-line';
    }
  }

  private discardLiteral(chunk: Buffer): void {
    const start = this.queueOffset;
    const take = Math.min(this.discardRemaining, chunk.length - start);
    this.discardRemaining -= take;
    this.advance(chunk, start + take);
    if (this.discardRemaining === 0) {
      this.mode = 'discard-line';
      this.discardTail = Buffer.alloc(0);
    }
  }

  private discardLine(chunk: Buffer): void {
    const start = this.queueOffset;
    const lf = chunk.indexOf(LF, start);
    const end = lf === -1 ? chunk.length : lf;
    const piece = chunk.subarray(Math.max(start, end - DISCARD_TAIL_BYTES), end);
    const joined = Buffer.concat([this.discardTail, piece]);
    this.discardTail = joined.subarray(Math.max(0, joined.length - DISCARD_TAIL_BYTES));
    this.advance(chunk, lf === -1 ? chunk.length : lf + 1);
    // Skipped line text counts too: a line that never ends must not be read forever.
    this.discardedBytes += end - start;
    if (this.discardedBytes > this.maxDiscardBytes) {
      this.discardOverflow();
      return;
    }
    if (lf !== -1) this.endDiscardedLine();
  }

  /** A discarded line ended: the command ends too, unless it announced another LITERAL+ literal. */
  private endDiscardedLine(): void {
    let tail = this.discardTail;
    if (tail[tail.length - 1] === CR) tail = tail.subarray(0, tail.length - 1);
    this.discardTail = Buffer.alloc(0);
    const marker = findLiteralMarker(tail);
    if (marker === null || marker.synchronizing) {
      // A synchronising literal is not sent without our "+", which never comes: the command is over.
      this.mode = 'line';
      return;
    }
    this.discardedBytes += marker.size;
    if (this.discardedBytes > this.maxDiscardBytes) {
      this.discardOverflow();
      return;
    }
    if (marker.size === 0) return; // stays in discard-line
    this.mode = 'discard-literal';
    this.discardRemaining = marker.size;
  }

  /** The refused command goes on beyond maxDiscardBytes: give up on the connection. */
  private discardOverflow(): void {
    const tag = this.discardTag;
    const command = this.discardCommand;
    this.close();
    this.handlers.onReject({
      reason: 'too-much-to-discard',
      tag,
      command,
      literal: null,
      response: { status: 'BAD', code: null, text: 'Too much data after a refused command' },
      fatal: true,
    });
  }

  private resetCommand(): void {
    this.segments = [];
    this.literals = [];
    this.textBytes = 0;
    this.commandBytes = 0;
    this.line.clear();
    this.literal.clear();
    if (this.mode !== 'closed') this.mode = 'line';
  }
}
