/**
 * `npm run bench:bulletin [-- --accounts 100000 --clients 50]`: issue 20's mass delivery at
 * the size of an académie. Makes N accounts with their folders and annuaire entries
 * (lib/bulk-accounts.ts, in a process of its own so that its memory is not the server's),
 * starts the real server in this process (startWebmel: the PublicationRunner polling every
 * 500 ms, synchronous = FULL as in production, the webmail in its thread), opens C imapflow
 * clients idling in the INBOX of random agents, then:
 *   1. publishes one HTML bulletin of 20 KB to `all` and times it from the publish call to
 *      status `done` (polled every 20 ms), the runner's own delivery, messages/s, the
 *      database's growth per mailbox beside the one content copy (checkpointed, dbstat), the
 *      content's rows and references, and when each idling client heard `* N EXISTS`;
 *   2. a union message to `all`, every tenth agent having already received the 5 messages a
 *      month allows from that union (bulletins_union_counts set beforehand): the same figures,
 *      with the agents the cap skipped.
 * Figures are printed, never asserted. Talks only to 127.0.0.1.
 * Targets (issue 20): under 10 s end to end; one copy and under 200 B per mailbox; the IMAP
 * clients idling notified.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImapFlow } from 'imapflow';
import { startWebmel, type Services } from '../src/app.js';
import type { Publication } from '../src/bulletins/index.js';
import { parisDay } from '../src/calendar/index.js';
import { testConfig, type Config } from '../src/config.js';
import type { Db } from '../src/db/database.js';
import { createLogger, silentLogger } from '../src/log/logger.js';
import { createServices } from '../src/services.js';
import { bulkAccount, createBulkAccounts, type BulkTimings } from './lib/bulk-accounts.js';
import { bulletinHtml } from './lib/bulletin-html.js';
import { measureSteal } from './lib/host-steal.js';
import { argValue, percentile, round } from './lib/stats.js';

const ACCOUNTS = argValue('accounts', 100_000);
const CLIENTS = argValue('clients', 50);
const DOMAIN = 'ac-aix-marseille.fr';
const PASSWORD = 'Banc-D-Essai-2024!';
const BODY_BYTES = 20 * 1024;
const MINISTERE = "Ministère de l'Éducation nationale <communication@education.gouv.fr>";
/** Every agent whose account id is a multiple of this has had the union's 5 messages this month. */
const CAPPED_EVERY = 10;
/** How often the bench asks the publication's status, as an admin page refreshing would. */
const POLL_MS = 20;
/** After `done`, how long the clients still not notified are waited for. */
const NOTIFY_GRACE_MS = 3000;
/** Imapflow connections opened at once (the server allows 50 unauthenticated per address). */
const CONNECT_AT_ONCE = 10;
const TARGET_SECONDS = 10;
const TARGET_BYTES_PER_MAILBOX = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
const loadAverage = () => round(os.loadavg()[0]!, 2);
/** This process's peak resident memory so far (every thread), MiB. */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function benchConfig(dataDir: string): Config {
  // testConfig: ports 0 on 127.0.0.1, demo off, no auth delays; its synchronous mode is
  // loadConfig's default, FULL, as in production; the webmail in its own thread, as in production.
  return testConfig(dataDir, { domain: DOMAIN, hostname: `mail.${DOMAIN}`, logLevel: 'warn', webThread: true });
}

// ---------------------------------------------------------------- setup (a process of its own)

/** The child's side: makes the accounts, sends the timings, exits. */
function seedHere(dataDir: string, count: number): void {
  const services = createServices(benchConfig(dataDir), silentLogger);
  const timings = createBulkAccounts(services, count, PASSWORD);
  services.close();
  process.send!(timings, () => process.exit(0));
}

function seed(dataDir: string): Promise<BulkTimings> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--seed', dataDir, String(ACCOUNTS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (timings) => resolve(timings as BulkTimings));
    child.once('exit', (code) => code !== 0 && reject(new Error(`seeding exited ${code}`)));
  });
}

// ---------------------------------------------------------------- the database's size

interface Footprint {
  /** Pages in use (page_count − freelist_count) × page_size, after a checkpoint into the main file. */
  bytes: number;
  /** Bytes of pages per table and index (dbstat). */
  byName: Map<string, number>;
}

/** What a content occupies whatever the number of its references: its row, raw bytes, IMAP formats, search text and indexes. */
function isContentTable(name: string): boolean {
  return name === 'contents' || name.startsWith('content_') || name.startsWith('contents_') || name === 'sqlite_autoindex_contents_1';
}

function footprint(db: Db): Footprint {
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  if (checkpoint?.busy) console.warn('warning: the WAL checkpoint was blocked by a reader; sizes include what it left');
  const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
  const byName = new Map(db.prepare(`SELECT name, sum(pgsize) FROM dbstat GROUP BY name`).raw().all() as Array<[string, number]>);
  return { bytes: pages * (db.pragma('page_size', { simple: true }) as number), byName };
}

function growth(before: Footprint, after: Footprint): { total: number; content: number; byName: Array<[string, number]> } {
  const names = new Set([...before.byName.keys(), ...after.byName.keys()]);
  const byName: Array<[string, number]> = [];
  let content = 0;
  for (const name of names) {
    const grown = (after.byName.get(name) ?? 0) - (before.byName.get(name) ?? 0);
    if (isContentTable(name)) content += grown;
    else if (grown !== 0) byName.push([name, grown]);
  }
  return { total: after.bytes - before.bytes, content, byName: byName.sort((a, b) => b[1] - a[1]) };
}

// ---------------------------------------------------------------- idling clients

interface Idler {
  client: ImapFlow;
  accountId: number;
}

/** When each client heard its EXISTS during the current measurement, ms after the publish call. */
let heard: { start: number; at: Map<number, number> } | null = null;

async function openIdlers(services: Services, imapPort: number): Promise<Idler[]> {
  // Distinct random agents (a fixed seed: the same clients from run to run).
  let state = 20;
  const picked = new Set<number>();
  while (picked.size < Math.min(CLIENTS, ACCOUNTS)) {
    state = (state * 48271) % 2147483647;
    picked.add(state % ACCOUNTS);
  }
  const idlers: Idler[] = [];
  const agents = [...picked];
  for (let i = 0; i < agents.length; i += CONNECT_AT_ONCE) {
    const group = agents.slice(i, i + CONNECT_AT_ONCE);
    idlers.push(
      ...(await Promise.all(
        group.map(async (agent, j) => {
          const { login, address } = bulkAccount(agent, DOMAIN);
          const client = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, auth: { user: login, pass: PASSWORD }, logger: false, disableAutoIdle: true });
          await client.connect();
          await client.mailboxOpen('INBOX');
          const index = i + j;
          client.on('exists', () => {
            if (heard && !heard.at.has(index)) heard.at.set(index, performance.now() - heard.start);
          });
          return { client, accountId: services.accounts.byAddress(address)!.id };
        }),
      )),
    );
  }
  return idlers;
}

/** Every client in IDLE (again: imapflow leaves IDLE when a command is sent, never by itself). */
async function idleAll(idlers: readonly Idler[]): Promise<void> {
  for (const { client } of idlers) if (!client.idling) void client.idle().catch(() => {});
  const deadline = performance.now() + 10_000;
  while (idlers.some(({ client }) => !client.idling)) {
    if (performance.now() > deadline) throw new Error('the clients did not all enter IDLE');
    await sleep(10);
  }
}

// ---------------------------------------------------------------- one publication, measured

interface Measured {
  publication: Publication;
  recordMs: number;
  /** Publish call to the poll that saw `done`. */
  endToEndMs: number;
  /** CPU time of this process (every thread: server, webmail, IMAP clients) over the same span. */
  cpuMs: number;
  contentsAdded: number;
  refcount: number;
  growth: ReturnType<typeof growth>;
  notified: number;
  expected: number;
  /** Clients notified that should not have been (a capped agent). */
  wronglyNotified: number;
  latencies: number[];
}

async function measure(services: Services, idlers: readonly Idler[], expect: (idler: Idler) => boolean, record: () => Publication): Promise<Measured> {
  const { db, bulletins, store } = services;
  const count = db.prepare(`SELECT count(*) FROM contents`).pluck();
  const before = footprint(db);
  const contentsBefore = count.get() as number;
  await idleAll(idlers);

  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  heard = { start, at: new Map() };
  const { id } = record();
  const recordMs = performance.now() - start;
  let publication = bulletins.get(id)!;
  while (publication.status !== 'done') {
    await sleep(POLL_MS);
    publication = bulletins.get(id)!;
  }
  const endToEndMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const expected = idlers.filter(expect).length;
  const graceEnd = performance.now() + NOTIFY_GRACE_MS;
  while (heard.at.size < expected && performance.now() < graceEnd) await sleep(POLL_MS);
  const at = heard.at;
  heard = null;

  store.flushIndex();
  const after = footprint(db);
  const notifiedIdlers = idlers.filter((_, i) => at.has(i));
  return {
    publication,
    recordMs,
    endToEndMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    contentsAdded: (count.get() as number) - contentsBefore,
    refcount: db.prepare(`SELECT refcount FROM contents WHERE id = ?`).pluck().get(publication.contentId) as number,
    growth: growth(before, after),
    notified: notifiedIdlers.filter(expect).length,
    expected,
    wronglyNotified: notifiedIdlers.filter((idler) => !expect(idler)).length,
    latencies: [...at.values()].sort((a, b) => a - b),
  };
}

function perMailbox(m: Measured): number {
  return (m.growth.total - m.growth.content) / Math.max(1, m.publication.delivered);
}

function describe(label: string, m: Measured): void {
  const p = m.publication;
  const runnerMs = p.finishedAt! - p.startedAt!;
  console.log(`\n${label}: publication ${p.id}, ${p.recipients} recipients`);
  console.log(`  delivered ${p.delivered}, skipped: mailbox full ${p.skippedFull}, union cap ${p.skippedCap}, unsubscribed ${p.skippedUnsubscribed}`);
  console.log(`  publish call ${Math.round(m.recordMs)} ms; the runner began ${p.startedAt! - p.createdAt} ms after it was recorded and delivered in ${round(runnerMs / 1000, 2)} s`);
  console.log(`  end to end ${round(m.endToEndMs / 1000, 2)} s (publish call to status done, polled every ${POLL_MS} ms), process CPU ${round(m.cpuMs / 1000, 2)} s`);
  console.log(`  store: ${m.contentsAdded} new content, refcount ${m.refcount} (delivered + 1 = ${p.delivered + 1})`);
  console.log(
    `  database +${mib(m.growth.total)} MiB: one content copy ${round(m.growth.content / 1024, 1)} KiB, the rest ${round(perMailbox(m), 1)} B per mailbox:`,
  );
  for (const [name, bytes] of m.growth.byName.slice(0, 8)) {
    console.log(`    ${name.padEnd(36)} ${String(round(bytes / Math.max(1, p.delivered), 1)).padStart(6)} B/mailbox`);
  }
  const lat = m.latencies;
  console.log(
    `  IDLE: ${m.notified}/${m.expected} notified${m.wronglyNotified ? ` (and ${m.wronglyNotified} that should not have been)` : ''}` +
      (lat.length ? `, publish → * EXISTS p50 ${Math.round(percentile(lat, 50))} ms, max ${Math.round(lat[lat.length - 1]!)} ms` : ''),
  );
}

function summary(bulletin: Measured, union: Measured, peakAtStartMb: number): void {
  const rows: Array<[string, (m: Measured) => string, string, ((m: Measured) => boolean) | null]> = [
    ['recipients', (m) => String(m.publication.recipients), '', null],
    ['delivered / skipped (cap)', (m) => `${m.publication.delivered} / ${m.publication.skippedCap}`, '', null],
    ['end to end (publish → done)', (m) => `${round(m.endToEndMs / 1000, 2)} s`, `< ${TARGET_SECONDS} s`, (m) => m.endToEndMs < TARGET_SECONDS * 1000],
    ['runner delivery (finished − started)', (m) => `${round((m.publication.finishedAt! - m.publication.startedAt!) / 1000, 2)} s`, '', null],
    ['process CPU, publish → done', (m) => `${round(m.cpuMs / 1000, 2)} s`, '', null],
    ['messages/s (runner)', (m) => String(Math.round(m.publication.delivered / ((m.publication.finishedAt! - m.publication.startedAt!) / 1000))), '', null],
    [
      'contents: new rows, refcount',
      (m) => `${m.contentsAdded}, ${m.refcount}`,
      'one copy',
      (m) => m.contentsAdded === 1 && m.refcount === m.publication.delivered + 1,
    ],
    ['growth per mailbox (content apart)', (m) => `${round(perMailbox(m), 1)} B`, `< ${TARGET_BYTES_PER_MAILBOX} B`, (m) => perMailbox(m) < TARGET_BYTES_PER_MAILBOX],
    ['IMAP clients idling notified', (m) => `${m.notified}/${m.expected}`, 'all', (m) => m.notified === m.expected && m.wronglyNotified === 0],
    [
      'IDLE latency p50 / max',
      (m) => (m.latencies.length ? `${Math.round(percentile(m.latencies, 50))} / ${Math.round(m.latencies[m.latencies.length - 1]!)} ms` : '–'),
      '',
      null,
    ],
  ];
  const cells = rows.map(([label, value, target, met]) => {
    const verdict = (m: Measured) => (met ? (met(m) ? ' ✓' : ' ✗') : '');
    return [label, value(bulletin) + verdict(bulletin), value(union) + verdict(union), target];
  });
  const header = ['', 'bulletin (20 KB HTML)', 'union message', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells) console.log(line(row));
  console.log(`peak RSS of the server's process (IMAP clients included) ${peakRssMb()} MiB; ${peakAtStartMb} MiB before the first publication`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-bulletin-'));
  console.log(`bench:bulletin  ${ACCOUNTS} accounts, ${CLIENTS} IMAP clients idling, folder ${dataDir}`);
  try {
    let t = performance.now();
    const timings = await seed(dataDir);
    console.log(
      `setup              ${round((performance.now() - t) / 1000)} s (one scrypt hash ${Math.round(timings.hashSeconds * 1000)} ms, ` +
        `accounts and folders ${round(timings.accountsSeconds)} s, annuaire entries ${round(timings.directorySeconds)} s; not part of the figures)`,
    );

    t = performance.now();
    const webmel = await startWebmel(benchConfig(dataDir), createLogger('warn', process.stderr), { submission: { startQueue: false } });
    const { services } = webmel;
    const idlers = await openIdlers(services, webmel.ports.imap);
    console.log(`server and clients ${round((performance.now() - t) / 1000, 1)} s: IMAP 127.0.0.1:${webmel.ports.imap}, ${idlers.length} clients signed in, INBOX selected`);
    const html = bulletinHtml(BODY_BYTES, 'Lettre de rentrée aux personnels');
    const peakAtStart = peakRssMb();
    const steal = measureSteal();
    const loadAtStart = loadAverage();
    try {
      const bulletin = await measure(services, idlers, () => true, () =>
        services.bulletins.publish({
          kind: 'bulletin',
          from: MINISTERE,
          subject: 'Lettre de rentrée aux personnels',
          audience: 'all',
          body: { format: 'html', source: html },
          authorId: null,
        }),
      );
      console.log(`message            ${round(Buffer.byteLength(html) / 1024, 1)} KiB of HTML, stored as ${round(services.store.raw(bulletin.publication.contentId).length / 1024, 1)} KiB (text and HTML parts)`);
      describe('bulletin', bulletin);

      // The union, with its annuaire entry (AccountStore.create records it), and the agents who
      // already had its 5 messages this month.
      const union = services.accounts.create({ prenom: 'Syndicat', nom: 'SNBANC-13', numen: '02G2099999BCH', role: 'syndicat' });
      const month = parisDay(Date.now()).slice(0, 7);
      const capped = services.db
        .prepare(
          `INSERT INTO bulletins_union_counts (union_id, month, account_id, received)
           SELECT ?, ?, id, 5 FROM accounts WHERE id % ${CAPPED_EVERY} = 0 AND id <> ?`,
        )
        .run(union.id, month, union.id).changes;
      console.log(`\nunion ${union.address}: ${capped} agents (${round((capped / ACCOUNTS) * 100)} %) already had its 5 messages of ${month}`);
      const unionMessage = await measure(services, idlers, (idler) => idler.accountId % CAPPED_EVERY !== 0, () =>
        services.bulletins.unionSend({
          unionId: union.id,
          subject: 'Mobilisation pour les salaires',
          audience: 'all',
          body: { format: 'html', source: bulletinHtml(BODY_BYTES, 'Mobilisation pour les salaires') },
        }),
      );
      describe('union message', unionMessage);

      summary(bulletin, unionMessage, peakAtStart);
      console.log(`host CPU steal ${steal()} % of the machine's CPU time went to other guests while measuring`);
      console.log(`load average (1 min) ${loadAverage()} at the end, ${loadAtStart} before measuring, on ${os.cpus().length} CPUs (this bench counts for about 1 while it delivers; more is other processes)`);
    } finally {
      await Promise.all(idlers.map(({ client }) => client.close()));
      await webmel.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Last, once every declaration above is initialised.
if (process.argv[2] === '--seed') seedHere(process.argv[3]!, Number(process.argv[4]));
else await main();
