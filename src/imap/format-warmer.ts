/**
 * Formats the ENVELOPE and BODYSTRUCTURE of newly stored messages shortly after they arrive
 * (SMTP delivery, APPEND, COPY), off the delivery's own path: the store publishes `exists`
 * after commit, the warmer collects them and, a moment later, formats and saves what is new
 * (content-cache.ts `prepare`). So the first FETCH of a folder after new mail, or after a
 * restart, reads formatted text instead of parsing thousands of MIME trees.
 *
 * It steps aside while the thread is busy (a delivery burst, see thread-load.ts), up to
 * MAX_DEFERRED_FORMATS messages: senders are answered first, and a FETCH formats on demand what
 * is not ready yet.
 *
 * Best effort: a failure is logged and the FETCH path formats on demand as before.
 */
import type { MailStore } from '../store/mail-store.js';
import type { Logger } from '../log/logger.js';
import { asDeferredWork, LOAD_SAMPLE_MS, threadIsBusy } from '../thread-load.js';
import { contentCacheFor } from './content-cache.js';

/** Deliveries come in bursts: wait this long to format a burst in one go (one transaction). */
export const WARM_DELAY_MS = 50;

/**
 * Messages formatted per turn of the event loop (about 70 µs each): a 10,000-message import
 * never holds IMAP sessions up for more than a few tens of milliseconds at a time.
 */
export const WARM_BATCH_MESSAGES = 500;

/** Messages waiting to be formatted beyond which the warmer runs even while the thread is busy. */
export const MAX_DEFERRED_FORMATS = 20_000;

export interface FormatWarmer {
  stop(): void;
}

export function startFormatWarmer(store: MailStore, log: Logger): FormatWarmer {
  const pending = new Map<number, number[]>();
  let timer: NodeJS.Timeout | null = null;
  const schedule = (delay: number) => {
    if (timer) return;
    timer = setTimeout(run, delay);
    timer.unref();
  };
  const unsubscribe = store.changes.subscribeAll((change) => {
    if (change.kind !== 'exists') return;
    let uids = pending.get(change.mailboxId);
    if (!uids) pending.set(change.mailboxId, (uids = []));
    uids.push(change.uid);
    schedule(WARM_DELAY_MS);
  });

  function run(): void {
    timer = null;
    if (threadIsBusy() && waitingCount() < MAX_DEFERRED_FORMATS) return schedule(LOAD_SAMPLE_MS);
    asDeferredWork(warmSome);
    if (pending.size > 0) schedule(0);
  }

  function waitingCount(): number {
    let count = 0;
    for (const uids of pending.values()) count += uids.length;
    return count;
  }

  function warmSome(): void {
    let budget = WARM_BATCH_MESSAGES;
    try {
      for (const [mailboxId, uids] of pending) {
        const batch = uids.splice(0, budget);
        if (uids.length === 0) pending.delete(mailboxId);
        const contentIds = store.queries.factsOf(mailboxId, batch).map((facts) => facts.contentId);
        contentCacheFor(store).prepare(store, [...new Set(contentIds)]);
        budget -= batch.length;
        if (budget <= 0) break;
      }
    } catch (err) {
      log.warn({ err }, 'imap format warm-up failed');
    }
  }

  return {
    stop() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
