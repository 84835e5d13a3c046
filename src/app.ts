/**
 * Composition root: opens the database, builds every module once and starts the listeners.
 * `npm start` (webmel serve) and the tests both start Webmel through `startWebmel`.
 */
import type { Config } from './config.js';
import { isEmptyDatabase } from './db/database.js';
import { watchDiskReserve } from './disk/disk-watch.js';
import { seedDemo, type DemoSeed } from './demo/seed-demo.js';
import type { Logger } from './log/logger.js';
import { TrashPurger } from './quota/trash-purger.js';
import { PublicationRunner } from './bulletins/index.js';
import { SNAPSHOT_INTERVAL_MS, type ServerSnapshot } from './admin/index.js';
import type { ImapSession } from './imap/session.js';
import { startImapServer } from './imap/server.js';
import type { QueueRunner } from './outbound/queue-runner.js';
import { startSubmission, type StartSubmissionOptions } from './smtp/start-submission.js';
import { createInboundServer } from './smtp/inbound-server.js';
import { listenSmtp } from './smtp/listen-smtp.js';
import { createServices, type Services } from './services.js';
import { startWebThread, type WebThread } from './web/web-thread.js';

export { createServices, type Services } from './services.js';

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
  /** What the demo annuaire holds when the demo académie was just created (printed once). */
  demoAnnuaire: { structures: number; people: number } | null;
  /** The demo préavis's days when the demo académie was just created (printed once). */
  demoPreavis: { from: string; to: string } | null;
  /** I-Prof's demo courrier, or null. */
  demoCourrier: DemoSeed['courrier'];
  /** The outbound queue (undo-send cancels through it). */
  queue: QueueRunner;
  /** The webmail (in its own thread unless config.webThread is off). */
  web: WebThread;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Tests inject a resolver so the queue never asks DNS. */
  submission?: StartSubmissionOptions;
}

function serverSnapshot(sessions: ReadonlySet<ImapSession>, delivered: { messages: number; recipients: number }): ServerSnapshot {
  const imapSessions = [...sessions]
    .filter((s) => s.account !== null)
    .map((s) => ({ accountId: s.account!.id, login: s.account!.login, ip: s.remoteAddress, since: s.loggedInAt ?? Date.now() }));
  return { at: Date.now(), imapConnections: sessions.size, imapSessions, deliveredMessages: delivered.messages, deliveredRecipients: delivered.recipients };
}

export async function startWebmel(config: Config, log: Logger, options: StartOptions = {}): Promise<Webmel> {
  const services = createServices(config, log);
  const demo = config.demo && isEmptyDatabase(services.db) ? await seedDemo(services) : null;
  services.warnings.start();
  services.warnings.sweep();
  const purger = new TrashPurger(services.store, services.policy, log, [
    { what: 'strike declarations past WEBMEL_STRIKE_RETENTION_DAYS', purge: () => services.strikes.purgeExpired() },
    { what: 'union counts of past months and lapsed unsubscriptions', purge: () => services.bulletins.purgeExpired() },
    { what: 'delivery refusals older than 30 days', purge: () => services.refusals.purgeExpired() },
    { what: 'audit entries older than 12 months', purge: () => services.audit.purgeExpired() },
    { what: 'mailboxes of departures whose automatic reply has ended', purge: () => services.admin.finishDepartures() },
    { what: 'I-Prof courrier older than WEBMEL_IPROF_ARCHIVE_DAYS, to « Archives »', purge: () => services.portal.courrier.archiveOld() },
  ]);
  purger.start();
  // Publications recorded anywhere (the admin pages, the CLI) are delivered here, where the
  // IMAP sessions listen; one left half-delivered by a stopped process is taken over.
  const publications = new PublicationRunner(services.bulletins, log.child({ svc: 'bulletins' }));
  publications.start();
  const stopDiskWatch = watchDiskReserve(services.disk, log.child({ svc: 'disk' }));

  const smtp = createInboundServer({ config, delivery: services.delivery, disk: services.disk, refusals: services.refusals, log: log.child({ svc: 'smtp' }) });
  const smtpPort = await listenSmtp(smtp, config.smtpPort, config.listenHost);
  const imap = await startImapServer(services);
  const submission = await startSubmission(services, options.submission);
  // The webmail is a client like any other: it reads through our IMAP server and sends
  // through our submission port, over loopback.
  const selfHost = ['0.0.0.0', '::', ''].includes(config.listenHost) ? '127.0.0.1' : config.listenHost;
  // By default in a thread of its own, so pages render on the second core (web-thread.ts).
  const webOptions = {
    imapHost: selfHost,
    imapPort: imap.port,
    submissionHost: selfHost,
    submissionPort: submission.ports.submission,
    undoSendMs: config.undoSendMs,
  };
  // Loaded only here: with the webmail in its thread, this thread never loads its modules.
  const web: WebThread = config.webThread
    ? await startWebThread(services, webOptions, log.child({ svc: 'web' }))
    : { ...(await (await import('./web/server.js')).startWebServer(services, webOptions)), postStats: () => {} };
  // The console and /metrics (in the webmail's thread) read what only this thread knows.
  const publishStats = () => {
    const snapshot = serverSnapshot(imap.sessions, services.delivery.counters);
    services.serverStats.update(snapshot);
    web.postStats(snapshot);
  };
  publishStats();
  const statsTimer = setInterval(publishStats, SNAPSHOT_INTERVAL_MS);
  statsTimer.unref();
  const ports: Ports = { smtp: smtpPort, imap: imap.port, ...submission.ports, http: web.port };

  return {
    services,
    ports,
    demoCredentials: demo?.credentials ?? [],
    demoAnnuaire: demo?.annuaire ?? null,
    demoPreavis: demo?.strikes?.preavis ?? null,
    demoCourrier: demo?.courrier ?? null,
    queue: submission.queue,
    web,
    async close() {
      clearInterval(statsTimer);
      purger.stop();
      await publications.stop();
      stopDiskWatch();
      services.warnings.stop();
      await web.close();
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), imap.close(), submission.close()]);
      services.store.close();
    },
  };
}
