/**
 * `npm run bench:submit`: messages/s through authenticated submission to local recipients,
 * then the outbound queue's throughput to a local sink. Everything on 127.0.0.1, no DNS.
 *
 *   npm run bench:submit -- --messages 5000 --size 10 --concurrency 10 --queue 2000
 *
 * Node 20 cannot run TypeScript itself: `npm run build` compiles src/ and bench/ into dist/,
 * and the script runs dist/bench/submit.js (as bench:smtp does).
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { Account } from '../src/accounts/account-store.js';
import { hashSecretSync } from '../src/accounts/password.js';
import { createServices } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { silentLogger } from '../src/log/logger.js';
import { QueueRunner } from '../src/outbound/queue-runner.js';
import { createSubmissionServer } from '../src/smtp/submission-server.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '5000' },
    size: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
    queue: { type: 'string', default: '2000' },
    accounts: { type: 'string', default: '50' },
  },
});
const MESSAGES = Number(values.messages);
const SIZE_KB = Number(values.size);
const CONCURRENCY = Number(values.concurrency);
const QUEUE_MESSAGES = Number(values.queue);
const ACCOUNTS = Number(values.accounts);
const PASSWORD = 'bench-motdepasse';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function body(kb: number): string {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n';
  return line.repeat(Math.ceil((kb * 1024) / line.length)).slice(0, kb * 1024);
}

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as AddressInfo).port;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-bench-'));
try {
  // A discarding sink plays the relay for the queue part.
  let sunk = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        sunk++;
        callback();
      });
    },
  });
  const sinkPort = await listen(sink);

  // The per-user hourly limit (200 by default) would stop a benchmark: lifted here only.
  const config = testConfig(dir, {
    submissionMaxPerHour: 1_000_000,
    relay: { host: '127.0.0.1', port: sinkPort, user: null, password: null },
  });
  const services = createServices(config, silentLogger);
  const accounts: Account[] = [];
  const passwordHash = hashSecretSync(PASSWORD);
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = services.accounts.create({ prenom: `Prénom${i}`, nom: `Banc${i}`, numen: `02G2${String(100000 + i).slice(-6)}ABC` });
    services.accounts.setPasswordHash(account.id, passwordHash, false);
    accounts.push(account);
  }
  const server = createSubmissionServer(services);
  const port = await listen(server);

  // ---- 1. submission to local recipients
  const text = body(SIZE_KB);
  const transports = Array.from({ length: CONCURRENCY }, (_, i) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Infinity,
      auth: { user: accounts[i % accounts.length]!.login, pass: PASSWORD },
    }),
  );
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    transports.map(async (transport, worker) => {
      const from = accounts[worker % accounts.length]!.address;
      while (next < MESSAGES) {
        const n = next++;
        const to = accounts[(n * 7 + 3) % accounts.length]!.address;
        const t0 = performance.now();
        try {
          await transport.sendMail({ from, to, subject: `Bench ${n}`, text });
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  transports.forEach((t) => t.close());
  const stored = accounts.reduce((sum, a) => sum + services.store.usage(a.id).messageCount, 0);
  latencies.sort((a, b) => a - b);
  console.log(
    `submission  ${MESSAGES} messages × ${SIZE_KB} KB, C = ${CONCURRENCY}: ${(latencies.length / elapsed).toFixed(0)} messages/s ` +
      `(${elapsed.toFixed(2)} s), p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, ` +
      `errors ${errors}, stored ${stored}`,
  );

  // ---- 2. outbound queue to the local sink
  const raw = Buffer.from(
    `From: ${accounts[0]!.address}\r\nTo: dest@example.org\r\nSubject: queue\r\nMessage-ID: <q@bench>\r\n\r\n${text.replace(/\n/g, '\r\n')}`,
  );
  for (let i = 0; i < QUEUE_MESSAGES; i++) services.outbound.enqueue(accounts[0]!.address, [`dest${i}@example.org`], raw);
  const runner = new QueueRunner(services);
  const queueStarted = performance.now();
  let passes = 0;
  while (services.outbound.pendingCount() > 0 && passes++ < 1000) {
    const pass = await runner.runOnce();
    if (pass.sent + pass.failed === 0) {
      const stuck = services.outbound.list().find((m) => m.recipients.some((r) => r.lastError));
      throw new Error(`queue stalled: ${stuck?.recipients[0]?.lastError ?? 'nothing due'}`);
    }
  }
  const queueElapsed = (performance.now() - queueStarted) / 1000;
  console.log(
    `queue       ${QUEUE_MESSAGES} messages × ${SIZE_KB} KB to a local relay, concurrency ${config.queueConcurrency}: ` +
      `${(QUEUE_MESSAGES / queueElapsed).toFixed(0)} messages/s (${queueElapsed.toFixed(2)} s), received ${sunk}`,
  );
  console.log(`memory      peak RSS ≈ ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  services.db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
