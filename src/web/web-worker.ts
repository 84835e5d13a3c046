/**
 * The webmail's thread (started by web-thread.ts): its own database connection for what the
 * webmail reads directly (sessions, accounts, quota, directory), its IMAP pool to the main
 * thread's IMAP server over loopback, and the HTTP server. Rendering pages and parsing IMAP
 * answers then use the second core while the main thread serves IMAP and SMTP.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createServices } from '../services.js';
import { createLogger } from '../log/logger.js';
import { AccountVersions } from './mail-client/account-versions.js';
import { startWebServer } from './server.js';
import type { FromWebWorker, ToWebWorker, WebWorkerData } from './web-thread-messages.js';

const data = workerData as WebWorkerData;
const port = parentPort!;
const log = createLogger(data.config.logLevel).child({ svc: 'web' });
// The alert goes into the INBOX from the main thread, whose store tells the IMAP sessions.
const services = createServices(data.config, log, {
  tellOwner: (accountId) => port.postMessage({ type: 'sign-in-alert', accountId } satisfies FromWebWorker),
  deliverSystemMessage: (accountId, { subject, text }) => port.postMessage({ type: 'system-message', accountId, subject, text } satisfies FromWebWorker),
});
const web = await startWebServer(services, { ...data.options, versions: new AccountVersions(data.versions) });
port.postMessage({ type: 'listening', port: web.port } satisfies FromWebWorker);

port.on('message', (message: ToWebWorker) => {
  if (message.type === 'stats') services.serverStats.update(message.snapshot);
  if (message.type !== 'close') return;
  void (async () => {
    await web.close();
    services.close();
    // Nothing left to wait for: the thread ends, which the main thread waits for.
    port.close();
  })();
});
