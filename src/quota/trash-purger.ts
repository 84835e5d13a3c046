/**
 * Empties Corbeille (\Trash) and Indésirables (\Junk) of what has been there longer than the
 * retention period (30 days by default), at start and then every hour; and, in the same job,
 * the other rows kept only for a while (strike declarations, WEBMEL_STRIKE_RETENTION_DAYS).
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
    /** The other clean-ups of the same job (expired strike declarations): each returns how many rows it removed. */
    private readonly alsoPurge: ReadonlyArray<{ what: string; purge(): number }> = [],
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
    for (const other of this.alsoPurge) {
      try {
        const removed = other.purge();
        if (removed > 0) this.log.info({ removed, what: other.what }, 'expired rows purged');
      } catch (err) {
        this.log.error({ err, what: other.what }, 'purge failed');
      }
    }
    return purged;
  }
}
