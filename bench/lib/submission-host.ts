/**
 * The server side of `bench:submit`, in its own process (forked with an IPC channel) so the
 * load generator does not share its CPU: services over a fresh data folder, accounts with a
 * known password, the submission server on 127.0.0.1:0, and the outbound queue on demand.
 *
 * Messages from the parent: `{ cmd: 'queue', n, sizeKb, sinkPort }` (fill the queue, drain it
 * to the sink, answer the time), `{ cmd: 'stats' }`, `{ cmd: 'stop' }`.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { hashSecretSync } from '../../src/accounts/password.js';
import { createServices } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { QueueRunner } from '../../src/outbound/queue-runner.js';
import { createSubmissionServer } from '../../src/smtp/submission-server.js';
import { BENCH_PASSWORD, type HostReady, type HostRequest, type HostStats } from './submission-protocol.js';

const reply = (message: object) => process.send!(message);

async function main(): Promise<void> {
  const accountCount = Number(process.argv[2] ?? 50);
  const concurrency = Number(process.argv[3] ?? 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-bench-submit-'));
  // Durable as in production (synchronous=FULL); only the hourly sending limit is lifted, and
  // the per-address connection limit made room for all the bench's connections from 127.0.0.1.
  const config = testConfig(dataDir, {
    submissionMaxPerHour: 1_000_000_000,
    smtpMaxPerIp: Math.max(20, concurrency),
    smtpMaxConnections: Math.max(200, concurrency),
  });
  const services = createServices(config, silentLogger);
  const passwordHash = hashSecretSync(BENCH_PASSWORD);
  const users: HostReady['users'] = [];
  for (let i = 0; i < accountCount; i++) {
    const account = services.accounts.create({ prenom: 'Banc', nom: `Essai${i}`, numen: `02G2${String(100000 + i).slice(-6)}ABC` });
    services.accounts.setPasswordHash(account.id, passwordHash, false);
    users.push({ login: account.login, address: account.address });
  }
  const server = createSubmissionServer(services);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cpuBefore = process.cpuUsage();
  reply({ cmd: 'ready', port: (server.server.address() as AddressInfo).port, users } satisfies HostReady);

  process.on('message', async (request: HostRequest) => {
    if (request.cmd === 'stats') {
      const cpu = process.cpuUsage(cpuBefore);
      const stored = users.reduce((sum, user) => sum + services.store.usage(services.accounts.byAddress(user.address)!.id).messageCount, 0);
      reply({
        cmd: 'stats',
        stored,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      } satisfies HostStats);
    } else if (request.cmd === 'queue') {
      const raw = Buffer.from(
        `From: ${users[0]!.address}\r\nTo: dest@example.org\r\nSubject: queue\r\nMessage-ID: <q@bench>\r\n\r\n` +
          'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n'.repeat(Math.ceil((request.sizeKb * 1024) / 58)),
      );
      for (let i = 0; i < request.n; i++) services.outbound.enqueue(users[0]!.address, [`dest${i}@example.org`], raw);
      const runner = new QueueRunner({
        ...services,
        config: { ...config, relay: { host: '127.0.0.1', port: request.sinkPort, user: null, password: null } },
      });
      const started = performance.now();
      let sent = 0;
      while (services.outbound.pendingCount() > 0) {
        const pass = await runner.runOnce();
        sent += pass.sent;
        if (pass.sent + pass.failed === 0) break; // deferred: the sink refused, stop rather than spin
      }
      reply({ cmd: 'queue', seconds: (performance.now() - started) / 1000, sent, concurrency: config.queueConcurrency });
    } else if (request.cmd === 'stop') {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

await main();
