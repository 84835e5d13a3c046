/**
 * Quota warnings: when usage crosses 80 %, 95 % or 100 % of the limit, one French system
 * message goes into the owner's INBOX. Each threshold warns once per crossing and is re-armed
 * when usage drops back below it. The warning bypasses the quota (it must arrive in a full
 * mailbox) and is written straight into the store, so it can never loop through SMTP.
 *
 * It listens to the store's `usage` changes (after commit) and runs a daily sweep, so that a
 * lowered limit also warns.
 */
import type { Account, AccountStore } from '../accounts/account-store.js';
import type { MailStore } from '../store/mail-store.js';
import { prepareMessage } from '../store/prepare-message.js';
import type { StoreChange } from '../store/changes.js';
import { composeSystemMessage } from '../mime/compose-system-message.js';
import { webmailLink } from '../mime/webmail-link.js';
import { formatMegabytes, warningLevel, type QuotaPolicy, type WarningLevel } from './policy.js';

export const SWEEP_INTERVAL_MS = 24 * 3600 * 1000;

export interface QuotaWarningsDeps {
  store: MailStore;
  accounts: AccountStore;
  policy: QuotaPolicy;
  hostname: string;
  domain: string;
  /** WEBMEL_PUBLIC_URL: the warning links to the webmail's « Libérer de l'espace » page. */
  publicUrl: string;
}

export class QuotaWarnings {
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: QuotaWarningsDeps) {}

  start(): void {
    this.unsubscribe = this.deps.store.changes.subscribeAll((change: StoreChange) => {
      if (change.kind === 'usage') this.onUsage(change.accountId, change.usedBytes);
    });
    this.timer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * A committed usage change: two point reads decide, in the common case of no threshold
   * crossed, that there is nothing to do (a bulletin to 100,000 mailboxes makes 100,000 of
   * these); check() reads the rest only when the level moved.
   */
  private onUsage(accountId: number, usedBytes: number): void {
    const quotaBytes = this.deps.accounts.quotaBytesOf(accountId);
    if (quotaBytes === undefined) return;
    const level = warningLevel(usedBytes, this.deps.policy.limitFor({ quotaBytes }));
    if (this.deps.store.usage(accountId).warnedLevel === level) return;
    this.check(accountId);
  }

  /**
   * Checks every account (daily, and at start). Returns how many warnings went out. Two reads
   * for all accounts (limits, usage) find those whose level moved; only they are checked one
   * by one: a start with 100,000 accounts does not wait for 100,000 × three reads.
   */
  sweep(): number {
    const limits: Array<number | null | undefined> = [];
    for (const profile of this.deps.accounts.quotaProfiles()) limits[profile.id] = profile.quotaBytes;
    let sent = 0;
    for (const [accountId, usedBytes, , warnedLevel] of this.deps.store.allUsage()) {
      const quotaBytes = limits[accountId];
      if (quotaBytes === undefined) continue;
      if (warningLevel(usedBytes, this.deps.policy.limitFor({ quotaBytes })) === warnedLevel) continue;
      if (this.check(accountId)) sent++;
    }
    return sent;
  }

  /** Warns if a new threshold was crossed; re-arms lower ones. Returns true if a warning went out. */
  check(accountId: number): boolean {
    const account = this.deps.accounts.byId(accountId);
    if (!account) return false;
    const limit = this.deps.policy.limitFor(account);
    const { usedBytes } = this.deps.store.usage(accountId);
    const level = warningLevel(usedBytes, limit);
    const claimed = this.deps.store.claimWarningLevel(accountId, level);
    if (!claimed || level === 0) return false;
    const raw = composeSystemMessage({
      hostname: this.deps.hostname,
      from: { name: 'Messagerie académique', address: `ne-pas-repondre@${this.deps.domain}` },
      to: account.address,
      subject: subjectFor(level),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Webmel-Quota-Warning': String(level) },
      parts: [{ contentType: 'text/plain', body: bodyFor(account, level, usedBytes, limit, webmailLink(this.deps.publicUrl, '/space')) }],
    });
    this.deps.store.deliver(prepareMessage(raw), [{ accountId, limitBytes: 0, bypassQuota: true }]);
    return true;
  }
}

function subjectFor(level: WarningLevel): string {
  return level >= 100
    ? 'Votre messagerie est pleine : les nouveaux messages sont refusés'
    : `Votre messagerie est remplie à ${level} %`;
}

function bodyFor(account: Account, level: WarningLevel, used: number, limit: number, spaceLink: string): string {
  const state =
    level >= 100
      ? `Votre boîte aux lettres a atteint sa taille maximale. Les messages qui vous sont adressés ` +
        `sont désormais refusés et leurs expéditeurs en sont avertis.`
      : `Votre boîte aux lettres est remplie à ${level} %. Au-delà de 100 %, les messages qui vous ` +
        `sont adressés seront refusés.`;
  return (
    `Bonjour ${account.prenom} ${account.nom},\n\n${state}\n\n` +
    `Espace utilisé : ${formatMegabytes(used)} sur ${formatMegabytes(limit)}.\n\n` +
    `Pour libérer de l'espace : supprimez les messages volumineux ou anciens, puis videz la ` +
    `Corbeille (les messages qui s'y trouvent comptent encore). La page « Libérer de l'espace » ` +
    `du webmail liste vos plus gros messages :\n${spaceLink}\n\n` +
    `Pensez-y aussi avant les élections professionnelles : les informations de vote arrivent ` +
    `dans cette boîte.\n\n` +
    `-- \nMessage automatique, merci de ne pas y répondre.\n`
  );
}
