/**
 * Per-user sending rate: at most `perHour` messages in any sliding hour. Kept in memory (a
 * restart forgets it, which only ever lets a user send more, never less); shared by every
 * submission listener of the process so port 587 and 465 count together.
 */

export const SENDING_WINDOW_MS = 60 * 60 * 1000;

export class SendingLimiter {
  /** Send times per account, oldest first. */
  private readonly sent = new Map<number, number[]>();

  constructor(
    readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Forgets sends older than the window; returns how many remain. */
  private recent(accountId: number): number {
    const times = this.sent.get(accountId);
    if (!times) return 0;
    const cutoff = this.now() - SENDING_WINDOW_MS;
    let expired = 0;
    while (expired < times.length && times[expired]! <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length === 0) this.sent.delete(accountId);
    return times.length;
  }

  /** True when the account may submit one more message now. */
  allows(accountId: number): boolean {
    return this.recent(accountId) < this.perHour;
  }

  record(accountId: number): void {
    this.recent(accountId);
    const times = this.sent.get(accountId) ?? [];
    times.push(this.now());
    // Never more than perHour entries per account: the list stays small.
    if (times.length > this.perHour) times.splice(0, times.length - this.perHour);
    this.sent.set(accountId, times);
  }
}
