/**
 * `npm run bench:smtp [-- --n 5000 --size-kb 10 --concurrency 10]`: delivers N messages of S KB
 * over C persistent SMTP connections to random demo accounts of a server running in its own
 * process, prints accepted messages/s and latency, then checks that every accepted message is
 * stored. Talks only to 127.0.0.1.
 */
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { measureSteal } from './lib/host-steal.js';
import { DEMO_ACCOUNTS } from '../src/demo/seed-demo.js';
import { addressStem } from '../src/accounts/identity.js';
import { argValue, percentile, round } from './lib/stats.js';
import { startServerProcess } from './lib/server-process.js';
import { SmtpReplyReader } from './lib/smtp-reply-reader.js';

const n = argValue('n', 5000);
const sizeKb = argValue('size-kb', 10);
const concurrency = argValue('concurrency', 10);
const DOMAIN = 'ac-aix-marseille.fr';
// Homonyms share a stem: the server gives the second a digit, as the seed does.
const recipients = DEMO_ACCOUNTS.map((a) => `${addressStem(a.prenom, a.nom)}@${DOMAIN}`);

function body(i: number): string {
  const header = `From: bench@example.org\r\nTo: ${recipients[i % recipients.length]}\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}@example.org>\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  return header + line.repeat(Math.ceil((sizeKb * 1024 - header.length) / line.length));
}

async function main(): Promise<void> {
  // Every connection of the bench comes from 127.0.0.1: room for all of them from that address.
  const server = await startServerProcess({
    WEBMEL_DEMO: '1',
    WEBMEL_DOMAIN: DOMAIN,
    WEBMEL_SMTP_MAX_PER_IP: String(Math.max(20, concurrency)),
    WEBMEL_MAX_CONNECTIONS: String(Math.max(200, concurrency)),
  });
  const port = server.ports.smtp!;
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  let accepted = 0;
  const cpuBefore = server.cpuSeconds();
  const clientCpuBefore = process.cpuUsage();
  const started = performance.now();
  const steal = measureSteal();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const socket = net.connect(port, '127.0.0.1');
      const client = new SmtpReplyReader(socket);
      await client.reply();
      await client.send('EHLO bench.example.org\r\n');
      for (let i = next++; i < n; i = next++) {
        const t0 = performance.now();
        const to = recipients[i % recipients.length];
        // PIPELINING: MAIL, RCPT and DATA in one write.
        socket.write(`MAIL FROM:<bench@example.org>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
        const replies = [await client.reply(), await client.reply(), await client.reply()];
        if (replies[2] !== '354') {
          failures.set(replies.join('/'), (failures.get(replies.join('/')) ?? 0) + 1);
          await client.send('RSET\r\n');
          continue;
        }
        const code = await client.send(`${body(i)}.\r\n`);
        if (code === '250') {
          accepted++;
          latencies.push(performance.now() - t0);
        } else failures.set(`END ${code}`, (failures.get(`END ${code}`) ?? 0) + 1);
      }
      socket.end('QUIT\r\n');
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stolen = steal();
  const serverCpu = server.cpuSeconds() - cpuBefore;
  const clientCpuUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const db = new Database(path.join(server.dataDir, 'webmel.sqlite'), { readonly: true });
  const stored = (db.prepare(`SELECT count(*) AS n FROM contents c WHERE c.subject LIKE 'bench %'`).get() as { n: number }).n;
  // The search index and the IMAP formats are built once the burst is over (thread-load.ts):
  // wait for them, so the figures include everything the server does for these messages.
  const behind = db.prepare(
    `SELECT count(*) FROM contents c LEFT JOIN content_imap f ON f.content_id = c.id
     WHERE c.subject LIKE 'bench %' AND (c.indexed = 0 OR f.content_id IS NULL)`,
  ).pluck(true);
  while ((behind.get() as number) > 0 && performance.now() - started < seconds * 1000 + 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const caughtUp = (performance.now() - started) / 1000 - seconds;
  const leftBehind = behind.get() as number;
  const serverCpuAll = server.cpuSeconds() - cpuBefore;
  db.close();
  const peak = server.peakRssMb();
  await server.stop();
  console.log(`bench:smtp  ${n} messages x ${sizeKb} KB, ${concurrency} connections, 127.0.0.1:${port}`);
  console.log(`accepted           ${accepted} in ${round(seconds, 2)} s = ${round(accepted / seconds)} msg/s`);
  console.log(`latency (MAIL..250 after DATA)  p50 ${round(percentile(latencies, 50), 2)} ms  p99 ${round(percentile(latencies, 99), 2)} ms  max ${round(latencies.at(-1) ?? NaN, 2)} ms`);
  console.log(`stored             ${stored} of ${accepted} accepted${stored === accepted ? ' (all durable)' : '  ** MISSING **'}`);
  console.log(`failures           ${failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures))}`);
  console.log(`server peak RSS    ${peak} MB`);
  console.log(`server CPU         ${round(serverCpu, 2)} s = ${round((serverCpu * 1000) / Math.max(1, accepted), 3)} ms per message`);
  console.log(
    `search index and IMAP formats  ${leftBehind === 0 ? 'complete' : `${leftBehind} messages still missing`} ${round(caughtUp, 2)} s after the last 250` +
      ` (${round(accepted / (seconds + caughtUp))} msg/s with them; server CPU ${round((serverCpuAll * 1000) / Math.max(1, accepted), 3)} ms per message)`,
  );
  // The load generator runs on the same two cores: what it takes, the server cannot have.
  console.log(`client CPU         ${round(clientCpu, 2)} s = ${round((clientCpu * 1000) / Math.max(1, accepted), 3)} ms per message`);
  console.log(`host CPU steal     ${stolen} % of the machine's CPU time went to other guests`);
  if (stored !== accepted || leftBehind > 0) process.exitCode = 1;
}

await main();
