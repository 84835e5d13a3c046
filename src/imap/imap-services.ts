/**
 * The modules the IMAP server works with, and only those (app.ts passes its Services, which has
 * them): the mail store, the accounts and their sign-in, the quota policy, the disk reserve.
 */
import type { AccountStore } from '../accounts/account-store.js';
import type { Authenticator } from '../accounts/authenticate.js';
import type { Config } from '../config.js';
import type { DiskReserve } from '../disk/disk-reserve.js';
import type { Logger } from '../log/logger.js';
import type { QuotaPolicy } from '../quota/policy.js';
import type { MailStore } from '../store/mail-store.js';

export interface ImapServices {
  config: Config;
  log: Logger;
  store: MailStore;
  accounts: AccountStore;
  auth: Authenticator;
  policy: QuotaPolicy;
  disk: DiskReserve;
}
