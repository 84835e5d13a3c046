/**
 * `npm run bench:submit [-- --n 5000 --size-kb 10 --concurrency 10 --queue 2000]`:
 * 1. messages/s through authenticated submission (AUTH PLAIN, one user per connection) to
 *    local recipients, over C persistent connections, durable before each 250;
 * 2. the outbound queue's throughput to a local SMTP sink playing the relay.
 * The server runs in its own process (lib/submission-host.ts); everything on 127.0.0.1, no DNS.
 *
 * Node 20 cannot run TypeScript itself: `npm run build` compiles src/ and bench/ into dist/,
 * and the script runs dist/bench/submit.js (as bench:smtp does).
 */
import { fork } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { BENCH_PASSWORD, type HostReady, type HostRequest, type HostStats } from './lib/submission-protocol.js';
import { argValue, percentile, round } from './lib/stats.js';
import { SmtpReplyReader } from './lib/smtp-reply-reader.js';

const n = argValue('n', 5000);
const sizeKb = argValue('size-kb', 10);
const concurrency = argValue('concurrency', 10);
const queueMessages = argValue('queue', 2000);
const accounts = argValue('accounts', 50);

/** Reads whole replies (the last line of a multi-line reply has a space after the code). */
function message(from: string, to: string, i: number): string {
  // No Date: or Message-ID: — the server adds them, as it would for a minimal client.
  const header = `From: <${from}>\r\nTo: <${to}>\r\nBcc: <cache@example.org>\r\nSubject: bench ${i}\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return header + line.repeat(Math.ceil((sizeKb * 1024 - header.length) / line.length));
}

function ask<T>(host: ReturnType<typeof fork>, request: HostRequest, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { cmd: string }) => {
      if (message.cmd !== answer) return;
      host.off('message', onMessage);
      resolve(message as T);
    };
    host.on('message', onMessage);
    host.send(request);
  });
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const host = fork(path.join(here, 'lib/submission-host.js'), [String(accounts), String(concurrency)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<HostReady>((resolve) => host.once('message', (m) => resolve(m as HostReady)));
  const { port, users } = ready;

  // ---- 1. submission to local recipients
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const startStats = await ask<HostStats>(host, { cmd: 'stats' }, 'stats');
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const user = users[worker % users.length]!;
      const client = new SmtpReplyReader(net.connect(port, '127.0.0.1'));
      await client.reply();
      await client.send('EHLO bench.example.org\r\n');
      const auth = Buffer.from(`\0${user.login}\0${BENCH_PASSWORD}`).toString('base64');
      if ((await client.send(`AUTH PLAIN ${auth}\r\n`)) !== '235') throw new Error('AUTH failed');
      for (let i = next++; i < n; i = next++) {
        const to = users[(i * 7 + 3) % users.length]!.address;
        const t0 = performance.now();
        // PIPELINING: MAIL, RCPT and DATA in one write.
        client.socket.write(`MAIL FROM:<${user.address}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
        const replies = [await client.reply(), await client.reply(), await client.reply()];
        if (replies[2] !== '354') {
          failures.set(replies.join('/'), (failures.get(replies.join('/')) ?? 0) + 1);
          await client.send('RSET\r\n');
          continue;
        }
        const code = await client.send(`${message(user.address, to, i)}.\r\n`);
        if (code === '250') latencies.push(performance.now() - t0);
        else failures.set(`END ${code}`, (failures.get(`END ${code}`) ?? 0) + 1);
      }
      client.socket.end('QUIT\r\n');
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stats = await ask<HostStats>(host, { cmd: 'stats' }, 'stats');
  latencies.sort((a, b) => a - b);
  const accepted = latencies.length;
  const cpu = stats.cpuSeconds - startStats.cpuSeconds;
  console.log(`bench:submit  ${n} messages x ${sizeKb} KB, AUTH PLAIN, ${concurrency} connections, local recipients`);
  console.log(`accepted           ${accepted} in ${round(seconds, 2)} s = ${round(accepted / seconds)} msg/s`);
  console.log(`latency (MAIL..250 after DATA)  p50 ${round(percentile(latencies, 50), 2)} ms  p99 ${round(percentile(latencies, 99), 2)} ms`);
  console.log(`stored             ${stats.stored} of ${accepted}${stats.stored === accepted ? ' (all durable)' : '  ** MISMATCH **'}`);
  console.log(`failures           ${failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures))}`);
  console.log(`server CPU         ${round(cpu, 2)} s = ${round((cpu * 1000) / Math.max(1, accepted), 3)} ms per message`);

  // ---- 2. outbound queue to a local sink (discards what it receives)
  let sunk = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    // The relay route verifies certificates; this sink has none worth trusting.
    hideSTARTTLS: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        sunk++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkPort = (sink.server.address() as net.AddressInfo).port;
  const queue = await ask<{ seconds: number; sent: number; concurrency: number }>(
    host,
    { cmd: 'queue', n: queueMessages, sizeKb, sinkPort },
    'queue',
  );
  console.log(
    `queue              ${queue.sent} of ${queueMessages} messages x ${sizeKb} KB to a local relay in ${round(queue.seconds, 2)} s = ` +
      `${round(queue.sent / queue.seconds)} msg/s (concurrency ${queue.concurrency}; sink received ${sunk})`,
  );
  const final = await ask<HostStats>(host, { cmd: 'stats' }, 'stats');
  console.log(`server peak RSS    ${final.peakRssMb} MB`);
  host.send({ cmd: 'stop' } satisfies HostRequest);
  await new Promise((resolve) => host.once('exit', resolve));
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  if (stats.stored !== accepted || queue.sent !== queueMessages) process.exitCode = 1;
}

await main();
