/**
 * The quota meter's numbers, read from the store's usage counter and the quota policy
 * directly (an academic feature reading its own tables; no IMAP round trip per page).
 */
import type { Account } from '../accounts/account-store.js';
import type { Services } from '../services.js';

// The same text as quota/policy.ts formatMegabytes (« 12,3 Mo »), with the number format built
// once: toLocaleString builds one per call, and the meter is on every page.
const upToOneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

function megabytes(bytes: number): string {
  return `${upToOneDecimal.format(bytes / (1024 * 1024))} Mo`;
}

/** Meter colours: amber from 80 %, red from 95 % (the thresholds of the warning mails). */
export const QUOTA_WARN_PERCENT = 80;
export const QUOTA_DANGER_PERCENT = 95;

export type QuotaLevel = 'ok' | 'warn' | 'danger' | 'full';

export interface QuotaView {
  usedBytes: number;
  limitBytes: number;
  /** 0–100, one decimal. */
  percent: number;
  level: QuotaLevel;
  /** « 12,3 Mo sur 50 Mo ». */
  label: string;
}

export function quotaView(services: Pick<Services, 'quota'>, account: Pick<Account, 'id' | 'quotaBytes'>): QuotaView {
  const { usedBytes, limitBytes } = services.quota.of(account);
  const ratio = limitBytes > 0 ? usedBytes / limitBytes : 1;
  const percent = Math.min(100, Math.round(ratio * 1000) / 10);
  const level: QuotaLevel =
    ratio >= 1 ? 'full' : ratio * 100 >= QUOTA_DANGER_PERCENT ? 'danger' : ratio * 100 >= QUOTA_WARN_PERCENT ? 'warn' : 'ok';
  return { usedBytes, limitBytes, percent, level, label: `${megabytes(usedBytes)} sur ${megabytes(limitBytes)}` };
}
