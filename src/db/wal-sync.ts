/**
 * Makes committed transactions durable without blocking the thread that committed them.
 *
 * A commit with synchronous = FULL writes its WAL frames and then waits, on the committing
 * thread, for fsync: under a delivery burst the main thread spent a sixth of its time there,
 * serving no one. Instead, the group commit (MailStore.writeBatched) commits with NORMAL (the
 * frames reach the operating system, which keeps them across a crash of the process) and then
 * asks for `fdatasync` of the WAL file on libuv's thread pool; the deliveries are acknowledged
 * once it returns, so a 250 still means « on disk », power cut included, while the thread goes
 * on reading the next messages. One sync covers every commit made before it started.
 *
 * The WAL file keeps its inode while the database is open (SQLite rewinds or truncates it, it
 * does not replace it), so one descriptor serves for the life of the connection.
 */
import fs from 'node:fs';

export class WalSync {
  private fd: number | null = null;
  /** The sync running now: it may have started before the caller's commit. */
  private current: Promise<void> | null = null;
  /** The sync that starts when `current` ends: it covers every commit made meanwhile. */
  private next: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly walPath: string) {}

  /** Resolves once every transaction committed before this call is on disk. */
  sync(): Promise<void> {
    if (!this.current) return (this.current = this.start());
    this.next ??= this.current
      .catch(() => {})
      .then(() => {
        this.next = null;
        return (this.current = this.start());
      });
    return this.next;
  }

  private async start(): Promise<void> {
    try {
      if (this.closed) throw new Error('database closed before its WAL was synced');
      this.fd ??= await new Promise<number>((resolve, reject) => fs.open(this.walPath, 'r+', (err, fd) => (err ? reject(err) : resolve(fd))));
      const fd = this.fd;
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    } finally {
      this.current = null;
    }
  }

  close(): void {
    this.closed = true;
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
