/**
 * Starts the webmail's HTTP server (config.httpPort on config.listenHost) and its IMAP
 * connection pool to our own IMAP server.
 */
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import type { Services } from '../services.js';
import type { ComposeSettings } from './compose/compose-deps.js';
import { createWebApp } from './create-web-app.js';
import { AccountVersions } from './mail-client/account-versions.js';
import { ImapPool } from './mail-client/imap-pool.js';

/** Slow clients get this long to send their request headers (slowloris). */
const HEADERS_TIMEOUT_MS = 20_000;
/** Keep-alive sockets idle longer than this are closed. */
const KEEP_ALIVE_TIMEOUT_MS = 10_000;

export interface WebServer {
  port: number;
  /** For tests and the benchmark: open IMAP connections. */
  pool: ImapPool;
  close(): Promise<void>;
}

export interface WebServerOptions {
  imapHost: string;
  imapPort: number;
  submissionHost?: string;
  submissionPort?: number;
  undoSendMs?: number;
  /**
   * The accounts' change counters, when another thread commits the changes (web-thread.ts);
   * by default they follow this thread's store.
   */
  versions?: AccountVersions;
}

export async function startWebServer(services: Services, opts: WebServerOptions): Promise<WebServer> {
  const { config } = services;
  const following = opts.versions ? null : AccountVersions.following(services.changes);
  const pool = new ImapPool({
    host: opts.imapHost,
    port: opts.imapPort,
    serviceSecret: config.serviceSecret,
    versions: opts.versions ?? following!.versions,
    log: services.log.child({ svc: 'web-imap' }),
    maxLiteralBytes: config.maxMessageBytes * 2,
    // Half of what the IMAP server lets one address hold before login: room for other local clients.
    maxOpening: Math.max(1, Math.floor(config.imapMaxPerIp / 2)),
  });
  // The webmail sends through our own submission listener, as a desktop client would.
  const compose: Partial<ComposeSettings> = {
    submission: opts.submissionPort ? { host: opts.submissionHost ?? opts.imapHost, port: opts.submissionPort } : null,
    ...(opts.undoSendMs !== undefined ? { undoSendMs: opts.undoSendMs } : {}),
  };
  const { app } = createWebApp(services, pool, compose);
  const server = http.createServer(app);
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort, config.listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    pool,
    async close() {
      server.closeIdleConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), pool.close()]);
      server.closeAllConnections();
      following?.stop();
    },
  };
}
