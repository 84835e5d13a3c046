/**
 * Quota policy: how much an account may hold, and when its owner is warned.
 * Used = the raw size of every message in every folder, Corbeille included (mail-store.ts).
 */
import type { Account } from '../accounts/account-store.js';
import type { Config } from '../config.js';

/** Warnings are sent when usage crosses these percentages of the limit. */
export const WARNING_THRESHOLDS = [80, 95, 100] as const;
export type WarningLevel = 0 | (typeof WARNING_THRESHOLDS)[number];

export interface QuotaPolicy {
  /** The account's limit: its own override, or the académie default. */
  limitFor(account: Pick<Account, 'quotaBytes'>): number;
  /** What inbound delivery may fill up to: the limit plus the grace. */
  inboundLimitFor(account: Pick<Account, 'quotaBytes'>): number;
  /** Corbeille and Indésirables are emptied of messages older than this. */
  trashRetentionMs: number;
  /** RCPT answer for a full mailbox: 554 5.2.2 when true, 452 4.2.2 otherwise. */
  fullIsPermanent: boolean;
}

export function quotaPolicy(config: Config): QuotaPolicy {
  const limitFor = (account: Pick<Account, 'quotaBytes'>) => account.quotaBytes ?? config.quotaBytes;
  return {
    limitFor,
    inboundLimitFor: (account) => limitFor(account) + config.quotaGraceBytes,
    trashRetentionMs: config.trashRetentionDays * 24 * 3600 * 1000,
    fullIsPermanent: config.quotaFullPermanent,
  };
}

/** The highest threshold that usage has reached. */
export function warningLevel(usedBytes: number, limitBytes: number): WarningLevel {
  if (limitBytes <= 0) return 100;
  const percent = (usedBytes / limitBytes) * 100;
  let level: WarningLevel = 0;
  for (const threshold of WARNING_THRESHOLDS) if (percent >= threshold) level = threshold;
  return level;
}

/** « 12,3 Mo » — French decimal comma, MiB as the académies count them (« 50 Mo »). */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** Parses `100M`, `1G`, `52428800`, `50MB` (CLI `quota set`). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*([kmg]?)(?:i?b|o)?\s*$/i.exec(text);
  if (!match) throw new Error(`Taille invalide : « ${text} » (exemples : 100M, 1G, 52428800)`);
  const value = Number(match[1]!.replace(',', '.'));
  const unit = match[2]!.toLowerCase();
  const factor = unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1;
  return Math.round(value * factor);
}
