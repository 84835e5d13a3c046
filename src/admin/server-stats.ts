/**
 * What only the servers' thread knows (its IMAP sessions, how many messages it delivered), for
 * the admins' console and /metrics, which the webmail's thread serves. The main thread takes a
 * snapshot every few seconds (app.ts) and hands it over (web-thread.ts); a page shows the
 * latest, at most that old.
 */

export interface ImapSessionInfo {
  accountId: number;
  login: string;
  /** The client's address; 127.0.0.1 / ::1 is the webmail's own pool. */
  ip: string;
  since: number;
}

export interface ServerSnapshot {
  at: number;
  imapConnections: number;
  imapSessions: ImapSessionInfo[];
  /** Since the server started: messages delivered to local mailboxes, and their recipients. */
  deliveredMessages: number;
  deliveredRecipients: number;
}

export const SNAPSHOT_INTERVAL_MS = 5_000;

export class ServerStats {
  private snapshot: ServerSnapshot | null = null;

  update(snapshot: ServerSnapshot): void {
    this.snapshot = snapshot;
  }

  /** The latest snapshot, or null before the first (a CLI process has none). */
  current(): ServerSnapshot | null {
    return this.snapshot;
  }

  imapSessionsOf(accountId: number): ImapSessionInfo[] {
    return this.snapshot?.imapSessions.filter((s) => s.accountId === accountId) ?? [];
  }
}
