/** imapflow clients and a raw IMAP socket for tests, all on 127.0.0.1. */
import net from 'node:net';
import { ImapFlow } from 'imapflow';

export async function imapClient(port: number, user: string, pass: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true });
  await client.connect();
  return client;
}

/**
 * A raw IMAP connection: `command('a1 NOOP')` resolves with every line up to and including
 * the tagged reply; `lines()` waits for untagged lines (IDLE).
 */
export class RawImap {
  private buffer = '';
  private listeners: Array<() => void> = [];
  readonly received: string[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let index: number;
      while ((index = this.buffer.indexOf('\r\n')) >= 0) {
        this.received.push(this.buffer.slice(0, index));
        this.buffer = this.buffer.slice(index + 2);
      }
      for (const listener of this.listeners.splice(0)) listener();
    });
    socket.on('close', () => {
      for (const listener of this.listeners.splice(0)) listener();
    });
  }

  static async connect(port: number): Promise<RawImap> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawImap(socket);
    await client.until((line) => line.startsWith('* OK'));
    return client;
  }

  /** Waits for a line matching `predicate` among those not yet consumed; returns the lines up to it. */
  async until(predicate: (line: string) => boolean, timeoutMs = 5000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(predicate);
      if (index >= 0) return this.received.splice(0, index + 1);
      if (this.socket.destroyed || Date.now() > deadline) throw new Error(`no matching line; got: ${this.received.join(' | ')}`);
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  send(data: string | Buffer): void {
    this.socket.write(data);
  }

  async command(line: string): Promise<string[]> {
    const tag = line.split(' ')[0]!;
    this.send(`${line}\r\n`);
    return this.until((l) => l.startsWith(`${tag} `));
  }

  close(): void {
    this.socket.destroy();
  }
}
