/**
 * Sign-in attempts over real sockets from a chosen source address, one per protocol path (web
 * form, IMAP LOGIN, IMAP AUTHENTICATE PLAIN, submission AUTH PLAIN). Linux routes the whole of
 * 127.0.0.0/8 to loopback, so `127.0.0.2`, `127.0.0.3`… are as many "other addresses" without
 * leaving the machine.
 */
import { SESSION_COOKIE } from '../../src/web/sessions/session-middleware.js';
import { fetchFrom } from './fetch-from.js';
import { WebClient } from './web.js';
import { RawImap } from './imap.js';
import { RawSmtp } from './raw-smtp.js';

const quoted = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const plain = (authzid: string, authcid: string, password: string) => Buffer.from(`${authzid}\0${authcid}\0${password}`).toString('base64');

/** An IMAP connection from `from`, greeted, on which LOGIN or AUTHENTICATE can be sent. */
export class ImapFrom {
  private tag = 0;

  private constructor(private readonly imap: RawImap) {}

  static async open(port: number, from: string): Promise<ImapFrom> {
    return new ImapFrom(await RawImap.connect(port, { localAddress: from }));
  }

  /** The tagged reply to LOGIN. */
  login(user: string, password: string): Promise<string> {
    return this.command(`LOGIN ${quoted(user)} ${quoted(password)}`);
  }

  /** The tagged reply to AUTHENTICATE PLAIN with an initial response (RFC 4959). */
  authenticatePlain(authcid: string, password: string, authzid = ''): Promise<string> {
    return this.command(`AUTHENTICATE PLAIN ${plain(authzid, authcid, password)}`);
  }

  private async command(text: string): Promise<string> {
    return (await this.imap.command(`t${++this.tag} ${text}`)).at(-1)!;
  }

  close(): void {
    this.imap.close();
  }
}

/** A submission connection from `from`, after EHLO. */
export class SubmissionFrom {
  private constructor(private readonly smtp: RawSmtp) {}

  static async open(port: number, from: string): Promise<SubmissionFrom> {
    const smtp = await RawSmtp.connect(port, { localAddress: from });
    await smtp.command('EHLO client.example.org');
    return new SubmissionFrom(smtp);
  }

  /** The reply to AUTH PLAIN (its last line). */
  async authPlain(user: string, password: string): Promise<string> {
    return (await this.smtp.command(`AUTH PLAIN ${plain('', user, password)}`)).split('\n').at(-1)!;
  }

  close(): void {
    this.smtp.close();
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

/**
 * A browser on `from`: a WebClient (it keeps its cookies, the device cookie among them, and
 * sends forms as a browser does) whose requests leave from that address.
 */
export class BrowserFrom extends WebClient {
  constructor(
    private readonly port: number,
    readonly from: string,
  ) {
    super(`http://127.0.0.1:${port}`, fetchFrom(from));
  }

  /** The same browser later on another address (a laptop taken home): its session is over, its other cookies stay. */
  laterOn(from: string): BrowserFrom {
    const moved = new BrowserFrom(this.port, from);
    for (const [name, value] of this.cookies) if (name !== SESSION_COOKIE) moved.cookies.set(name, value);
    return moved;
  }
}
