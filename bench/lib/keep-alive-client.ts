/**
 * The load generator's HTTP/1.1 client: one kept-alive TCP connection, one GET at a time, the
 * response read to its last byte (Content-Length or chunked). It does what a load tool such as
 * wrk does and nothing more, because it runs on the same cores as the server it measures:
 * node:http costs about 0.4 ms of CPU per request here, a quarter of what the server spends,
 * and that share of the two cores would be taken from the server and counted against it.
 */
import net from 'node:net';

export interface Answer {
  status: number;
  bodyBytes: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

export class KeepAliveClient {
  private socket: net.Socket | null = null;
  private pending: { resolve: (answer: Answer) => void; reject: (err: Error) => void } | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private response: ResponseReader | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /**
   * GETs `path` with the given extra header lines (`Name: value`, no line end). A request sent
   * on a kept connection that the server closes before answering a byte (its idle timeout
   * crossing our write) is sent once more on a new connection, as browsers do for GET
   * (RFC 9112 9.3.1).
   */
  async get(path: string, headerLines: readonly string[] = []): Promise<Answer> {
    if (this.pending) throw new Error('one request at a time on a connection');
    const request = [`GET ${path} HTTP/1.1`, `Host: ${this.host}:${this.port}`, ...headerLines, '', ''].join('\r\n');
    const reused = this.socket !== null;
    try {
      return await this.send(request);
    } catch (err) {
      if (!reused || !(err instanceof UnansweredError)) throw err;
      return this.send(request);
    }
  }

  private send(request: string): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.response = new ResponseReader();
      this.connected().write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private connected(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    // Events of a connection already given up (closed after its last response) are ignored.
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.onData(chunk);
    });
    socket.on('error', (err) => {
      if (this.socket === socket) this.lost(err.message);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.lost('connection closed');
    });
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    const reader = this.response;
    if (!reader) {
      this.fail(new Error('data received with no request pending'));
      return;
    }
    reader.started = true;
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    let outcome: ReadOutcome;
    try {
      outcome = reader.read(this.buffered);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    this.buffered = this.buffered.subarray(outcome.consumed);
    if (!outcome.done) return;
    const pending = this.pending!;
    this.pending = null;
    this.response = null;
    if (outcome.closeAfter) this.close();
    pending.resolve({ status: reader.status, bodyBytes: reader.bodyBytes });
  }

  /** The connection ended: before any byte of the response, the request may be sent again. */
  private lost(reason: string): void {
    this.fail(this.response?.started ? new Error(`${reason} before the response ended`) : new UnansweredError(`${reason} before any response`));
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = null;
    this.response = null;
    this.buffered = Buffer.alloc(0);
    this.close();
    pending?.reject(err);
  }
}

interface ReadOutcome {
  consumed: number;
  done: boolean;
  closeAfter: boolean;
}

/** The connection ended before a single byte of the response: the request may be sent again. */
class UnansweredError extends Error {
  override name = 'UnansweredError';
}

/** Reads one response from the bytes received so far; `read` is called again with what is left. */
class ResponseReader {
  /** Some of the response has arrived. */
  started = false;
  status = 0;
  bodyBytes = 0;
  private phase: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' = 'head';
  private remaining = 0;
  private closeAfter = false;

  read(data: Buffer): ReadOutcome {
    let at = 0;
    for (;;) {
      if (this.phase === 'head') {
        const end = data.indexOf(HEAD_END, at);
        if (end === -1) return this.stop(at, false);
        const hasBody = this.readHead(data.toString('latin1', at, end));
        at = end + HEAD_END.length;
        if (!hasBody) return this.stop(at, true);
      } else if (this.phase === 'body') {
        const take = Math.min(this.remaining, data.length - at);
        this.bodyBytes += take;
        this.remaining -= take;
        at += take;
        return this.stop(at, this.remaining === 0);
      } else if (this.phase === 'chunk-size') {
        const end = data.indexOf(CRLF, at);
        if (end === -1) return this.stop(at, false);
        const size = Number.parseInt(data.toString('latin1', at, end).split(';')[0]!, 16);
        if (!Number.isFinite(size) || size < 0) throw new Error('malformed chunk size');
        at = end + CRLF.length;
        this.remaining = size;
        this.phase = size === 0 ? 'trailer' : 'chunk-data';
      } else if (this.phase === 'chunk-data') {
        const take = Math.min(this.remaining, data.length - at);
        this.bodyBytes += take;
        this.remaining -= take;
        at += take;
        if (this.remaining > 0) return this.stop(at, false);
        this.phase = 'chunk-end';
      } else if (this.phase === 'chunk-end') {
        if (data.length - at < CRLF.length) return this.stop(at, false);
        at += CRLF.length;
        this.phase = 'chunk-size';
      } else {
        // Trailer fields, if any, then an empty line.
        const end = data.indexOf(CRLF, at);
        if (end === -1) return this.stop(at, false);
        const empty = end === at;
        at = end + CRLF.length;
        if (empty) return this.stop(at, true);
      }
    }
  }

  /** Reads the status and framing; false when no body follows. */
  private readHead(head: string): boolean {
    const lines = head.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!status) throw new Error(`malformed status line: ${lines[0]}`);
    this.status = Number(status[1]);
    let length: number | null = null;
    let chunked = false;
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.split(',').some((coding) => coding.trim() === 'chunked');
      else if (name === 'connection') this.closeAfter = value === 'close';
    }
    if (chunked) {
      this.phase = 'chunk-size';
      return true;
    }
    if (length !== null && Number.isInteger(length) && length >= 0) {
      this.phase = 'body';
      this.remaining = length;
      return length > 0;
    }
    if (this.status === 204 || this.status === 304) return false;
    // A body delimited by the connection's end: not something this server sends.
    throw new Error('response without Content-Length or chunked encoding');
  }

  private stop(consumed: number, done: boolean): ReadOutcome {
    return { consumed, done, closeAfter: done && this.closeAfter };
  }
}
