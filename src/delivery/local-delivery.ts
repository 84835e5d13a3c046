/**
 * Delivery into local mailboxes, shared by inbound SMTP, submission and the outbound queue: recipient
 * checks at RCPT, and the final, per-recipient quota-checked delivery at end of DATA.
 *
 * Invariant: a recipient is either stored (committed before the caller answers 250), refused
 * with the whole message (the caller answers 4xx and nothing is stored), or reported to the
 * sender in a DSN. Nothing accepted is ever dropped.
 */
import type { Account, AccountStore } from '../accounts/account-store.js';
import type { DeliveryResult, MailStore } from '../store/mail-store.js';
import type { RefusalLog } from './refusal-log.js';
import { composeAutoReply, mayAutoReply, type AutoReplies, type AutoReplySource } from './auto-reply.js';
import { prepareMessage, type PreparedMessage } from '../store/prepare-message.js';
import type { OutboundStore } from '../outbound/outbound-store.js';
import type { QuotaPolicy } from '../quota/policy.js';
import { domainOf } from '../mime/addresses.js';
import { buildDsn, type DsnInput, type FailedRecipient } from '../mime/dsn.js';

/** How a DSN reads beyond its recipients: failure or delay, and what is known of the rest. */
export type DsnOptions = Pick<DsnInput, 'action' | 'othersDelivered' | 'willRetryUntil' | 'remoteMta'>;

export type RecipientCheck =
  | { ok: true; account: Account }
  | { ok: false; reason: 'relay' | 'unknown' | 'disabled' | 'full'; accountId?: number };

export interface DeliveryOutcome {
  delivered: Account[];
  failed: Array<{ account: Account; usedBytes: number; limitBytes: number }>;
  /** True when a DSN for the failed recipients was stored or queued. */
  dsnSent: boolean;
}

export interface LocalDeliveryDeps {
  domain: string;
  hostname: string;
  store: MailStore;
  accounts: AccountStore;
  outbound: OutboundStore;
  policy: QuotaPolicy;
  /**
   * The account address that receives a functional address (`ce.<uai>@…`, the annuaire's), or
   * null: an alias, until mailboxes shared by several people exist.
   */
  functionalAddressHolder?: (address: string) => string | null;
  /** The delivery log: a recipient found full at delivery is recorded there. */
  refusals?: RefusalLog;
  /**
   * Automatic replies: an account whose source gives one (a departed agent, disabled for
   * sign-in) still receives, and each sender is answered once a week (auto-reply.ts).
   */
  autoReply?: { source: AutoReplySource; replies: AutoReplies };
}


export class LocalDelivery {
  /** Since this process started: messages stored in at least one local mailbox, and mailboxes reached (/metrics). */
  readonly counters = { messages: 0, recipients: 0 };

  constructor(private readonly deps: LocalDeliveryDeps) {}

  isLocalDomain(address: string): boolean {
    return domainOf(address) === this.deps.domain;
  }

  /**
   * The RCPT-time check. `declaredSize` is MAIL FROM's SIZE=, when given. The quota check
   * here is a courtesy to the sender; the delivery transaction is the authority.
   */
  checkRecipient(address: string, declaredSize = 0): RecipientCheck {
    if (!this.isLocalDomain(address)) return { ok: false, reason: 'relay' };
    const account = this.findAccount(address);
    if (!account) return { ok: false, reason: 'unknown' };
    // A departed agent's mailbox still receives while its automatic reply tells senders whom to write to.
    if (account.disabledAt && !this.deps.autoReply?.source(account.id)) return { ok: false, reason: 'disabled', accountId: account.id };
    const { usedBytes } = this.deps.store.usage(account.id);
    const limit = this.deps.policy.limitFor(account);
    if (usedBytes >= limit) return { ok: false, reason: 'full', accountId: account.id };
    if (declaredSize > 0 && usedBytes + declaredSize > this.deps.policy.inboundLimitFor(account)) {
      return { ok: false, reason: 'full', accountId: account.id };
    }
    return { ok: true, account };
  }

  /**
   * `prenom.nom@domain`, the login alias `login@domain` (as académies accept), or a structure's
   * functional address, delivered to the account responsible for it.
   */
  private findAccount(address: string): Account | null {
    const byAddress = this.deps.accounts.byAddress(address);
    if (byAddress) return byAddress;
    const local = address.slice(0, address.lastIndexOf('@'));
    const byLogin = this.deps.accounts.byLoginOrAddress(local);
    if (byLogin && !local.includes('@') && byLogin.login === local.toLowerCase()) return byLogin;
    const holder = this.deps.functionalAddressHolder?.(address.toLowerCase());
    return holder ? this.deps.accounts.byAddress(holder) : null;
  }

  /**
   * Stores `raw` in each recipient's INBOX, checking quota (limit + grace) inside the write
   * transaction. If some recipients fail and others succeed, the sender gets one DSN for the
   * failed ones. If all fail, nothing is stored and the caller answers 452.
   */
  deliver(raw: Buffer, sender: string, recipients: readonly Account[], arrival = new Date()): DeliveryOutcome {
    return this.deliverPrepared(prepareMessage(raw), sender, recipients, arrival);
  }

  /**
   * `deliver` for a message parsed beforehand, so a caller can join it to a wider write
   * transaction (submission: local copies and the outbound queue commit together) without
   * parsing MIME while holding the write lock.
   */
  deliverPrepared(message: PreparedMessage, sender: string, recipients: readonly Account[], arrival = new Date()): DeliveryOutcome {
    const results = this.deps.store.deliver(message, this.targetsFor(recipients), arrival.getTime());
    return this.outcome(results, message, sender, recipients, arrival);
  }

  /**
   * `deliver` through the store's group commit: concurrent deliveries share one transaction
   * and one fsync. Resolves only after the commit. The inbound SMTP hot path uses this.
   */
  async deliverGrouped(raw: Buffer, sender: string, recipients: readonly Account[], arrival = new Date()): Promise<DeliveryOutcome> {
    const message = prepareMessage(raw);
    const results = await this.deps.store.deliverBatched(message, this.targetsFor(recipients), arrival.getTime());
    return this.outcome(results, message, sender, recipients, arrival);
  }

  private targetsFor(recipients: readonly Account[]) {
    return recipients.map((account) => ({ accountId: account.id, limitBytes: this.deps.policy.inboundLimitFor(account) }));
  }

  private outcome(
    results: readonly DeliveryResult[],
    message: PreparedMessage,
    sender: string,
    recipients: readonly Account[],
    arrival: Date,
  ): DeliveryOutcome {
    const raw = message.raw;
    const delivered: Account[] = [];
    const failed: DeliveryOutcome['failed'] = [];
    results.forEach((result, index) => {
      const account = recipients[index]!;
      if (result.ok) delivered.push(account);
      else failed.push({ account, usedBytes: result.error.usedBytes, limitBytes: result.error.limitBytes });
    });
    for (const { account } of failed) {
      // Nothing stored: the client is answered 452 and retries; some stored: a DSN says 552.
      this.deps.refusals?.record({
        recipient: account.address,
        accountId: account.id,
        sender,
        size: raw.length,
        code: delivered.length === 0 ? '452 4.2.2' : '552 5.2.2',
        reason: 'full',
      });
    }
    let dsnSent = false;
    if (delivered.length > 0 && failed.length > 0 && sender) {
      dsnSent = this.sendDsn(
        sender,
        failed.map(({ account }) => ({
          address: account.address,
          status: '5.2.2',
          diagnostic: '552 5.2.2 boîte pleine / mailbox full',
        })),
        raw,
        arrival,
      );
    }
    if (delivered.length > 0) {
      this.counters.messages++;
      this.counters.recipients += delivered.length;
    }
    for (const account of delivered) this.autoReply(account, message, sender);
    return { delivered, failed, dsnSent };
  }

  /** RFC 3834: the account's automatic reply, if it has one, to a sender that may get one, once a week. */
  private autoReply(account: Account, message: PreparedMessage, sender: string): void {
    const auto = this.deps.autoReply;
    const reply = auto?.source(account.id);
    if (!auto || !reply || !mayAutoReply(message, sender) || sender.toLowerCase() === account.address) return;
    if (!auto.replies.claim(account.id, sender)) return;
    const raw = composeAutoReply({ hostname: this.deps.hostname, from: { name: `${account.prenom} ${account.nom}`, address: account.address }, to: sender, reply, original: message });
    if (this.isLocalDomain(sender)) {
      const to = this.findAccount(sender);
      if (to) this.deps.store.deliver(prepareMessage(raw), [{ accountId: to.id, limitBytes: this.deps.policy.inboundLimitFor(to) }]);
      return;
    }
    // RFC 3834 3.1.10: the null envelope sender, so that nothing answers the answer.
    this.deps.outbound.enqueue('', [sender], raw);
  }

  /**
   * Sends a DSN to `sender`: into the local INBOX (bypassing quota, so the report of a full
   * mailbox is never itself lost to a full mailbox), or into the outbound queue.
   * RFC 3464 / RFC 5321 6.1: never to the null sender, so reports cannot loop.
   */
  sendDsn(sender: string, failed: FailedRecipient[], original: Buffer, arrival: Date, options: DsnOptions = {}): boolean {
    if (!sender) return false;
    const dsn = buildDsn({ hostname: this.deps.hostname, sender, failed, arrivalDate: arrival, original, ...options });
    if (this.isLocalDomain(sender)) {
      const account = this.findAccount(sender);
      if (!account) return false;
      this.deps.store.deliver(prepareMessage(dsn), [{ accountId: account.id, limitBytes: 0, bypassQuota: true }]);
      return true;
    }
    this.deps.outbound.enqueue('', [sender], dsn);
    return true;
  }
}
