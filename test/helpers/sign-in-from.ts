/**
 * Sign-in attempts over real sockets from a chosen source address, one per protocol path (web
 * form, IMAP LOGIN, IMAP AUTHENTICATE PLAIN, submission AUTH PLAIN). Linux routes the whole of
 * 127.0.0.0/8 to loopback, so `127.0.0.2`, `127.0.0.3`… are as many "other addresses" without
 * leaving the machine.
 */
import http from 'node:http';
import net from 'node:net';

/** A line-oriented connection from `localAddress` to 127.0.0.1:`port`. */
class LineSocket {
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number, localAddress: string): Promise<LineSocket> {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new LineSocket(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** The first unread line matching `done`, after dropping the lines before it. */
  async until(done: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex(done);
      if (index >= 0) return this.lines.splice(0, index + 1).at(-1)!;
      if (this.closed || Date.now() > deadline) throw new Error(`no matching line; got: ${this.lines.join(' | ')}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.destroy();
  }
}

const quoted = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const plain = (authzid: string, authcid: string, password: string) => Buffer.from(`${authzid}\0${authcid}\0${password}`).toString('base64');

/** An IMAP connection from `from`, greeted, on which LOGIN or AUTHENTICATE can be sent. */
export class ImapFrom {
  private tag = 0;

  private constructor(private readonly lines: LineSocket) {}

  static async open(port: number, from: string): Promise<ImapFrom> {
    const lines = await LineSocket.open(port, from);
    await lines.until((line) => line.startsWith('* OK'));
    return new ImapFrom(lines);
  }

  /** The tagged reply to LOGIN. */
  login(user: string, password: string): Promise<string> {
    return this.command(`LOGIN ${quoted(user)} ${quoted(password)}`);
  }

  /** The tagged reply to AUTHENTICATE PLAIN with an initial response (RFC 4959). */
  authenticatePlain(authcid: string, password: string, authzid = ''): Promise<string> {
    return this.command(`AUTHENTICATE PLAIN ${plain(authzid, authcid, password)}`);
  }

  private command(text: string): Promise<string> {
    const tag = `t${++this.tag}`;
    this.lines.write(`${tag} ${text}`);
    return this.lines.until((line) => line.startsWith(`${tag} `));
  }

  close(): void {
    this.lines.close();
  }
}

/** A submission connection from `from`, after EHLO. */
export class SubmissionFrom {
  private constructor(private readonly lines: LineSocket) {}

  static async open(port: number, from: string): Promise<SubmissionFrom> {
    const lines = await LineSocket.open(port, from);
    await lines.until((line) => /^220 /.test(line));
    lines.write('EHLO client.example.org');
    await lines.until((line) => /^250 /.test(line));
    return new SubmissionFrom(lines);
  }

  /** The reply to AUTH PLAIN (last line). */
  authPlain(user: string, password: string): Promise<string> {
    this.lines.write(`AUTH PLAIN ${plain('', user, password)}`);
    return this.lines.until((line) => /^\d{3} /.test(line));
  }

  close(): void {
    this.lines.close();
  }
}

/** Opens a connection, makes one attempt on it, closes it: separate clients, as the attempts of a crowd are. */
async function onItsOwnConnection<C extends { close(): void }>(open: Promise<C>, use: (client: C) => Promise<string>): Promise<string> {
  const client = await open;
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

export const imapLoginFrom = (port: number, from: string, user: string, password: string) =>
  onItsOwnConnection(ImapFrom.open(port, from), (imap) => imap.login(user, password));

export const imapAuthenticateFrom = (port: number, from: string, user: string, password: string) =>
  onItsOwnConnection(ImapFrom.open(port, from), (imap) => imap.authenticatePlain(user, password));

export const submissionAuthFrom = (port: number, from: string, user: string, password: string) =>
  onItsOwnConnection(SubmissionFrom.open(port, from), (smtp) => smtp.authPlain(user, password));

export interface WebAnswer {
  status: number;
  location: string | null;
  setCookies: string[];
  text: string;
}

/**
 * A browser on `from`: keeps its cookies (the visitor cookie, the session, the device cookie)
 * and sends forms as a browser does (the page's CSRF token, same-origin headers).
 */
export class BrowserFrom {
  readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(
    private readonly port: number,
    readonly from: string,
  ) {}

  /** The same browser later on another address (a laptop taken home): its session is over, its other cookies stay. */
  laterOn(from: string): BrowserFrom {
    const moved = new BrowserFrom(this.port, from);
    for (const [name, value] of this.cookies) if (name !== 'webmel_session') moved.cookies.set(name, value);
    return moved;
  }

  /** GET /login, then POST the form. */
  async signIn(login: string, password: string): Promise<WebAnswer> {
    await this.request('GET', '/login');
    return this.request('POST', '/login', new URLSearchParams({ _csrf: this.csrf, login, password }).toString());
  }

  request(method: 'GET' | 'POST', path: string, body?: string): Promise<WebAnswer> {
    const origin = `http://127.0.0.1:${this.port}`;
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-origin' });
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, path, method, localAddress: this.from, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const setCookies = res.headers['set-cookie'] ?? [];
          for (const line of setCookies) {
            const [pair] = line.split(';');
            const eq = pair!.indexOf('=');
            const value = pair!.slice(eq + 1);
            if (/max-age=0/i.test(line) || value === '') this.cookies.delete(pair!.slice(0, eq));
            else this.cookies.set(pair!.slice(0, eq), value);
          }
          const token = /name="_csrf" value="([^"]+)"/.exec(text);
          if (token) this.csrf = token[1]!;
          resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, setCookies, text });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
