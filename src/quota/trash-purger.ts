/**
 * Empties Corbeille (\Trash) and Indésirables (\Junk) of what has been there longer than the
 * retention period (30 days by default), at start and then every hour.
 */
import type { MailStore } from '../store/mail-store.js';
import type { Logger } from '../log/logger.js';
import type { QuotaPolicy } from './policy.js';

export const PURGE_INTERVAL_MS = 3600 * 1000;
export const PURGED_FOLDERS = ['\\Trash', '\\Junk'] as const;

export class TrashPurger {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: MailStore,
    private readonly policy: QuotaPolicy,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.purge();
    this.timer = setInterval(() => this.purge(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  purge(now = Date.now()): number {
    let purged = 0;
    try {
      for (const folder of PURGED_FOLDERS) {
        purged += this.store.purgeSpecialUse(folder, now - this.policy.trashRetentionMs);
      }
      if (purged > 0) this.log.info({ purged }, 'old messages purged from trash and junk');
    } catch (err) {
      this.log.error({ err }, 'trash purge failed');
    }
    return purged;
  }
}
