/**
 * The load generators' SMTP client: writes commands on a raw socket and reads each final reply
 * code (`250`, `354`…), multi-line replies included. No library work in the measured time.
 */
import type net from 'node:net';

export class SmtpReplyReader {
  private buffer = '';
  private waiting: ((code: string) => void) | null = null;

  constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.flush();
    });
  }

  private flush(): void {
    // The last line of a reply has a space after its code.
    const match = /(?:^|\n)(\d{3}) [^\n]*\n/.exec(this.buffer);
    if (match && this.waiting) {
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const resolve = this.waiting;
      this.waiting = null;
      resolve(match[1]!);
    }
  }

  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }

  send(line: string): Promise<string> {
    this.socket.write(line);
    return this.reply();
  }
}
