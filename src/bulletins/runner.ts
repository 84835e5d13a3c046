/**
 * Delivers publications in the server's process, wherever they were recorded (the admin pages
 * in the webmail's thread, `webmel bulletin publish` in another process): the IMAP sessions
 * idling in INBOX hear of the new message only from the store of the process that writes it,
 * and this is the process where they live. It also takes over what a stopped process left
 * half-delivered, once that one's lease has lapsed.
 *
 * Its heartbeat (bulletins_settings.runner_until) tells the CLI that a server will deliver what
 * it records; without one, the CLI delivers itself.
 */
import type { Logger } from '../log/logger.js';
import { Bulletins, LEASE_MS } from './bulletins.js';

export const POLL_MS = 250;
const HEARTBEAT_MS = 5_000;
/** A failure that repeats (a full disk) is logged once in this long, not at every poll. */
const QUIET_MS = 60_000;

export class PublicationRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private lastBeat = 0;
  private lastFailureLog = 0;
  readonly owner = Bulletins.newOwner();

  constructor(
    private readonly bulletins: Bulletins,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.beat();
    this.timer = setInterval(() => this.tick(), POLL_MS);
    this.timer.unref();
  }

  /** Looks for work now (a publication was just recorded in this process). */
  kick(): void {
    if (!this.stopping) this.tick();
  }

  /** Finishes the batch under way, leaves the rest to the next start, stops the heartbeat. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    try {
      this.bulletins.runnerStopped(this.owner);
    } catch (err) {
      this.log.warn({ err }, 'bulletin runner: could not clear its heartbeat');
    }
  }

  private tick(): void {
    if (this.running || this.stopping) return;
    this.running = this.work()
      .catch((err: unknown) => this.failed(err, 'bulletin delivery failed; tried again shortly'))
      .finally(() => {
        this.running = null;
      });
  }

  private async work(): Promise<void> {
    if (Date.now() - this.lastBeat >= HEARTBEAT_MS) this.beat();
    for (;;) {
      if (this.stopping) return;
      const id = this.bulletins.claim(this.owner);
      if (id === null) return;
      const started = Date.now();
      const done = await this.bulletins.deliver(id, this.owner, { shouldStop: () => this.stopping, onBatch: () => this.beatIfDue() });
      if (done.status === 'done') {
        this.log.info({ publication: id, kind: done.kind, recipients: done.recipients, delivered: done.delivered, ms: Date.now() - started }, 'publication delivered');
      }
    }
  }

  private beatIfDue(): void {
    if (Date.now() - this.lastBeat >= HEARTBEAT_MS) this.beat();
  }

  /** A heartbeat that cannot be written (a full disk) only makes the CLI deliver by itself. */
  private beat(): void {
    this.lastBeat = Date.now();
    try {
      this.bulletins.runnerAlive(this.owner, this.lastBeat + LEASE_MS);
    } catch (err) {
      this.failed(err, 'bulletin runner: heartbeat not written');
    }
  }

  private failed(err: unknown, what: string): void {
    if (Date.now() - this.lastFailureLog < QUIET_MS) return;
    this.lastFailureLog = Date.now();
    this.log.error({ err }, what);
  }
}
