/**
 * Drains the outbound queue: claims due recipients, delivers local ones through
 * LocalDelivery and outside ones through the relay or the recipient domain's MX, then
 * records each outcome and tells the sender what failed (RFC 3464 DSN, French and English),
 * or, once, what is late.
 *
 * Delivery guarantees (see outbound-store.ts for the claim):
 * - a local copy and its `sent` mark commit in one transaction: exactly once;
 * - an outside copy is marked `sent` after the remote 250: a crash between the two sends it
 *   again on the next attempt (at most one duplicate), nothing is ever lost;
 * - a DSN and the status change that causes it commit together: one report per outcome;
 * - never a DSN to the null sender (RFC 5321 6.1), so reports cannot loop.
 */
import fs from 'node:fs';
import type { Account } from '../accounts/account-store.js';
import type { Config } from '../config.js';
import type { Logger } from '../log/logger.js';
import type { MailStore } from '../store/mail-store.js';
import { prepareMessage, type PreparedMessage } from '../store/prepare-message.js';
import type { DsnInput, FailedRecipient } from '../mime/dsn.js';
import { domainOf } from '../mime/addresses.js';
import { returnPathHeader } from '../mime/trace-headers.js';
import { dnsMxResolver, PermanentRouteError, type MxResolver } from './mx-resolver.js';
import type { ClaimedRecipient, OutboundStore, StoredMessage } from './outbound-store.js';
import { expiresAt, nextAttemptAt, type RetryPolicy } from './retry-schedule.js';
import { attemptDelivery, type DkimSigning, type RecipientResult, type SmtpRoute } from './smtp-attempt.js';
import { TransportPool } from './transport-pool.js';
import { semaphore } from '../semaphore.js';

/** How often the queue is looked at when nothing wakes it (CLI `queue retry`, undo windows). */
export const QUEUE_POLL_MS = 1000;
/** Recipients claimed per pass; the next pass takes the rest. */
export const CLAIM_BATCH = 500;
/** Failed messages stay visible to `queue list` / `queue retry` this long. */
export const FAILED_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Finished messages are purged at most this often. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** The standard SMTP port of an MX (RFC 5321 4.5.4). */
export const SMTP_PORT = 25;

/**
 * What the queue needs of local delivery (src/smtp/local-delivery.ts has it): local copies go
 * in as inbound mail would, and reports go to the sender. Declared here so that the queue does
 * not depend on the SMTP server that uses it.
 */
export interface QueueDelivery {
  isLocalDomain(address: string): boolean;
  checkRecipient(address: string): { ok: true; account: Account } | { ok: false; reason: 'relay' | 'unknown' | 'disabled' | 'full' };
  deliverPrepared(message: PreparedMessage, sender: string, recipients: readonly Account[], arrival?: Date): { delivered: readonly Account[] };
  sendDsn(
    sender: string,
    failed: FailedRecipient[],
    original: Buffer,
    arrival: Date,
    options?: Pick<DsnInput, 'action' | 'othersDelivered' | 'willRetryUntil' | 'remoteMta'>,
  ): boolean;
}

/** The modules the queue works with (app.ts passes its Services, which has them). */
export interface QueueServices {
  config: Config;
  log: Logger;
  outbound: OutboundStore;
  delivery: QueueDelivery;
  store: Pick<MailStore, 'writeBatched'>;
}

export interface QueueRunnerOptions {
  /** MX lookup; DNS by default. Tests inject one that answers 127.0.0.1. */
  resolver?: MxResolver;
  /** Port of the MX hosts (25; tests use their sink's). */
  mxPort?: number;
  /** The clock, so tests can move past a retry delay without waiting. */
  now?: () => number;
  pollMs?: number;
}

export interface PassSummary {
  sent: number;
  deferred: number;
  failed: number;
}

interface Handled {
  row: ClaimedRecipient;
  result: RecipientResult;
  /** A local copy: already marked sent in its own delivery transaction. */
  local?: boolean;
}

export class QueueRunner {
  private readonly policy: RetryPolicy;
  private readonly resolver: MxResolver;
  private readonly mxPort: number;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly dkim: DkimSigning | null;
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private tail: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private unsubscribe: (() => void) | null = null;
  private lastPurge = 0;

  constructor(
    private readonly services: QueueServices,
    options: QueueRunnerOptions = {},
  ) {
    const { config } = services;
    this.policy = { scheduleMs: config.retryScheduleMs, maxAgeMs: config.queueMaxAgeMs };
    this.resolver = options.resolver ?? dnsMxResolver();
    this.mxPort = options.mxPort ?? SMTP_PORT;
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? QUEUE_POLL_MS;
    this.limit = semaphore(config.queueConcurrency);
    // Read at start: a missing key stops the server instead of sending unsigned mail.
    this.dkim = config.dkim
      ? { domainName: config.dkim.domain, keySelector: config.dkim.selector, privateKey: fs.readFileSync(config.dkim.keyPath, 'utf8') }
      : null;
  }

  /** Starts the loop: a pass now, then one per poll interval or whenever a message is queued. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.services.outbound.onEnqueue(() => this.wake());
    this.schedule(0);
  }

  /** Stops the loop and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tail;
  }

  /** Runs a pass soon (a message was queued). */
  wake(): void {
    if (this.started) this.schedule(0);
  }

  /** Undo-send: see OutboundStore.cancel. */
  cancel(messageId: number, sender: string): boolean {
    return this.services.outbound.cancel(messageId, sender);
  }

  /** One pass over everything due now; passes never overlap. */
  runOnce(): Promise<PassSummary> {
    const run = this.tail.then(() => this.pass());
    this.tail = run.catch(() => undefined);
    return run;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      await this.runOnce();
    } catch (err) {
      this.services.log.error({ err }, 'outbound queue pass failed');
    }
    if (this.started && !this.timer) this.schedule(this.pollMs);
  }

  private async pass(): Promise<PassSummary> {
    const { outbound } = this.services;
    const started = this.now();
    if (started - this.lastPurge >= PURGE_INTERVAL_MS) {
      this.lastPurge = started;
      outbound.purgeFinished(started - FAILED_RETENTION_MS);
    }
    const claimed = outbound.claimDue(started, CLAIM_BATCH, (row) =>
      nextAttemptAt(this.policy, row.attempts, started, row.sendAfter),
    );
    const byMessage = new Map<number, ClaimedRecipient[]>();
    for (const row of claimed) {
      const rows = byMessage.get(row.messageId);
      if (rows) rows.push(row);
      else byMessage.set(row.messageId, [row]);
    }
    const summary: PassSummary = { sent: 0, deferred: 0, failed: 0 };
    const pool = new TransportPool(this.services.config.queueConcurrency);
    // Only this many messages are loaded at a time: each may weigh WEBMEL_MAX_MESSAGE_MB.
    const messageSlot = semaphore(this.services.config.queueConcurrency);
    try {
      await Promise.all(
        [...byMessage].map(async ([messageId, rows]) => {
          const attempt = await messageSlot(async () => {
            const message = outbound.message(messageId);
            if (!message) return null; // dropped meanwhile
            const [local, remote] = await Promise.all([this.deliverLocal(message, rows), this.deliverRemote(message, rows, pool)]);
            return { message, handled: [...local, ...remote] };
          });
          // Recorded outside the slot: the next message's SMTP need not wait for this commit.
          if (attempt) await this.record(attempt.message, attempt.handled, summary);
        }),
      );
    } finally {
      pool.closeAll();
    }
    return summary;
  }

  // ---------------------------------------------------------------- local recipients

  /** Held local copies (undo-send, « envoyer plus tard ») go in exactly as inbound mail would. */
  private async deliverLocal(message: StoredMessage, rows: ClaimedRecipient[]): Promise<Handled[]> {
    const { delivery, store, outbound, config } = this.services;
    const local = rows.filter((row) => delivery.isLocalDomain(row.address));
    let prepared: PreparedMessage | null = null;
    const handled = local.map(async (row): Promise<Handled> => {
      const check = delivery.checkRecipient(row.address);
      if (!check.ok) {
        const refusals = {
          relay: ['550', '5.1.1', 'destinataire inconnu / no such user'],
          unknown: ['550', '5.1.1', 'destinataire inconnu / no such user'],
          disabled: ['550', '5.2.1', 'boîte désactivée / mailbox disabled'],
          full: config.quotaFullPermanent
            ? ['554', '5.2.2', 'boîte pleine / mailbox full']
            : ['452', '4.2.2', 'boîte pleine / mailbox full'],
        } as const;
        const [code, status, text] = refusals[check.reason];
        return { row, local: true, result: this.localResult(row, code, status, text) };
      }
      // RFC 5321 4.4: we are the final delivery MTA here, so Return-Path goes on now.
      prepared ??= prepareMessage(Buffer.concat([returnPathHeader(message.sender), message.raw]));
      const message_ = prepared;
      // The copy and its `sent` mark commit together: exactly once.
      const delivered = await store.writeBatched(() => {
        const outcome = delivery.deliverPrepared(message_, message.sender, [check.account], new Date(this.now()));
        if (outcome.delivered.length > 0) outbound.markSent([row.id], this.now());
        return outcome.delivered.length > 0;
      });
      return {
        row,
        local: true,
        result: delivered
          ? this.localResult(row, '250', '2.0.0', 'remis / delivered')
          : this.localResult(row, '452', '4.2.2', 'boîte pleine / mailbox full'),
      };
    });
    return Promise.all(handled);
  }

  private localResult(row: ClaimedRecipient, code: string, status: string, text: string): RecipientResult {
    const outcome = code.startsWith('2') ? 'sent' : code.startsWith('4') ? 'temporary' : 'permanent';
    return { address: row.address, outcome, status, diagnostic: `${code} ${status} ${text}`, host: null };
  }

  // ---------------------------------------------------------------- outside recipients

  private async deliverRemote(message: StoredMessage, rows: ClaimedRecipient[], pool: TransportPool): Promise<Handled[]> {
    const remote = rows.filter((row) => !this.services.delivery.isLocalDomain(row.address));
    const { relay } = this.services.config;
    // Through a relay, one transaction carries every recipient; directly, one per domain.
    const groups = new Map<string, ClaimedRecipient[]>();
    for (const row of remote) {
      const key = relay ? '' : domainOf(row.address);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    // SMTP transactions in flight are limited across messages (a message never waits for a
    // slot while holding one, so the two semaphores cannot deadlock).
    const handled = await Promise.all(
      [...groups].map(([domain, group]) => this.limit(() => this.deliverGroup(message, domain, group, pool))),
    );
    return handled.flat();
  }

  private async deliverGroup(
    message: StoredMessage,
    domain: string,
    rows: ClaimedRecipient[],
    pool: TransportPool,
  ): Promise<Handled[]> {
    const { config, log } = this.services;
    const addresses = rows.map((row) => row.address);
    let route: SmtpRoute;
    try {
      route = await this.routeFor(domain);
    } catch (err) {
      const permanent = err instanceof PermanentRouteError;
      const text = err instanceof Error ? err.message : String(err);
      log.info({ domain, err: text }, 'no route for outbound mail');
      return rows.map((row) => ({
        row,
        result: {
          address: row.address,
          outcome: permanent ? 'permanent' : 'temporary',
          // RFC 3463 3.5: X.4.3 directory server (DNS) failure, temporary.
          status: permanent ? err.status : '4.4.3',
          diagnostic: permanent ? `550 ${err.status} ${text}` : `451 4.4.3 DNS : ${text}`,
          host: null,
        },
      }));
    }
    const results = await attemptDelivery(route, message.sender, addresses, message.raw, {
      name: config.hostname,
      dkim: this.dkim,
      pool,
    });
    log.info(
      { queueId: message.id, domain: domain || 'relay', outcomes: results.map((r) => `${r.outcome}:${r.status}`) },
      'outbound attempt',
    );
    return rows.map((row, index) => ({ row, result: results[index]! }));
  }

  private async routeFor(domain: string): Promise<SmtpRoute> {
    const { relay } = this.services.config;
    if (relay) {
      const auth = relay.user && relay.password ? { user: relay.user, pass: relay.password } : null;
      return {
        hosts: [{ host: relay.host, port: relay.port }],
        auth,
        verifyCertificate: true,
        // A password never crosses the network in clear; a relay on this machine is exempt.
        requireTLS: auth !== null && !/^(127\.|::1$|localhost$)/.test(relay.host),
      };
    }
    const hosts = await this.resolver(domain);
    return {
      hosts: hosts.map(({ host, port }) => ({ host, port: port ?? this.mxPort })),
      auth: null,
      verifyCertificate: false,
      requireTLS: false,
    };
  }

  // ---------------------------------------------------------------- outcomes

  /** Records the outcomes of one message (a savepoint of the store's group commit). */
  private async record(message: StoredMessage, handled: Handled[], summary: PassSummary): Promise<void> {
    const { outbound, delivery, store, log } = this.services;
    const finished = this.now();
    const expiry = expiresAt(this.policy, message.sendAfter);
    const sent: Handled[] = [];
    const failed: Handled[] = [];
    const deferred: Handled[] = [];
    const warn: Handled[] = [];
    for (const item of handled) {
      const { row, result } = item;
      if (result.outcome === 'sent') sent.push(item);
      // A temporary failure at or after the message's expiry is final.
      else if (result.outcome === 'permanent' || finished >= expiry) failed.push(item);
      else {
        deferred.push(item);
        if (!row.delayWarned && finished - message.sendAfter >= this.services.config.delayWarningMs) warn.push(item);
      }
    }
    const report = (items: Handled[]): FailedRecipient[] =>
      items.map(({ row, result }) => ({
        address: row.address,
        // RFC 3463 3.5: X.4.7 delivery time expired, for a temporary failure that ran out of time.
        status: result.outcome === 'permanent' ? result.status : '4.4.7',
        diagnostic: result.diagnostic,
      }));
    await store.writeBatched(() => {
      outbound.markSent(
        sent.filter((item) => !item.local).map(({ row }) => row.id),
        finished,
      );
      for (const { row, result } of deferred) outbound.markDeferred([row.id], result.diagnostic);
      for (const { row, result } of failed) outbound.markFailed([row.id], result.diagnostic, finished);
      const arrival = new Date(message.createdAt);
      if (failed.length > 0) {
        delivery.sendDsn(message.sender, report(failed), message.raw, arrival, {
          othersDelivered: false,
          ...remoteMtaOf(failed),
        });
      }
      if (warn.length > 0) {
        outbound.markDelayWarned(warn.map(({ row }) => row.id));
        delivery.sendDsn(
          message.sender,
          warn.map(({ row, result }) => ({ address: row.address, status: result.status, diagnostic: result.diagnostic })),
          message.raw,
          arrival,
          { action: 'delayed', othersDelivered: false, willRetryUntil: new Date(expiry), ...remoteMtaOf(warn) },
        );
      }
      outbound.deleteIfAllSent(message.id);
    });
    summary.sent += sent.length;
    summary.deferred += deferred.length;
    summary.failed += failed.length;
    if (failed.length > 0) {
      log.info({ queueId: message.id, failed: failed.map(({ row }) => row.address), dsn: message.sender !== '' }, 'outbound delivery failed');
    }
  }
}

/** Remote-MTA when every reported recipient got its answer from the same host. */
function remoteMtaOf(items: Handled[]): { remoteMta?: string } {
  const hosts = new Set(items.map(({ result }) => result.host));
  const [host] = hosts;
  return hosts.size === 1 && host ? { remoteMta: host } : {};
}
