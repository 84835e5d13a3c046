/**
 * How busy this thread's event loop has been lately, for work that can wait: the search index
 * and the IMAP formats are derived from stored mail and can be built later (searches and
 * FETCHes build what is missing on demand), so during a delivery burst they step aside and the
 * thread answers senders instead. Once the burst is over, or past a backlog limit, they run.
 *
 * Measured as event-loop utilisation (the share of time spent running code rather than waiting
 * for I/O) over the last sampling period, not as « a delivery came in lately »: a trickle of
 * mail keeps a thread almost idle and must not hold the index back.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often the load is sampled. */
export const LOAD_SAMPLE_MS = 100;
/** Above this share of busy time the thread counts as busy. */
export const BUSY_UTILIZATION = 0.7;

let last: EventLoopUtilization | null = null;
let busy = false;
let sampler: NodeJS.Timeout | null = null;
/** Time spent in deferred work since the last sample: it is not what makes the thread busy. */
let deferredMs = 0;

function sample(): void {
  const now = performance.eventLoopUtilization();
  if (last !== null) {
    const period = performance.eventLoopUtilization(now, last);
    const total = period.idle + period.active;
    busy = total > 0 && (period.active - deferredMs) / total > BUSY_UTILIZATION;
  }
  deferredMs = 0;
  last = now;
}

/** Runs `work`, deferred work, counting its time apart from the thread's load. */
export function asDeferredWork<T>(work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    deferredMs += performance.now() - started;
  }
}

/** True when this thread spent most of the last sampling period running code. */
export function threadIsBusy(): boolean {
  if (!sampler) {
    sample();
    sampler = setInterval(sample, LOAD_SAMPLE_MS);
    sampler.unref();
  }
  return busy;
}
