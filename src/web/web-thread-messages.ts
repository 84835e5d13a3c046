/** What the main thread and the webmail's thread (web-thread.ts, web-worker.ts) tell each other. */
import type { Config } from '../config.js';
import type { WebServerOptions } from './server.js';
import type { ServerSnapshot } from '../admin/index.js';

export interface WebWorkerData {
  config: Config;
  options: Omit<WebServerOptions, 'versions'>;
  /** The AccountVersions counters, shared. */
  versions: SharedArrayBuffer;
}

export type ToWebWorker =
  | { type: 'close' }
  /** The servers' latest figures (IMAP sessions, deliveries), for the console and /metrics. */
  | { type: 'stats'; snapshot: ServerSnapshot };

export type FromWebWorker =
  | { type: 'listening'; port: number }
  /** An account passed the 24-hour sign-in limit: its owner is told from the main thread (services.ts). */
  | { type: 'sign-in-alert'; accountId: number }
  /** A system message for a mailbox (a strike declaration's receipt): written by the main thread's store. */
  | { type: 'system-message'; accountId: number; subject: string; text: string };
