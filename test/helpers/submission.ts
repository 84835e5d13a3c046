/**
 * Submission and the outbound queue without app.ts wiring: services over a fresh data folder,
 * a submission server on 127.0.0.1:0 and a queue runner whose MX lookups never touch DNS.
 */
import type { AddressInfo } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SMTPServer } from 'smtp-server';
import type { Account, NewAccount } from '../../src/accounts/account-store.js';
import { hashSecretSync, setScryptCostForTests } from '../../src/accounts/password.js';
import { createServices, type Services } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { INBOX } from '../../src/store/mail-store.js';
import { silentLogger } from '../../src/log/logger.js';
import type { MxResolver } from '../../src/outbound/mx-resolver.js';
import { QueueRunner } from '../../src/outbound/queue-runner.js';
import { createSubmissionServer, type SubmissionServerOptions } from '../../src/smtp/submission-server.js';
import { makeTempDir } from './temp-dir.js';
import { testNumen } from './webmel.js';

setScryptCostForTests({ N: 1024, r: 8, p: 1 });

export const TEST_PASSWORD = 'motdepasse';

/** Every domain's MX is 127.0.0.1: the queue reaches the test's sink, never DNS. */
export const loopbackResolver: MxResolver = async () => [{ host: '127.0.0.1', priority: 10 }];

export interface HarnessOptions {
  config?: Partial<Config>;
  server?: SubmissionServerOptions;
  /** Port the runner delivers to for MX routes (the sink's). */
  mxPort?: number;
  resolver?: MxResolver;
  /** Reuse a data folder (restart). */
  dataDir?: string;
}

export interface SubmissionHarness {
  dir: string;
  config: Config;
  services: Services;
  port: number;
  runner: QueueRunner;
  /** The runner's clock is real time plus `offset`: tests move it forward instead of waiting. */
  clock: { offset: number };
  /** Creates an account whose password is `password` (default `motdepasse`). */
  addAccount(input: Partial<NewAccount> & { prenom: string; nom: string; password?: string }): Account;
  /** Raw messages in the account's INBOX, oldest first. */
  inbox(account: Account): string[];
  /** An authenticated nodemailer transport to the submission port. */
  transport(user: string, pass: string, extra?: Record<string, unknown>): Transporter;
  /** Closes the server and the database, keeping the data folder. */
  close(): Promise<void>;
  /** close() and remove the data folder. */
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<SubmissionHarness> {
  const temp = options.dataDir ? null : makeTempDir();
  const dir = options.dataDir ?? temp!.dir;
  const config = testConfig(dir, options.config);
  const services = createServices(config, silentLogger);
  const clock = { offset: 0 };
  const runner = new QueueRunner(services, {
    resolver: options.resolver ?? loopbackResolver,
    mxPort: options.mxPort ?? 25,
    now: () => Date.now() + clock.offset,
  });
  const server: SMTPServer = createSubmissionServer(services, options.server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await runner.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    services.db.close();
  };
  return {
    dir,
    config,
    services,
    port,
    runner,
    clock,
    addAccount({ password = TEST_PASSWORD, ...input }) {
      const account = services.accounts.create({ numen: testNumen(), ...input });
      services.accounts.setPasswordHash(account.id, hashSecretSync(password), false);
      return services.accounts.byId(account.id)!;
    },
    inbox(account) {
      const inbox = services.store.getMailbox(account.id, INBOX);
      const uids = services.store.messageIndex(inbox.id).map((m) => m.uid);
      return services.store.messagesByUids(inbox.id, uids).map((row) => services.store.raw(row.contentId).toString('latin1'));
    },
    transport: (user, pass, extra = {}) =>
      nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user, pass }, ...extra }),
    close,
    async stop() {
      await close();
      temp?.cleanup();
    },
  };
}
