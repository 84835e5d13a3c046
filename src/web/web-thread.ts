/**
 * Runs the webmail in a worker thread of this process (web-worker.ts). The main thread keeps
 * the IMAP and SMTP servers and the mail store's writes; the webmail, a client of that IMAP
 * server like any other, renders pages on the second core. Both threads use the same database
 * file, each with its own connection (WAL); the accounts' change counters are shared memory
 * (account-versions.ts), bumped here as changes commit.
 *
 * A webmail thread that dies is logged and started again on the same port: mail service
 * (IMAP, SMTP) is not interrupted, and a browser only sees one failed request.
 */
import { Worker } from 'node:worker_threads';
import type { ServerSnapshot } from '../admin/index.js';
import type { Services } from '../services.js';
import type { Logger } from '../log/logger.js';
import { workerScriptUrl } from '../worker-url.js';
import { AccountVersions } from './mail-client/account-versions.js';
import type { WebServerOptions } from './server.js';
import type { FromWebWorker, ToWebWorker, WebWorkerData } from './web-thread-messages.js';

/** Shutdown waits this long for open requests and IMAP connections to finish; then the thread is stopped. */
export const WEB_THREAD_CLOSE_TIMEOUT_MS = 10_000;
/** A thread that dies is restarted after this pause (a crash loop must not spin the CPU). */
export const WEB_THREAD_RESTART_DELAY_MS = 1_000;

export interface WebThread {
  port: number;
  /** Hands the servers' latest figures to the webmail (a no-op when it shares this thread's Services). */
  postStats(snapshot: ServerSnapshot): void;
  close(): Promise<void>;
}

export interface RunningWebThread extends WebThread {
  /** Stops the thread at once, as a crash would (tests): it is started again. */
  kill(): Promise<void>;
}

export async function startWebThread(services: Services, options: Omit<WebServerOptions, 'versions'>, log: Logger): Promise<RunningWebThread> {
  const following = AccountVersions.following(services.changes);
  const url = workerScriptUrl('web/web-worker.js');
  let closing = false;
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();

  /** Starts the thread; resolves with its port once it listens, rejects if it dies before. */
  function launch(httpPort: number): Promise<number> {
    const data: WebWorkerData = { config: { ...services.config, httpPort }, options, versions: following.versions.buffer };
    const current = new Worker(url, { workerData: data });
    worker = current;
    exited = new Promise((resolve) => current.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      let listeningOn: number | null = null;
      current.on('message', (message: FromWebWorker) => {
        if (message.type === 'sign-in-alert') services.signInAlerts.deliver(message.accountId);
        if (message.type === 'system-message') services.systemMail.deliver(message.accountId, { subject: message.subject, text: message.text });
        if (message.type !== 'listening') return;
        listeningOn = message.port;
        resolve(message.port);
      });
      current.on('error', (err) => log.error({ err }, 'webmail thread failed'));
      current.once('exit', (code) => {
        if (listeningOn === null) reject(new Error(`webmail thread exited (${code}) before listening`));
        else if (!closing) restartLater(listeningOn);
      });
    });
  }

  function restartLater(httpPort: number): void {
    log.error({ port: httpPort }, 'webmail thread stopped: starting it again');
    setTimeout(() => {
      if (closing) return;
      launch(httpPort).catch((err: unknown) => {
        log.error({ err }, 'webmail thread did not restart');
        restartLater(httpPort);
      });
    }, WEB_THREAD_RESTART_DELAY_MS).unref();
  }

  let port: number;
  try {
    // Restarts reuse the port this first start gets (WEBMEL_HTTP_PORT may be 0).
    port = await launch(services.config.httpPort);
  } catch (err) {
    closing = true;
    following.stop();
    throw err;
  }

  return {
    port,
    postStats(snapshot) {
      worker?.postMessage({ type: 'stats', snapshot } satisfies ToWebWorker);
    },
    async kill() {
      await worker?.terminate();
    },
    async close() {
      closing = true;
      const current = worker!;
      const timer = setTimeout(() => {
        log.error('webmail thread did not close in time: stopping it');
        void current.terminate();
      }, WEB_THREAD_CLOSE_TIMEOUT_MS);
      current.postMessage({ type: 'close' } satisfies ToWebWorker);
      await exited;
      clearTimeout(timer);
      following.stop();
    },
  };
}
