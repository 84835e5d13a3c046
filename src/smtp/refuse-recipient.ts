/**
 * The reply to a RCPT that cannot be delivered locally, the same on the inbound and the
 * submission port, and its line in the delivery log (the admins' console counts refusals for
 * quota from it).
 */
import type { Config } from '../config.js';
import type { RecipientCheck, RefusalLog } from '../delivery/index.js';
import { disabledMailbox, mailboxFull, relayDenied, unknownUser, type SmtpError } from './errors.js';

type Refused = Extract<RecipientCheck, { ok: false }>;

export interface RefusalContext {
  config: Config;
  refusals?: RefusalLog;
  sender: string;
  /** MAIL FROM's SIZE=, 0 when not given. */
  declaredSize: number;
}

export function refuseRecipient(check: Refused, recipient: string, context: RefusalContext): SmtpError {
  const errors: Record<Refused['reason'], () => SmtpError> = {
    relay: () => relayDenied(recipient),
    unknown: () => unknownUser(recipient),
    disabled: () => disabledMailbox(recipient),
    full: () => mailboxFull(recipient, context.config.quotaFullPermanent),
  };
  const error = errors[check.reason]();
  context.refusals?.record({
    recipient,
    accountId: check.accountId ?? null,
    sender: context.sender,
    size: context.declaredSize,
    code: `${error.responseCode} ${error.enhancedCode}`,
    reason: check.reason,
  });
  return error;
}
