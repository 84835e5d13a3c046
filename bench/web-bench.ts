/**
 * `npm run bench:web [-- --users 20 --messages 10000 --concurrency 50 --seconds 30 --warmup 5]`:
 * the webmail under load. Seeds U accounts with M-message INBOXes (straight into the store,
 * before the server starts), starts Webmel with its webmail in its own process, signs every user
 * in through the form, then runs C concurrent clients for W seconds unmeasured (warm-up) and S
 * seconds measured, half of the requests the first page of the message list and half opening a
 * random message (which marks it read, as a reader would).
 * Prints requests/s, p50, p99, errors, the server's memory, and the idle latency of one list and
 * one message; then offers the same mix at a fixed rate (`--rate`, 300/s by default) and prints
 * the latencies at that rate. Talks only to 127.0.0.1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { hashSecretSync } from '../src/accounts/password.js';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { MailStore } from '../src/store/mail-store.js';
import { prepareMessage } from '../src/store/prepare-message.js';
import { contentCacheFor } from '../src/imap/content-cache.js';
import { silentLogger } from '../src/log/logger.js';
import { measureSteal } from './lib/host-steal.js';
import { KeepAliveClient } from './lib/keep-alive-client.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { signIn } from './lib/sign-in.js';
import { argValue, percentile, round } from './lib/stats.js';

const USERS = argValue('users', 20);
const MESSAGES = argValue('messages', 10_000);
const CONCURRENCY = argValue('concurrency', 50);
const SECONDS = argValue('seconds', 30);
/**
 * `--warmup S`: seconds of the same closed-loop load before the measured run (0: none). A
 * server just started runs its code unoptimised and its caches empty: measured here, the
 * first four seconds ran at half the rate of the rest, and decided the p99 of a 30 s run.
 */
const WARMUP_SECONDS = argValue('warmup', 5, { allowZero: true });
/** `--rate R`: after the closed-loop run, the same mix offered at R requests/s (0: skip). The target rate by default. */
const RATE = argValue('rate', 300, { allowZero: true });
const PASSWORD = 'Banc-D-Essai-2024!';
const DOMAIN = 'ac-aix-marseille.fr';
/** Messages written per transaction while seeding. */
const SEED_BATCH = 500;
/** `--data DIR` keeps the seeded folder (seeding takes minutes) and reuses it on the next run. */
const dataIndex = process.argv.indexOf('--data');
const KEPT_DATA_DIR = dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined;

const PARAGRAPH =
  'Bonjour à toutes et à tous,\nVous trouverez ci-dessous les informations relatives à la prochaine réunion de ' +
  'circonscription. Merci de confirmer votre présence auprès du secrétariat avant vendredi.\n';

function rawMessage(user: number, i: number, to: string): Buffer {
  const date = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toUTCString().replace('GMT', '+0000');
  const head = [
    `From: Expéditeur ${i % 37} <expediteur${i % 37}@ac-aix-marseille.fr>`,
    `To: <${to}>`,
    `Subject: =?utf-8?Q?R=C3=A9union_n=C2=B0${i}?= (boîte ${user})`,
    `Date: ${date}`,
    `Message-ID: <bench-${user}-${i}@ac-aix-marseille.fr>`,
    'MIME-Version: 1.0',
  ];
  const text = PARAGRAPH.repeat(2 + (i % 8)) + `Référence ${user}-${i}.\n`;
  if (i % 10 < 7) {
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text].join('\r\n'));
  }
  const html = `<html><body><p style="color:#123">${text.replace(/\n/g, '<br>')}</p><p><a href="https://www.education.gouv.fr/">Lien</a></p></body></html>`;
  const parts = [
    ...head,
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--b1--',
    '',
  ];
  return Buffer.from(parts.join('\r\n'));
}

function seed(dataDir: string): string[] {
  const marker = path.join(dataDir, 'bench-logins.json');
  if (fs.existsSync(marker)) {
    // A reused folder: every message unread again, so each run marks the same amount as read.
    const db = new Database(path.join(dataDir, 'webmel.sqlite'));
    db.prepare('UPDATE messages SET flags = 0').run();
    db.close();
    // A folder seeded by an older version may lack what delivery now stores with each message.
    const services = createServices(loadConfig({ WEBMEL_DATA_DIR: dataDir, WEBMEL_DEMO: '0', WEBMEL_DOMAIN: DOMAIN }), silentLogger);
    warmFormats(services.store);
    services.store.close();
    return JSON.parse(fs.readFileSync(marker, 'utf8')) as string[];
  }
  const config = loadConfig({ WEBMEL_DATA_DIR: dataDir, WEBMEL_DEMO: '0', WEBMEL_DOMAIN: DOMAIN, WEBMEL_SYNC: 'NORMAL' });
  const services = createServices(config, silentLogger);
  const hash = hashSecretSync(PASSWORD);
  const logins: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const account = services.accounts.create({ prenom: 'Banc', nom: `Essai${u}`, numen: `02G20${String(10000 + u).slice(-5)}BCH` });
    services.accounts.setPasswordHash(account.id, hash, false);
    logins.push(account.login);
    for (let start = 0; start < MESSAGES; start += SEED_BATCH) {
      const prepared = Array.from({ length: Math.min(SEED_BATCH, MESSAGES - start) }, (_, k) => prepareMessage(rawMessage(u, start + k, account.address)));
      services.store.write(() => {
        for (const message of prepared) services.store.deliver(message, [{ accountId: account.id, limitBytes: 0, bypassQuota: true }], Date.UTC(2024, 0, 1));
      });
    }
  }
  warmFormats(services.store);
  services.store.close();
  fs.writeFileSync(marker, JSON.stringify(logins));
  return logins;
}

/**
 * What the IMAP format warmer does after an SMTP delivery (src/imap/format-warmer.ts): each
 * content's ENVELOPE and BODYSTRUCTURE formatted and stored. The seed writes straight into the
 * store, so it does the same here; the mailboxes are then as production would have them.
 */
function warmFormats(store: MailStore): void {
  const ids = (store.db.prepare('SELECT id FROM contents ORDER BY id').pluck(true).all() as number[]);
  for (let start = 0; start < ids.length; start += 1000) contentCacheFor(store).prepare(store, ids.slice(start, start + 1000));
}

/** The server: `web-server.js` (Webmel with its webmail) in its own process, on the seeded folder. */
function startServer(dataDir: string): Promise<ServerProcess> {
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'web-server.js');
  return startServerProcess({ WEBMEL_DOMAIN: DOMAIN, WEBMEL_DEMO: '0' }, { command: [script], dataDir });
}

/**
 * The load generator's connections, kept alive as a browser keeps its own: each request takes
 * an idle one (or opens one) and gives it back when its response has ended.
 */
const idleClients: KeepAliveClient[] = [];
const openClients = new Set<KeepAliveClient>();

async function timed(url: URL, cookie: string): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  let client = idleClients.pop();
  if (!client) {
    client = new KeepAliveClient(url.hostname, Number(url.port));
    openClients.add(client);
  }
  try {
    const answer = await client.get(url.pathname + url.search, [`Cookie: ${cookie}`]);
    return { ms: performance.now() - t0, ok: answer.status === 200 };
  } catch {
    return { ms: performance.now() - t0, ok: false };
  } finally {
    idleClients.push(client);
  }
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

interface LoadTarget {
  server: ServerProcess;
  cookies: string[];
  listUrl: URL;
  messageUrl: () => URL;
}

type LoadMode = { kind: 'closed' } | { kind: 'rate'; perSecond: number };

/**
 * `seconds` of load, half list pages and half messages, each for the next user in turn:
 * `closed`, CONCURRENCY clients each sending its next request when the last one is answered;
 * `rate`, requests due at a fixed pace, at most CONCURRENCY in flight.
 */
async function runLoad(target: LoadTarget, mode: LoadMode, seconds: number) {
  const latencies: number[] = [];
  const byKind: Record<'list' | 'message', number[]> = { list: [], message: [] };
  let errors = 0;
  let sent = 0;
  const one = async (due: number) => {
    const cookie = target.cookies[sent++ % target.cookies.length]!;
    const kind = Math.random() < 0.5 ? 'list' : 'message';
    const result = await timed(kind === 'list' ? target.listUrl : target.messageUrl(), cookie);
    // From when it was due: a request held back by the in-flight cap waited too.
    const now = performance.now();
    const ms = now - due;
    latencies.push(ms);
    byKind[kind].push(ms);
    (bySecond[Math.floor((now - started) / 1000)] ??= []).push(ms);
    if (!result.ok) errors++;
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  // Latencies by the second they ended in, and each second's steal: the seconds the host left
  // this machine alone are reported apart (see stealFreeSeconds).
  const bySecond: number[][] = [];
  const stealBySecond: number[] = [];
  let stealThisSecond = measureSteal();
  const stealSampler = setInterval(() => {
    stealBySecond.push(stealThisSecond());
    stealThisSecond = measureSteal();
  }, 1000);
  // CPU per request, server and load generator apart: on a shared 2-core machine the rate
  // depends on what else runs, the cost of a request much less.
  const serverCpuBefore = target.server.cpuSeconds();
  const steal = measureSteal();
  const clientCpuBefore = process.cpuUsage();
  if (mode.kind === 'closed') {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) await one(performance.now());
      }),
    );
  } else {
    const interval = 1000 / mode.perSecond;
    let inFlight = 0;
    const slots: Array<() => void> = [];
    const running: Promise<void>[] = [];
    for (let i = 0; started + i * interval < deadline; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight >= CONCURRENCY) await new Promise<void>((resolve) => slots.push(resolve));
      inFlight++;
      running.push(
        one(due).finally(() => {
          inFlight--;
          slots.shift()?.();
        }),
      );
    }
    await Promise.all(running);
  }
  clearInterval(stealSampler);
  const elapsed = (performance.now() - started) / 1000;
  const serverCpu = target.server.cpuSeconds() - serverCpuBefore;
  const stolen = steal();
  const clientCpuUsage = process.cpuUsage(clientCpuBefore);
  const clientCpu = (clientCpuUsage.user + clientCpuUsage.system) / 1e6;
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const all = sorted(latencies);
  const list = sorted(byKind.list);
  const message = sorted(byKind.message);
  return {
    seconds: round(elapsed),
    requests: all.length,
    requestsPerSecond: round(all.length / elapsed),
    p50Ms: round(percentile(all, 50)),
    p99Ms: round(percentile(all, 99)),
    maxMs: round(all.at(-1) ?? 0),
    errors,
    listP50Ms: round(percentile(list, 50)),
    listP99Ms: round(percentile(list, 99)),
    messageP50Ms: round(percentile(message, 50)),
    messageP99Ms: round(percentile(message, 99)),
    serverCpuMsPerRequest: round((serverCpu * 1000) / Math.max(1, all.length), 2),
    clientCpuMsPerRequest: round((clientCpu * 1000) / Math.max(1, all.length), 2),
    hostCpuStealPercent: stolen,
    stealFreeSeconds: stealFree(bySecond, stealBySecond),
  };
}

/** A second the host took less than this share of the CPU from this machine counts as steal-free. */
const STEAL_FREE_PERCENT = 1;

/**
 * The same figures over the whole seconds in which the host took (almost) nothing: what the
 * webmail does when it has the machine's two cores, beside the run's figures above, which
 * include whatever the host took. Null when no second was steal-free.
 */
function stealFree(bySecond: readonly number[][], stealBySecond: readonly number[]) {
  const quiet = stealBySecond.flatMap((stolen, second) => (stolen < STEAL_FREE_PERCENT && bySecond[second] ? [bySecond[second]] : []));
  if (quiet.length === 0) return null;
  const all = quiet.flat().sort((a, b) => a - b);
  return { seconds: quiet.length, requestsPerSecond: round(all.length / quiet.length), p50Ms: round(percentile(all, 50)), p99Ms: round(percentile(all, 99)) };
}

async function main(): Promise<void> {
  const dataDir = KEPT_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-webbench-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const seedStart = performance.now();
  const logins = seed(dataDir);
  console.log(`seeded ${USERS} users × ${MESSAGES} messages in ${round((performance.now() - seedStart) / 1000)} s`);
  const server = await startServer(dataDir);
  const base = `http://127.0.0.1:${server.ports.http}`;
  try {
    const cookies = await Promise.all(logins.map((login) => signIn(base, login, PASSWORD)));
    const listUrl = new URL(`${base}/mailboxes/INBOX`);
    const messageUrl = () => new URL(`${base}/mailboxes/INBOX/messages/${1 + Math.floor(Math.random() * MESSAGES)}`);

    // Idle: one request at a time (the first ones open each user's IMAP connection).
    for (const cookie of cookies) await timed(listUrl, cookie);
    const idleList: number[] = [];
    const idleMessage: number[] = [];
    for (let i = 0; i < 40; i++) {
      const cookie = cookies[i % cookies.length]!;
      idleList.push((await timed(listUrl, cookie)).ms);
      idleMessage.push((await timed(messageUrl(), cookie)).ms);
    }

    // The clients' connections, opened before the clock starts, as browsers keep theirs open:
    // a Node server busy with a load accepts one new connection per turn of its event loop,
    // so fifty opened at once under load would time the handshakes rather than the pages.
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => timed(listUrl, cookies[i % cookies.length]!)));

    const load = { server, cookies, listUrl, messageUrl };
    const warmup = WARMUP_SECONDS > 0 ? await runLoad(load, { kind: 'closed' }, WARMUP_SECONDS) : null;
    const closed = await runLoad(load, { kind: 'closed' }, SECONDS);
    const fixed = RATE > 0 ? await runLoad(load, { kind: 'rate', perSecond: RATE }, SECONDS) : null;

    console.log(
      JSON.stringify(
        {
          cpus: os.cpus().length,
          sqliteSync: process.env.WEBMEL_SYNC ?? 'FULL',
          users: USERS,
          messagesPerInbox: MESSAGES,
          concurrency: CONCURRENCY,
          // Not counted in the figures that follow; shown so that a slow start is not hidden.
          ...(warmup ? { warmup: { seconds: warmup.seconds, requestsPerSecond: warmup.requestsPerSecond, p50Ms: warmup.p50Ms, p99Ms: warmup.p99Ms, errors: warmup.errors } } : {}),
          ...closed,
          idleListMs: round(median(idleList)),
          idleMessageMs: round(median(idleMessage)),
          serverRssMb: server.rssMb(),
          serverPeakRssMb: server.peakRssMb(),
          // The same mix offered at a fixed rate (at most CONCURRENCY in flight), latency counted
          // from each request's due time, so a stall is not hidden by requests never sent.
          ...(fixed ? { atFixedRate: { offeredPerSecond: RATE, ...fixed } } : {}),
        },
        null,
        2,
      ),
    );
  } finally {
    for (const client of openClients) client.close();
    await server.stop();
    if (!KEPT_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
