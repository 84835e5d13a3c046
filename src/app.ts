/**
 * Composition root: opens the database, builds every module once and starts the listeners.
 * `npm start` (webmel serve) and the tests both start Webmel through `startWebmel`.
 */
import { AccountStore } from './accounts/account-store.js';
import { Authenticator } from './accounts/authenticate.js';
import { FailureLimiter } from './accounts/failure-limiter.js';
import type { Config } from './config.js';
import { isEmptyDatabase, openDatabase, type Db } from './db/database.js';
import { seedDemo } from './demo/seed-demo.js';
import { MailStore } from './imap-store/mail-store.js';
import type { Logger } from './log/logger.js';
import { OutboundStore } from './outbound/outbound-store.js';
import { quotaPolicy, type QuotaPolicy } from './quota/policy.js';
import { TrashPurger } from './quota/trash-purger.js';
import { QuotaWarnings } from './quota/warnings.js';
import { startImapServer } from './imap/server.js';
import type { QueueRunner } from './outbound/queue-runner.js';
import { startSubmission, type StartSubmissionOptions } from './smtp/start-submission.js';
import { createInboundServer } from './smtp/inbound-server.js';
import { listenSmtp } from './smtp/listen-smtp.js';
import { startWebServer, type WebServer } from './web/server.js';
import { LocalDelivery } from './smtp/local-delivery.js';

export interface Services {
  config: Config;
  log: Logger;
  db: Db;
  store: MailStore;
  accounts: AccountStore;
  outbound: OutboundStore;
  policy: QuotaPolicy;
  delivery: LocalDelivery;
  warnings: QuotaWarnings;
  auth: Authenticator;
}

/** Builds the modules over one database, without opening any socket (the CLI uses this). */
export function createServices(config: Config, log: Logger): Services {
  const db = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous, busyTimeoutMs: config.sqliteBusyTimeoutMs });
  const store = new MailStore(db, (err) => log.error({ err }, 'store change listener failed'));
  const accounts = new AccountStore(db, store, config.domain);
  const outbound = new OutboundStore(db);
  const policy = quotaPolicy(config);
  const delivery = new LocalDelivery({ domain: config.domain, hostname: config.hostname, store, accounts, outbound, policy });
  const warnings = new QuotaWarnings({ store, accounts, policy, hostname: config.hostname, domain: config.domain });
  const auth = new Authenticator({
    accounts,
    failureDelayMs: config.authFailureDelayMs,
    serviceSecret: config.serviceSecret,
    limiter: new FailureLimiter(db),
  });
  return { config, log, db, store, accounts, outbound, policy, delivery, warnings, auth };
}

export interface Ports {
  smtp: number;
  imap: number;
  submission: number;
  submissions?: number;
  http: number;
}

export interface Webmel {
  services: Services;
  ports: Ports;
  /** Demo credentials when the demo académie was just created (printed once). */
  demoCredentials: Array<{ login: string; password: string; role: string; name: string }>;
  /** The outbound queue (undo-send cancels through it). */
  queue: QueueRunner;
  /** The webmail (its IMAP connection pool included). */
  web: WebServer;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Tests inject a resolver so the queue never asks DNS. */
  submission?: StartSubmissionOptions;
}

export async function startWebmel(config: Config, log: Logger, options: StartOptions = {}): Promise<Webmel> {
  const services = createServices(config, log);
  const demoCredentials = config.demo && isEmptyDatabase(services.db) ? seedDemo(services) : [];
  services.warnings.start();
  services.warnings.sweep();
  const purger = new TrashPurger(services.store, services.policy, log);
  purger.start();

  const smtp = createInboundServer({ config, delivery: services.delivery, log: log.child({ svc: 'smtp' }) });
  const smtpPort = await listenSmtp(smtp, config.smtpPort, config.listenHost);
  const imap = await startImapServer(services);
  const submission = await startSubmission(services, options.submission);
  // The webmail is a client like any other: it reads through our IMAP server and sends
  // through our submission port, over loopback.
  const selfHost = ['0.0.0.0', '::', ''].includes(config.listenHost) ? '127.0.0.1' : config.listenHost;
  const web = await startWebServer(services, {
    imapHost: selfHost,
    imapPort: imap.port,
    submissionHost: selfHost,
    submissionPort: submission.ports.submission,
    undoSendMs: config.undoSendMs,
  });
  const ports: Ports = { smtp: smtpPort, imap: imap.port, ...submission.ports, http: web.port };

  return {
    services,
    ports,
    demoCredentials,
    queue: submission.queue,
    web,
    async close() {
      purger.stop();
      services.warnings.stop();
      await web.close();
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), imap.close(), submission.close()]);
      services.store.close();
    },
  };
}
