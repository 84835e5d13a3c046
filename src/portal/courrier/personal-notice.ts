/**
 * The courrier's notice at an agent's personal address (« Pour recevoir des informations,
 * saisissez votre mél personnel »): the same short text as in the INBOX, queued for the
 * outside with an empty reverse-path (RFC 5321 4.5.5: an automatic notice takes no bounce).
 */
import { composeSystemMessage } from '../../mime/compose-system-message.js';
import type { PersonalAddresses } from '../personal-addresses.js';

export interface PersonalNoticeDeps {
  personalAddresses: PersonalAddresses;
  /** The outbound queue (OutboundStore.enqueue): its runner sends within a second, from any thread. */
  enqueue: (sender: string, recipients: readonly string[], raw: Buffer) => unknown;
  hostname: string;
  domain: string;
}

export function personalNotice(deps: PersonalNoticeDeps) {
  return (accountId: number, notice: { subject: string; text: string }): void => {
    const address = deps.personalAddresses.of(accountId);
    if (!address) return;
    const raw = composeSystemMessage({
      hostname: deps.hostname,
      from: { name: 'I-Prof', address: `ne-pas-repondre@${deps.domain}` },
      to: address,
      subject: notice.subject,
      headers: { 'Auto-Submitted': 'auto-generated' },
      parts: [{ contentType: 'text/plain', body: notice.text }],
    });
    deps.enqueue('', [address], raw);
  };
}
