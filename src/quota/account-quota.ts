/**
 * How full an account is, for those who show or check it without writing (the webmail's meter,
 * its « pas de place pour la copie dans Envoyés »): the store's usage counter against the
 * policy's limit. Writes are checked by the store itself, inside their transaction.
 */
import type { Account } from '../accounts/account-store.js';
import type { MailStore } from '../store/mail-store.js';
import type { QuotaPolicy } from './policy.js';

export interface QuotaFigures {
  usedBytes: number;
  limitBytes: number;
}

export interface AccountQuota {
  of(account: Pick<Account, 'id' | 'quotaBytes'>): QuotaFigures;
}

export function accountQuota(store: Pick<MailStore, 'usage'>, policy: Pick<QuotaPolicy, 'limitFor'>): AccountQuota {
  return {
    of: (account) => ({ usedBytes: store.usage(account.id).usedBytes, limitBytes: policy.limitFor(account) }),
  };
}
