/**
 * One IMAP connection: reads commands with the LineReader, runs them one at a time through
 * the dispatcher (pipelined commands wait their turn), and owns the connection state
 * (RFC 3501 3: not authenticated → authenticated → selected → logout).
 *
 * Invariants: responses are written only from here; untagged updates about other sessions'
 * changes go out only before a tagged reply or during IDLE; a command never writes after its
 * tagged reply; nothing is ever written inside a store transaction.
 */
import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { Account } from '../accounts/account-store.js';
import type { ImapServices } from './imap-services.js';
import { isDiskFull } from '../disk/disk-full.js';
import { MailSystemFullError } from '../disk/disk-reserve.js';
import type { StoreChange } from '../store/changes.js';
import type { Mailbox } from '../store/mail-store.js';
import type { Logger } from '../log/logger.js';
import { capabilityList } from './capabilities.js';
import { admitLiteral, gate } from './command-gate.js';
import type { ImapState, TaggedOk } from './commands/types.js';
import { DISK_FULL, ImapBad, ImapNo, MAIL_SYSTEM_FULL } from './errors.js';
import {
  ProtocolRefusal,
  ImapParseError,
  LineReader,
  isEmptyCommand,
  parseCommand,
  type CommandRejection,
  type LiteralAnnouncement,
  type ParsedCommand,
  type ResponseHint,
  type RawCommand,
} from './protocol/index.js';
import { SelectedMailbox } from './selected-mailbox.js';

/**
 * After this many lines in a row that are not commands this server knows (empty, unparsable,
 * unknown names) the peer does not speak IMAP, or is hostile: `* BYE`. As Dovecot's
 * CLIENT_MAX_BAD_COMMANDS; known commands refused BAD (wrong state, bad arguments) do not count.
 */
export const MAX_BAD_COMMANDS = 20;
/** RFC 3501 5.4: an authenticated client may stay idle at least 30 minutes. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** Before login a silent connection costs us for nothing: one minute. */
export const PREAUTH_TIMEOUT_MS = 60 * 1000;
/**
 * During IDLE the client is silent for up to 29 minutes (RFC 2177 3); NAT gateways and stateful
 * firewalls forget silent TCP connections after a few minutes, so IDLE sends `* OK` this often.
 */
export const IDLE_KEEPALIVE_MS = 2 * 60 * 1000;

export interface SessionOptions {
  services: ImapServices;
  log: Logger;
  /** TLS context for STARTTLS, when a certificate is configured. */
  secureContext: tls.SecureContext | null;
  /** Called when a session authenticates; returns false to refuse (too many connections). */
  onLogin(session: ImapSession, account: Account): boolean;
  onClose(session: ImapSession): void;
  idleTimeoutMs?: number;
  /** How often IDLE says `* OK` so middleboxes keep the connection (default IDLE_KEEPALIVE_MS). */
  idleKeepaliveMs?: number;
}

export class ImapSession {
  readonly id: string;
  readonly services: ImapServices;
  log: Logger;
  state: ImapState = 'not-authenticated';
  account: Account | null = null;
  /** When LOGIN or AUTHENTICATE succeeded (ms), for the admins' list of sessions. */
  loggedInAt: number | null = null;
  selected: SelectedMailbox | null = null;
  /** RFC 7162 3.1: CONDSTORE is on once the client used it (ENABLE, SELECT … (CONDSTORE), MODSEQ). */
  condstore = false;
  idling = false;
  private socket: Socket;
  private secure: boolean;
  private reader: LineReader;
  private badCount = 0;
  private closed = false;
  private queue: RawCommand[] = [];
  private running = false;
  private rawLineWaiter: { resolve(line: Buffer): void; reject(err: Error): void } | null = null;
  private unsubscribe: (() => void) | null = null;
  private idleFlushScheduled = false;

  constructor(
    socket: Socket,
    readonly remoteAddress: string,
    private readonly options: SessionOptions,
  ) {
    this.id = Math.random().toString(36).slice(2, 10);
    this.services = options.services;
    this.log = options.log.child({ cid: this.id });
    this.socket = socket;
    this.secure = socket instanceof tls.TLSSocket;
    this.reader = this.createReader();
    this.attach(socket);
    this.resetTimeout();
  }

  private createReader(): LineReader {
    return new LineReader(
      {
        onCommand: (raw) => this.enqueue(raw),
        onRawLine: (line) => this.onRawLine(line),
        onContinue: () => this.write('+ Ready for literal data\r\n'),
        onReject: (rejection) => this.onReject(rejection),
        checkLiteral: (literal) => this.checkLiteral(literal),
      },
      { maxLiteralBytes: this.services.config.maxMessageBytes + 64 * 1024 },
    );
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.resetTimeout();
      this.reader.push(chunk);
    });
    socket.on('error', (err) => this.log.debug({ err }, 'imap socket error'));
    socket.on('close', () => this.cleanup());
  }

  greet(): void {
    this.untagged(`OK [CAPABILITY ${this.capabilities().join(' ')}] Webmel IMAP prêt`);
  }

  // ------------------------------------------------------------------ output

  write(data: string | Buffer): boolean {
    if (this.closed || this.socket.destroyed) return false;
    return this.socket.write(data);
  }

  untagged(text: string | Buffer): void {
    if (typeof text === 'string') this.write(`* ${text}\r\n`);
    else this.write(Buffer.concat([Buffer.from('* '), text, Buffer.from('\r\n')]));
  }

  /** Waits until the socket has room, for commands that stream many responses (FETCH 1:*). */
  async drain(): Promise<void> {
    if (this.closed || !this.socket.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  // ------------------------------------------------------------------ state

  get isSecure(): boolean {
    return this.secure;
  }

  /** RFC 3501 6.2.3 / RFC 8314: plaintext credentials only over TLS or from this machine. */
  get plaintextAllowed(): boolean {
    return this.secure || isLoopback(this.remoteAddress);
  }

  capabilities(): string[] {
    return capabilityList({
      authenticated: this.state !== 'not-authenticated',
      canStartTls: Boolean(this.options.secureContext) && !this.secure,
      plaintextAllowed: this.plaintextAllowed,
    });
  }

  /** Moves to the authenticated state; throws ImapNo when the account has too many connections. */
  login(account: Account): void {
    if (!this.options.onLogin(this, account)) {
      // RFC 5530 3: LIMIT, an implementation limit was reached (not UNAVAILABLE, which says a
      // subsystem is down); the connection stays open, not authenticated.
      throw new ImapNo('LIMIT', 'Trop de connexions simultanées pour ce compte, fermez-en une');
    }
    this.account = account;
    this.loggedInAt = Date.now();
    this.state = 'authenticated';
    this.unsubscribe = this.services.store.changes.subscribe(account.id, (change) => this.onChange(change));
    this.log = this.log.child({ user: account.login });
    this.resetTimeout();
  }

  /** SELECT / EXAMINE: replaces any selected folder. */
  select(mailbox: Mailbox, readOnly: boolean): SelectedMailbox {
    const { store } = this.services;
    const entries = store.messageIndex(mailbox.id);
    // RFC 3501 6.3.2: EXAMINE shows what is \Recent without taking it from the next SELECT.
    const recent = readOnly ? store.peekRecent(mailbox.id) : store.claimRecent(mailbox.id);
    this.selected = new SelectedMailbox(mailbox, readOnly, entries, recent);
    this.state = 'selected';
    return this.selected;
  }

  /**
   * RFC 7162 3.1: CONDSTORE is on from the first CONDSTORE enabling command (ENABLE, SELECT …
   * (CONDSTORE), STATUS (HIGHESTMODSEQ), FETCH MODSEQ…). Enabled with a mailbox selected, it
   * also tells the client that mailbox's HIGHESTMODSEQ, which a CONDSTORE-aware SELECT would
   * have given (RFC 7162 3.1.2.1), so the client can resynchronise from it later.
   */
  enableCondstore(): void {
    if (this.condstore) return;
    this.condstore = true;
    if (!this.selected) return;
    const mailbox = this.services.store.mailboxById(this.selected.mailbox.id);
    if (mailbox) this.untagged(`OK [HIGHESTMODSEQ ${mailbox.highestModseq}] Plus haute séquence de modification`);
  }

  /** The interval of IDLE's keepalive `* OK` (configurable for tests). */
  get idleKeepaliveMs(): number {
    return this.options.idleKeepaliveMs ?? IDLE_KEEPALIVE_MS;
  }

  unselect(): void {
    this.selected = null;
    if (this.state === 'selected') this.state = 'authenticated';
  }

  private onChange(change: StoreChange): void {
    this.selected?.queue(change);
    if (this.idling && !this.idleFlushScheduled) {
      // Coalesce a burst of changes (a bulk delivery) into one flush.
      this.idleFlushScheduled = true;
      setImmediate(() => {
        this.idleFlushScheduled = false;
        if (this.idling) this.flushUpdates(true);
      });
    }
  }

  /** Sends queued untagged updates about the selected folder. */
  flushUpdates(allowExpunge: boolean): void {
    if (!this.selected?.hasPending) return;
    const lines = this.selected.flush(this.services.store, { allowExpunge, condstore: this.condstore });
    // One write for the lot: an EXPUNGE of 10,000 messages is 10,000 lines.
    if (lines.length > 0) this.write(lines.map((line) => `* ${line}\r\n`).join(''));
  }

  /**
   * Sends `+ prompt` and resolves with the client's next line (AUTHENTICATE responses,
   * IDLE's DONE), read raw.
   */
  readContinuation(prompt: string): Promise<Buffer> {
    this.write(`+ ${prompt}\r\n`);
    return this.nextRawLine();
  }

  /**
   * The next raw line, without sending a continuation (IDLE writes its own `+ idling`). Rejects
   * with ImapBad when the reader refuses the line (too long), so the waiting command answers it.
   */
  nextRawLine(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.rawLineWaiter = { resolve, reject };
      this.reader.expectRawLine();
      this.reader.resume();
    });
  }

  private onRawLine(line: Buffer): void {
    const waiter = this.rawLineWaiter;
    this.rawLineWaiter = null;
    this.reader.pause();
    waiter?.resolve(line);
  }

  /** STARTTLS (RFC 3501 6.2.1): after the tagged OK, the same socket carries TLS. */
  startTls(): void {
    if (!this.options.secureContext) throw new ImapBad('STARTTLS indisponible');
    if (this.secure) throw new ImapBad('La connexion est déjà chiffrée');
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    // What the client pipelined after STARTTLS came in clear: it is dropped, else a man in the
    // middle could inject commands into the protected session (CVE-2011-0411; RFC 3207 4.2 says
    // the same for SMTP: forget everything learnt before TLS). The new reader starts empty.
    this.queue = [];
    this.reader.close();
    this.reader = this.createReader();
    const secured = new tls.TLSSocket(plain, { isServer: true, secureContext: this.options.secureContext });
    this.socket = secured;
    this.secure = true;
    this.attach(secured);
  }

  // ------------------------------------------------------------------ dispatch

  private enqueue(raw: RawCommand): void {
    this.queue.push(raw);
    this.reader.pause();
    if (!this.running) void this.runQueue();
  }

  private async runQueue(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0 && !this.closed) {
      const raw = this.queue.shift()!;
      await this.dispatch(raw);
    }
    this.running = false;
    if (!this.closed) this.reader.resume();
  }

  /** Every line gets an answer: a tagged one, or `* BAD` when it has no usable tag (RFC 3501 7.1.3). */
  private async dispatch(raw: RawCommand): Promise<void> {
    // RFC 3501 2.2.1: a command starts with its tag; an empty line is none, and has no tag to answer.
    if (isEmptyCommand(raw)) return this.protocolError(null, 'Ligne vide : une commande commence par son étiquette');
    let cmd: ParsedCommand;
    try {
      cmd = parseCommand(raw);
    } catch (err) {
      if (err instanceof ImapParseError) return this.protocolError(err.tag, err.message);
      throw err;
    }
    const verdict = gate(cmd.command, this.state);
    if (!verdict.ok) {
      if (verdict.unknown) return this.protocolError(cmd.tag, verdict.text);
      return this.tagged(cmd.tag, 'BAD', null, verdict.text);
    }
    const { command } = verdict;
    let ok: TaggedOk | void;
    try {
      // The tagged reply waits until what the command wrote is on disk (MailStore.durably).
      ok = await this.services.store.durably(() => command.run(this, cmd));
    } catch (err) {
      const holds = command.holdsExpunges?.(cmd) ?? false;
      if (err instanceof ImapParseError || err instanceof ImapBad) {
        // A known command with bad arguments: answered, not counted as a peer not speaking IMAP.
        this.flushUpdates(!holds);
        return this.tagged(cmd.tag, 'BAD', null, err.message);
      }
      this.badCount = 0;
      this.flushUpdates(!holds);
      if (err instanceof ImapNo) return this.tagged(cmd.tag, 'NO', err.code, err.message);
      if (err instanceof ProtocolRefusal) return this.tagged(cmd.tag, 'NO', err.responseCode, err.message);
      const mapped = mapStoreError(err);
      if (mapped) return this.tagged(cmd.tag, 'NO', mapped.code, mapped.text);
      this.log.error({ err, cmd: cmd.command }, 'imap command failed');
      return this.tagged(cmd.tag, 'NO', 'SERVERBUG', 'Erreur interne du serveur');
    }
    this.badCount = 0;
    if (this.closed || ok?.replied) return;
    this.flushUpdates(!(command.holdsExpunges?.(cmd) ?? false));
    this.tagged(cmd.tag, 'OK', ok?.code ?? null, ok?.text ?? `${cmd.uid ? 'UID ' : ''}${cmd.command} terminé`);
  }

  tagged(tag: string, status: 'OK' | 'NO' | 'BAD', code: string | null, text: string): void {
    this.write(`${tag} ${status} ${code ? `[${code}] ` : ''}${text.replace(/[\r\n]/g, ' ')}\r\n`);
  }

  /** `tag BAD` (or `* BAD`) for a line that is no command this server knows, counted. */
  private protocolError(tag: string | null, text: string): void {
    this.tagged(tag ?? '*', 'BAD', null, text);
    if (++this.badCount >= MAX_BAD_COMMANDS) {
      this.untagged('BYE Trop d’erreurs de protocole');
      this.close();
    }
  }

  /**
   * A literal was announced: the command it belongs to may refuse it before its bytes are read
   * (APPEND to a full mailbox). The reader is paused while a command runs, so this never
   * interleaves with another command's output.
   */
  private checkLiteral(literal: LiteralAnnouncement): ResponseHint | null {
    const admitted = admitLiteral(literal, this.state);
    if (!admitted.ok) return admitted.refusal;
    const { command } = admitted;
    if (!command.checkLiteral) return null;
    try {
      return command.checkLiteral(this, literal);
    } catch (err) {
      this.log.error({ err, cmd: command.name }, 'imap literal check failed');
      return null;
    }
  }

  private onReject(rejection: CommandRejection): void {
    const { response } = rejection;
    const waiter = this.rawLineWaiter;
    if (waiter && !rejection.fatal) {
      // The refused line is the one a running command waits for (an AUTHENTICATE response,
      // IDLE's DONE): that command gives the tagged answer, which an untagged BAD would not.
      this.rawLineWaiter = null;
      this.reader.pause();
      waiter.reject(new ImapBad(response.text));
      return;
    }
    this.tagged(rejection.tag ?? '*', response.status, response.code, response.text);
    if (rejection.fatal) {
      this.untagged('BYE Commande trop volumineuse');
      this.close();
    }
  }

  // ------------------------------------------------------------------ lifecycle

  private timer: NodeJS.Timeout | null = null;

  private resetTimeout(): void {
    if (this.timer) clearTimeout(this.timer);
    const ms = this.state === 'not-authenticated' ? PREAUTH_TIMEOUT_MS : (this.options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
    this.timer = setTimeout(() => {
      this.untagged('BYE Délai d’inactivité dépassé');
      this.close();
    }, ms);
    this.timer.unref();
  }

  /** LOGOUT, BYE or shutdown: ends the connection once pending output is written. */
  close(): void {
    if (this.closed) return;
    this.socket.end();
    this.cleanup();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.close();
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    this.rawLineWaiter?.resolve(Buffer.alloc(0));
    this.options.onClose(this);
    if (!this.socket.destroyed) setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Store domain errors → IMAP response codes (RFC 5530, RFC 9208). */
function mapStoreError(err: unknown): { code: string; text: string } | null {
  if (!(err instanceof Error)) return null;
  // Below the reserve (APPEND), or a write that found the disk full: not a server bug.
  if (err instanceof MailSystemFullError) return MAIL_SYSTEM_FULL;
  if (isDiskFull(err)) return DISK_FULL;
  switch (err.name) {
    case 'QuotaExceededError':
      return { code: 'OVERQUOTA', text: 'Quota dépassé : la boîte aux lettres est pleine' };
    case 'MailboxNotFoundError':
      return { code: 'NONEXISTENT', text: 'Dossier introuvable' };
    case 'MailboxExistsError':
      return { code: 'ALREADYEXISTS', text: 'Ce dossier existe déjà' };
    case 'MailboxOperationError':
      return { code: 'CANNOT', text: err.message };
    default:
      return null;
  }
}
