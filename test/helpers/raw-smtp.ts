/**
 * A tiny SMTP client over a raw socket, for what nodemailer hides: exact reply codes at each
 * stage, pipelining, garbage. Replies are read whole (multi-line replies joined).
 */
import net from 'node:net';

export class RawSmtp {
  private buffer = '';
  private waiters: Array<(reply: string) => void> = [];
  private replies: string[] = [];
  private closed = false;
  /** The server's first reply: `220 …`, or the `421 …` of a refused connection. */
  greeting = '';

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiters.splice(0)) waiter('');
    });
    socket.on('error', () => {});
  }

  /**
   * Connects to 127.0.0.1 and reads the greeting. `localAddress` (another 127.0.0.0/8 address:
   * Linux routes all of it to loopback) makes the connection come from another client.
   */
  static async connect(port: number, options: { localAddress?: string } = {}): Promise<RawSmtp> {
    const socket = net.connect({ port, host: '127.0.0.1', ...options });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawSmtp(socket);
    client.greeting = await client.read();
    return client;
  }

  private drain(): void {
    // A reply ends with a line "NNN text" (space after the code).
    for (;;) {
      const match = /^(?:\d{3}-[^\n]*\n)*\d{3}(?: [^\n]*)?\r?\n/.exec(this.buffer);
      if (!match) return;
      this.buffer = this.buffer.slice(match[0].length);
      const reply = match[0].trimEnd();
      const waiter = this.waiters.shift();
      if (waiter) waiter(reply);
      else this.replies.push(reply);
    }
  }

  /** The next whole reply ('' if the server closed the connection). */
  read(): Promise<string> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve('');
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.read();
  }

  /** Sends DATA, the message (dot-stuffed) and the final dot; returns the reply to the dot. */
  async data(message: string | Buffer): Promise<{ start: string; end: string }> {
    const start = await this.command('DATA');
    if (!start.startsWith('354')) return { start, end: '' };
    const text = Buffer.isBuffer(message) ? message.toString('latin1') : message;
    const stuffed = text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.write(Buffer.from(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
    return { start, end: await this.read() };
  }

  close(): void {
    this.socket.destroy();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
