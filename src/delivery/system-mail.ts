/**
 * Messages from the messagerie itself to one of its mailboxes (« Accusé de réception » of a
 * strike declaration): plain French text from ne-pas-repondre@<domaine>, marked
 * Auto-Submitted, written straight into the INBOX past the quota, since a receipt that a full
 * mailbox refused would leave the person without proof.
 */
import type { AccountStore } from '../accounts/account-store.js';
import type { Logger } from '../log/logger.js';
import { composeSystemMessage } from '../mime/compose-system-message.js';
import type { MailStore } from '../store/mail-store.js';
import { prepareMessage } from '../store/prepare-message.js';

export interface SystemMailDeps {
  store: MailStore;
  accounts: AccountStore;
  hostname: string;
  domain: string;
  log: Logger;
}

export interface SystemText {
  subject: string;
  text: string;
}

export class SystemMail {
  constructor(
    private readonly deps: SystemMailDeps,
    /** Another thread's way of delivering (the webmail's thread hands it to the main one). */
    private readonly handOver?: (accountId: number, message: SystemText) => void,
  ) {}

  /** Puts the message in the account's INBOX; a failure (a full disk) is logged, never thrown at the caller's request. */
  deliver(accountId: number, message: SystemText): void {
    if (this.handOver) {
      this.handOver(accountId, message);
      return;
    }
    try {
      this.write(accountId, message);
    } catch (err) {
      this.deps.log.error({ err, accountId }, 'system message not delivered');
    }
  }

  private write(accountId: number, message: SystemText): void {
    const account = this.deps.accounts.byId(accountId);
    if (!account) return;
    const raw = composeSystemMessage({
      hostname: this.deps.hostname,
      from: { name: 'Messagerie académique', address: `ne-pas-repondre@${this.deps.domain}` },
      to: account.address,
      subject: message.subject,
      headers: { 'Auto-Submitted': 'auto-generated' },
      parts: [{ contentType: 'text/plain', body: message.text }],
    });
    this.deps.store.deliver(prepareMessage(raw), [{ accountId, limitBytes: 0, bypassQuota: true }]);
  }
}
