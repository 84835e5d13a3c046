/**
 * When to try again after a temporary failure (RFC 5321 4.5.4.1: retry at least 30 minutes
 * apart after the first tries, give up after 4-5 days). The schedule is config
 * (WEBMEL_RETRY_SCHEDULE); its last wait repeats until the message's lifetime runs out.
 */

export interface RetryPolicy {
  /** Waits after the 1st, 2nd, … failed attempt. */
  scheduleMs: readonly number[];
  /** Lifetime from the time the message became due (send_after). */
  maxAgeMs: number;
}

/** The wait after the `attempt`-th attempt (1-based) if it fails. */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const index = Math.min(Math.max(attempt, 1), policy.scheduleMs.length) - 1;
  return policy.scheduleMs[index] ?? 0;
}

/** When a row whose `attempt`-th try starts at `now` is due next, never past its expiry. */
export function nextAttemptAt(policy: RetryPolicy, attempt: number, now: number, sendAfter: number): number {
  return Math.min(now + retryDelay(policy, attempt), expiresAt(policy, sendAfter));
}

/** After this, a temporary failure becomes final (RFC 3463 X.4.7: delivery time expired). */
export function expiresAt(policy: RetryPolicy, sendAfter: number): number {
  return sendAfter + policy.maxAgeMs;
}
