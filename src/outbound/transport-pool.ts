/**
 * SMTP connections kept open for the length of one queue pass, one nodemailer pool per
 * remote host: a burst to the relay (or to one big domain) reuses a few connections instead
 * of paying a connection, a greeting delay (servers wait 100 ms to several seconds before
 * their 220) and EHLO per message. Closed at the end of every pass, so nothing lingers.
 */
import nodemailer, { type Transporter } from 'nodemailer';

/** Messages per connection before a fresh one (Postfix's smtp_connection_reuse_count is 100). */
export const MAX_MESSAGES_PER_CONNECTION = 100;


export class TransportPool {
  private readonly transports = new Map<string, Transporter>();

  constructor(private readonly maxConnections: number) {}

  /** The pooled transport for `host:port`, created with `options` the first time. */
  get(host: string, port: number, options: Record<string, unknown>): Transporter {
    const key = `${host}:${port}`;
    let transport = this.transports.get(key);
    if (!transport) {
      transport = nodemailer.createTransport({
        ...options,
        host,
        port,
        pool: true,
        maxConnections: this.maxConnections,
        maxMessages: MAX_MESSAGES_PER_CONNECTION,
        // A dropped connection is our queue's temporary failure to retry on schedule, not the
        // pool's to resend at once (which could deliver twice what the server had accepted).
        maxRequeues: 0,
      });
      this.transports.set(key, transport);
    }
    return transport;
  }

  /** Drops a host's connections (after it failed), so the next message starts afresh. */
  discard(host: string, port: number): void {
    const key = `${host}:${port}`;
    this.transports.get(key)?.close();
    this.transports.delete(key);
  }

  closeAll(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }
}
