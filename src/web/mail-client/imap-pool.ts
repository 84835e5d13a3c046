/**
 * One imapflow connection per signed-in account, as a desktop client would hold, authenticated
 * with SASL PLAIN as the webmail's service identity acting for the account (RFC 4616
 * authorization identity), so no user password is ever kept. Connections close after a few
 * minutes without use and reopen on demand.
 *
 * Freshness without IDLE: the pool reads the account's change counters (account-versions.ts,
 * bumped by the thread that commits each change). Messages added or removed (and folders
 * changed) move `structure`, and the next use of the selected mailbox sends a NOOP (RFC 3501
 * 6.1.2), so imapflow's counts and sequence numbers are current; flag changes move `flags`,
 * which only the flag caches care about (FETCH always answers current flags). An unchanged
 * account costs no extra round trip.
 */
import { ImapFlow, type MailboxObject } from 'imapflow';
import type { Account } from '../../accounts/account-store.js';
import { SERVICE_LOGIN } from '../../accounts/authenticate.js';
import type { Logger } from '../../log/logger.js';
import { semaphore } from '../../semaphore.js';
import type { AccountVersions } from './account-versions.js';
import { MessageCache } from './message-cache.js';

/** A connection unused this long is logged out: enough to read a long message, short enough to free sockets. */
export const IMAP_IDLE_CLOSE_MS = 5 * 60 * 1000;
/** How often idle connections are looked for. */
const IDLE_SWEEP_MS = 30 * 1000;
/** Open connections at most; past it the least recently used idle one is closed first. */
export const MAX_POOLED_CONNECTIONS = 2000;
/** Connections opened at once by default (see ImapPoolOptions.maxOpening). */
export const DEFAULT_MAX_OPENING = 8;
/** Memoised answers per account (folder list, sorted UID lists, page flags): bounded. */
const MAX_MEMO_ENTRIES = 64;
/** A greeting or a socket that stays silent this long means the IMAP server is unwell. */
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 2 * 60 * 1000;

export class ImapUnavailableError extends Error {
  override name = 'ImapUnavailableError';
}

export interface ImapPoolOptions {
  host: string;
  port: number;
  serviceSecret: string;
  /** The accounts' change counters, kept by whoever commits changes. */
  versions: AccountVersions;
  log: Logger;
  /** Largest literal accepted from the server: our own largest message, with margin. */
  maxLiteralBytes: number;
  idleCloseMs?: number;
  /**
   * Connections being opened at once (default 8). They all come from this host's address, and
   * the IMAP server refuses an address more than WEBMEL_IMAP_MAX_PER_IP connections not yet
   * authenticated: many readers arriving together (after a restart) must not go past it.
   */
  maxOpening?: number;
}

/** What the pool knows about one account between requests. */
export interface AccountState {
  /** Moves when messages are added or removed or folders change. */
  readonly structure: number;
  /** Moves on every flag change. */
  readonly flags: number;
  /** Immutable message heads (envelope, structure) already fetched. */
  messages: MessageCache;
  memo: Map<string, Memo>;
  /**
   * The reader's own changes still on their way to the server (a message marked read after its
   * page was sent). Memoised answers already show them (`ownFlagChange`) and are answered from
   * as usual; anything asked of the server waits for them, so the reader never sees her own
   * change undone.
   */
  pending: Promise<void> | null;
}

/** What `ownFlagChange` tells each memoised value's amender. */
export interface OwnFlagChange {
  /** The account's flag version just before the change. */
  before: number;
  /** The memo reflected every flag change up to `before`. */
  memoWasCurrent: boolean;
}

/**
 * Shows our own change in a memoised value, if it can: returns how to mark the value current as
 * of the version the change will bring (called once the server has made it), or null when the
 * value was left as it was.
 */
export type OwnChangeAmender = (key: string, value: unknown, change: OwnFlagChange) => ((now: number) => void) | null;

interface Memo {
  structure: number;
  flags: number;
  value: unknown;
}

/** When a memoised answer is stale: `structure` answers (sorted UID lists, page rows) survive flag changes; `all` answers do not. */
export type MemoPolicy = { kind: 'structure' } | { kind: 'all' };

interface Entry {
  accountId: number;
  login: string;
  client: ImapFlow | null;
  connecting: Promise<ImapFlow> | null;
  lastUsed: number;
  busy: number;
  /** `structure` as of the connection's last look at its mailbox: if it moved since, NOOP first. */
  syncedStructure: number;
  state: AccountState;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

export class ImapPool {
  private readonly entries = new Map<number, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly opening: <T>(task: () => Promise<T>) => Promise<T>;
  private closed = false;

  constructor(private readonly options: ImapPoolOptions) {
    this.opening = semaphore(options.maxOpening ?? DEFAULT_MAX_OPENING);
    this.sweeper = setInterval(() => this.closeIdle(), IDLE_SWEEP_MS);
    this.sweeper.unref();
  }

  /** Runs `fn` with the account's connection (not tied to a mailbox: LIST, STATUS, CREATE…). */
  async run<T>(account: Pick<Account, 'id' | 'login'>, fn: (client: ImapFlow, state: AccountState) => Promise<T>): Promise<T> {
    const entry = this.entryFor(account);
    while (entry.state.pending) await entry.state.pending;
    entry.busy++;
    try {
      const client = await this.connect(entry);
      return await fn(client, entry.state);
    } finally {
      entry.busy--;
      entry.lastUsed = Date.now();
    }
  }

  /**
   * Runs `fn` with `path` selected and locked (imapflow queues other users of the connection
   * until the lock is released), its counts up to date.
   */
  async inMailbox<T>(
    account: Pick<Account, 'id' | 'login'>,
    path: string,
    fn: (client: ImapFlow, mailbox: MailboxObject, state: AccountState) => Promise<T>,
  ): Promise<T> {
    return this.run(account, async (client, state) => {
      const entry = this.entries.get(account.id);
      const before = client.mailbox ? client.mailbox.path : null;
      const lock = await client.getMailboxLock(path);
      try {
        if (entry && entry.syncedStructure !== entry.state.structure) {
          entry.syncedStructure = entry.state.structure;
          // A fresh SELECT already carries the current state; otherwise ask for it.
          if (before === path) await client.noop();
        }
        const mailbox = client.mailbox;
        if (!mailbox) throw new ImapUnavailableError('mailbox not selected');
        return await fn(client, mailbox, state);
      } finally {
        lock.release();
      }
    });
  }

  /**
   * Runs `fn` holding the connection's mailbox lock, on whatever mailbox is selected (INBOX if
   * none): commands that need no mailbox (LIST-STATUS) but must not interleave with the reader's
   * own changes on this connection, so their answer is exactly as of one moment.
   */
  async exclusive<T>(account: Pick<Account, 'id' | 'login'>, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    return this.run(account, async (client) => {
      const lock = await client.getMailboxLock(client.mailbox ? client.mailbox.path : 'INBOX');
      try {
        return await fn(client);
      } finally {
        lock.release();
      }
    });
  }

  /**
   * A value computed over IMAP, kept while `policy` says the account's changes leave it valid.
   * The value is stamped with the account's versions as of the call, or as of `stamp()` when
   * `compute` calls it: a computation that first waits for the mailbox lock calls it once it
   * holds the lock, so changes made while it waited (which its answer includes) do not make it
   * look stale at once.
   */
  async memo<T>(
    account: Pick<Account, 'id' | 'login'>,
    key: string,
    policy: MemoPolicy,
    compute: (stamp: () => void) => Promise<T>,
  ): Promise<T> {
    const entry = this.entryFor(account);
    const { state } = entry;
    for (;;) {
      // A current answer shows the reader's pending changes already (ownFlagChange); a new one
      // is asked of the server only once they are made there.
      const hit = state.memo.get(key);
      if (hit && isFresh(hit, state, policy)) return hit.value as T;
      if (!state.pending) break;
      await state.pending;
    }
    const seen = { structure: state.structure, flags: state.flags };
    const value = await compute(() => {
      seen.structure = state.structure;
      seen.flags = state.flags;
    });
    // A structural change during the computation may not be in it: do not keep it then.
    if (state.structure === seen.structure && this.entries.get(account.id) === entry) {
      state.memo.delete(key);
      state.memo.set(key, { ...seen, value });
      while (state.memo.size > MAX_MEMO_ENTRIES) state.memo.delete(state.memo.keys().next().value!);
    }
    return value;
  }

  /**
   * `change`, a change of the reader's own still running on the connection `inMailbox` holds
   * (a STORE sent while the caller already answers, a FETCH that may mark a message read): her
   * next requests wait for it (see `AccountState.pending`), other clients see it a moment
   * later. A failure is logged: the change is then simply not made.
   */
  afterAnswer(account: Pick<Account, 'id' | 'login'>, change: Promise<void>): void {
    const done = change.catch((err: unknown) => {
      this.options.log.warn({ err, user: account.login }, 'webmail could not finish a change after answering');
    });
    const state = this.entries.get(account.id)?.state;
    if (!state) return;
    const previous = state.pending;
    const pending: Promise<void> = (previous ? Promise.all([previous, done]).then(() => {}) : done).finally(() => {
      if (state.pending === pending) state.pending = null;
    });
    state.pending = pending;
  }

  /**
   * Our own change of one message's flags, about to be sent, whose effect we know: memoised
   * answers current now are amended in place at once, so the reader's next pages show it
   * without waiting for the server. Call `settle()` once the server has answered: if the
   * account's flag version moved by exactly that one change (the store publishes one per
   * message changed), the amended answers are current as of it and need no resynchronisation;
   * if it moved by more, someone else changed flags too, and they refresh as usual. If the
   * change fails, `abandon()`. A change the server has already made (a FETCH that marked a
   * message read) passes the flag version read before sending it as `before`.
   */
  ownFlagChange(account: Pick<Account, 'id'>, amend: OwnChangeAmender, before?: number): { settle(): void; abandon(): void } {
    const state = this.entries.get(account.id)?.state;
    if (!state) return { settle() {}, abandon() {} };
    before ??= state.flags;
    const amended: Array<{ key: string; memo: Memo; stamp: (now: number) => void }> = [];
    for (const [key, memo] of state.memo) {
      const stamp = amend(key, memo.value, { before, memoWasCurrent: memo.flags === before });
      if (stamp) amended.push({ key, memo, stamp });
    }
    return {
      settle() {
        const now = state.flags;
        if (now !== before + 1) return;
        for (const { memo, stamp } of amended) {
          stamp(now);
          if (memo.flags === before) memo.flags = now;
        }
      },
      // The amended answers show what did not happen: dropped, they are asked again.
      abandon() {
        for (const { key, memo } of amended) if (state.memo.get(key) === memo) state.memo.delete(key);
      },
    };
  }

  /**
   * A memoised value that is still current, without the connection or its lock: answering
   * from it needs no IMAP command, so it need not wait behind the reader's other requests on
   * the connection (a message being opened), nor for her pending changes, which it already
   * shows. Undefined when absent or stale.
   */
  peek<T>(account: Pick<Account, 'id'>, key: string, policy: MemoPolicy): { value: T; state: AccountState } | undefined {
    const entry = this.entries.get(account.id);
    const hit = entry?.state.memo.get(key);
    if (!entry || !hit || !isFresh(hit, entry.state, policy)) return undefined;
    entry.lastUsed = Date.now();
    return { value: hit.value as T, state: entry.state };
  }

  forget(account: Pick<Account, 'id'>, key: string): void {
    this.entries.get(account.id)?.state.memo.delete(key);
  }

  private entryFor(account: Pick<Account, 'id' | 'login'>): Entry {
    if (this.closed) throw new ImapUnavailableError('pool closed');
    let entry = this.entries.get(account.id);
    if (!entry) {
      if (this.entries.size >= MAX_POOLED_CONNECTIONS) this.evictOne();
      const { versions } = this.options;
      const accountId = account.id;
      const created: Entry = {
        accountId,
        login: account.login,
        client: null,
        connecting: null,
        lastUsed: Date.now(),
        busy: 0,
        syncedStructure: versions.structure(accountId),
        state: {
          get structure() {
            return versions.structure(accountId);
          },
          get flags() {
            return versions.flags(accountId);
          },
          messages: new MessageCache(),
          memo: new Map(),
          pending: null,
        },
      };
      this.entries.set(account.id, created);
      entry = created;
    }
    return entry;
  }

  private connect(entry: Entry): Promise<ImapFlow> {
    if (entry.client?.usable) return Promise.resolve(entry.client);
    entry.client = null;
    entry.connecting ??= this.opening(() => this.open(entry)).finally(() => {
      entry.connecting = null;
    });
    return entry.connecting;
  }

  private async open(entry: Entry): Promise<ImapFlow> {
    const { host, port, serviceSecret } = this.options;
    const client = new ImapFlow({
      host,
      port,
      secure: false,
      // On the loopback interface there is no one to hide from; elsewhere TLS is required.
      doSTARTTLS: isLoopback(host) ? false : true,
      auth: { user: SERVICE_LOGIN, pass: serviceSecret, authzid: entry.login, loginMethod: 'AUTH=PLAIN' },
      logger: false,
      // Freshness comes from NOOP-when-changed (see the module comment), not from IDLE, which
      // would cost a DONE round trip before each command.
      disableAutoIdle: true,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      maxLiteralSize: this.options.maxLiteralBytes,
      maxResponseSize: this.options.maxLiteralBytes * 2,
    });
    client.on('error', (err: unknown) => {
      this.options.log.debug({ err, user: entry.login }, 'imap client error');
    });
    client.on('close', () => {
      if (entry.client === client) entry.client = null;
    });
    try {
      await client.connect();
    } catch (err) {
      client.close();
      this.options.log.warn({ err, user: entry.login }, 'webmail could not open its IMAP connection');
      throw new ImapUnavailableError('IMAP connection failed', { cause: err });
    }
    // A fresh connection selects afresh: nothing to catch up on.
    entry.syncedStructure = entry.state.structure;
    entry.client = client;
    return client;
  }

  /** Closes connections idle for longer than the limit. */
  closeIdle(now = Date.now()): void {
    const limit = this.options.idleCloseMs ?? IMAP_IDLE_CLOSE_MS;
    for (const entry of this.entries.values()) {
      if (entry.busy === 0 && !entry.connecting && !entry.state.pending && now - entry.lastUsed > limit) this.drop(entry);
    }
  }

  /** Open connections (for tests and the benchmark report). */
  get size(): number {
    return [...this.entries.values()].filter((entry) => entry.client !== null).length;
  }

  private evictOne(): void {
    let oldest: Entry | null = null;
    for (const entry of this.entries.values()) {
      if (entry.busy === 0 && !entry.connecting && (!oldest || entry.lastUsed < oldest.lastUsed)) oldest = entry;
    }
    if (oldest) this.drop(oldest);
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry.accountId);
    const client = entry.client;
    entry.client = null;
    if (client) client.logout().catch(() => client.close());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const clients: ImapFlow[] = [];
    for (const entry of this.entries.values()) {
      if (entry.client) clients.push(entry.client);
    }
    this.entries.clear();
    await Promise.all(clients.map((client) => client.logout().catch(() => client.close())));
  }
}

function isFresh(memo: Memo, state: AccountState, policy: MemoPolicy): boolean {
  return memo.structure === state.structure && (policy.kind === 'structure' || memo.flags === state.flags);
}
