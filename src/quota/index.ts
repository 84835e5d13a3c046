/**
 * The 50 Mo rule: how much each account may hold (policy.ts: the académie default, a personal
 * override, the grace inbound delivery gets), how full it is for display (account-quota.ts),
 * the warnings at 80, 95 and 100 % (warnings.ts, once per threshold), and the Corbeille and
 * Indésirables emptied after WEBMEL_TRASH_RETENTION_DAYS (trash-purger.ts).
 *
 * Invariants:
 * - Used = the raw size of every message in every folder, Corbeille included; the store charges
 *   it inside the write that moves it, this module only reads it.
 * - A warning or a purge never refuses mail: refusals are the store's (QuotaExceededError).
 *
 * May import: src/accounts, src/store, src/mime, src/log, config. Never a protocol or the web.
 */
export { accountQuota, type AccountQuota, type QuotaFigures } from './account-quota.js';
export { formatMegabytes, parseSize, quotaPolicy, WARNING_THRESHOLDS, type QuotaPolicy } from './policy.js';
export { QuotaWarnings } from './warnings.js';
export { TrashPurger } from './trash-purger.js';
