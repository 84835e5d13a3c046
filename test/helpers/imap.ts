/** imapflow clients and a raw IMAP socket for tests, all on 127.0.0.1. */
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Account } from '../../src/accounts/account-store.js';
import { startTestWebmel, testNumen, type TestWebmel } from './webmel.js';

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

  /** The server's greeting: `* OK …`, or the `* BYE …` of a refused connection. */
  greeting = '';

  /**
   * Connects to 127.0.0.1 and reads the greeting. `localAddress` (another 127.0.0.0/8 address:
   * Linux routes all of it to loopback) makes the connection come from another client.
   */
  static async connect(port: number, options: { localAddress?: string } = {}): Promise<RawImap> {
    const socket = net.connect({ port, host: '127.0.0.1', ...options });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawImap(socket);
    client.greeting = (await client.until((line) => line.startsWith('* OK') || line.startsWith('* BYE'))).at(-1)!;
    return client;
  }

  /** Resolves once the server has closed the connection. */
  closed(): Promise<void> {
    if (this.socket.destroyed || this.socket.readableEnded) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('close', () => resolve()));
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

/**
 * The set-up most IMAP tests share: a fresh Webmel with Charlotte Habotté (password = her
 * NUMEN) before each test, and every connection opened through it closed after.
 */
export interface ImapTestBed {
  readonly webmel: TestWebmel;
  readonly charlotte: Account;
  readonly numen: string;
  /** Connections a test opened itself, closed after it as well. */
  readonly clients: ImapFlow[];
  readonly raws: RawImap[];
  /** An imapflow session as Charlotte. */
  connect(): Promise<ImapFlow>;
  /** A raw session, logged in as Charlotte. */
  raw(port?: number): Promise<RawImap>;
}

export function useImapTestBed(): ImapTestBed {
  let webmel: TestWebmel | undefined;
  let charlotte: Account | undefined;
  let numen = '';
  const clients: ImapFlow[] = [];
  const raws: RawImap[] = [];
  beforeEach(async () => {
    webmel = await startTestWebmel();
    numen = testNumen();
    charlotte = webmel.services.accounts.create({ prenom: 'Charlotte', nom: 'Habotté', numen });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.logout().catch(() => undefined);
    for (const raw of raws.splice(0)) raw.close();
    await webmel?.stop();
  });
  return {
    get webmel() {
      return webmel!;
    },
    get charlotte() {
      return charlotte!;
    },
    get numen() {
      return numen;
    },
    clients,
    raws,
    async connect() {
      const client = await imapClient(webmel!.ports.imap, 'chabotte', numen);
      clients.push(client);
      return client;
    },
    async raw(port = webmel!.ports.imap) {
      const imap = await RawImap.connect(port);
      raws.push(imap);
      expect((await imap.command(`l1 LOGIN chabotte ${numen}`)).at(-1)).toMatch(/^l1 OK/);
      return imap;
    },
  };
}
