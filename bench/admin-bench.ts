/**
 * `npm run bench:admin [-- --accounts 100000 --requests 200]`: issue 21's console at the size of
 * an académie. Makes N accounts (lib/bulk-accounts.ts, in a child process) with realistic usage
 * (most between a few and 40 Mo of their 50, one in ten past 80 %, one in fifty full, a few
 * hundred refusals for quota in the delivery log), starts the real server (the webmail in its
 * thread, as in production), signs an admin in through the form, then times over HTTP:
 *   1. the dashboard (GET /admin);
 *   2. the account list sorted by fullness, filtered (≥ 80 %, role enseignant), page 2;
 *   3. the account list sorted by login, unfiltered, page 100;
 *   4. the CSV export of every account (GET /admin/comptes.csv), and that it parses back.
 * Requests run one after another (an admin's clicks), p50 / p99 / max printed, never asserted.
 * Talks only to 127.0.0.1. Targets: pages under 200 ms p99, the CSV under 5 s.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebmel } from '../src/app.js';
import { testConfig, type Config } from '../src/config.js';
import { silentLogger } from '../src/log/logger.js';
import { createServices } from '../src/services.js';
import { bulkAccount, createBulkAccounts } from './lib/bulk-accounts.js';
import { signIn } from './lib/sign-in.js';
import { argValue, percentile, round } from './lib/stats.js';

const ACCOUNTS = argValue('accounts', 100_000);
const REQUESTS = argValue('requests', 200);
const DOMAIN = 'ac-aix-marseille.fr';
const PASSWORD = 'Banc-D-Essai-2024!';
const MB = 1024 * 1024;
const TARGET_PAGE_MS = 200;
const TARGET_CSV_MS = 5000;

function benchConfig(dataDir: string): Config {
  return testConfig(dataDir, { domain: DOMAIN, hostname: `mail.${DOMAIN}`, logLevel: 'warn', webThread: true });
}

/** A deterministic spread of usage: the same académie at every run. */
function usageOf(i: number): number {
  if (i % 50 === 0) return 52 * MB; // full (the grace lets delivery go past the limit)
  if (i % 10 === 0) return Math.round((41 + (i % 9)) * MB); // 82–98 %
  return Math.round(((i * 7919) % 40) * MB + (i % 997) * 1024);
}

/** The child's side: accounts, then their usage and some refusals written directly, as months of mail would leave them. */
function seedHere(dataDir: string, count: number): void {
  const services = createServices(benchConfig(dataDir), silentLogger);
  createBulkAccounts(services, count, PASSWORD);
  const setUsage = services.db.prepare(`UPDATE quota_usage SET used_bytes = ?, message_count = ? WHERE account_id = (SELECT id FROM accounts WHERE login = ?)`);
  services.db.transaction(() => {
    for (let i = 0; i < count; i++) setUsage.run(usageOf(i), 50 + (i % 900), bulkAccount(i, DOMAIN).login);
    services.db.prepare(`UPDATE accounts SET role = 'admin' WHERE login = ?`).run(bulkAccount(1, DOMAIN).login);
  })();
  const now = Date.now();
  for (let i = 0; i < count; i += 50) {
    const account = services.accounts.byLoginOrAddress(bulkAccount(i, DOMAIN).login)!;
    services.refusals.record({ at: now - (i % 7) * 86_400_000, recipient: account.address, accountId: account.id, sender: 'parent@example.org', size: 2 * MB, code: '452 4.2.2', reason: 'full' });
  }
  services.close();
  process.send!('seeded', () => process.exit(0));
}

function seed(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--seed', dataDir, String(ACCOUNTS)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', () => resolve());
    child.once('exit', (code) => code !== 0 && reject(new Error(`seeding exited ${code}`)));
  });
}

interface Timing {
  p50: number;
  p99: number;
  max: number;
  bytes: number;
}

async function time(url: string, cookie: string, count: number, check: (status: number, body: string) => void): Promise<Timing> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.text();
    ms.push(performance.now() - started);
    check(response.status, body);
    bytes = body.length;
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(ms.at(-1)!), bytes };
}

const ok = (what: string) => (status: number, body: string) => {
  if (status !== 200) throw new Error(`${what}: HTTP ${status} ${body.slice(0, 200)}`);
};

async function main(): Promise<void> {
  const seedIndex = process.argv.indexOf('--seed');
  if (seedIndex >= 0) return seedHere(process.argv[seedIndex + 1]!, Number(process.argv[seedIndex + 2]));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-bench-admin-'));
  try {
    let t = performance.now();
    await seed(dataDir);
    console.log(`setup: ${ACCOUNTS} accounts with usage in ${round((performance.now() - t) / 1000)} s (not measured)`);
    const webmel = await startWebmel(benchConfig(dataDir), silentLogger);
    try {
      const base = `http://127.0.0.1:${webmel.ports.http}`;
      const cookie = await signIn(base, bulkAccount(1, DOMAIN).login, PASSWORD);
      const pages: Array<[string, string, number]> = [
        ['dashboard (GET /admin)', `${base}/admin`, REQUESTS],
        ['list ≥ 80 %, enseignants, by fullness, page 2', `${base}/admin/comptes?min=80&role=enseignant&tri=percent&ordre=desc&page=2`, REQUESTS],
        ['list, all, by login, page 100', `${base}/admin/comptes?tri=login&ordre=asc&page=100`, REQUESTS],
      ];
      const rows: string[][] = [];
      for (const [label, url, count] of pages) {
        await time(url, cookie, 3, ok(label)); // warm-up
        const m = await time(url, cookie, count, ok(label));
        rows.push([label, `${m.p50} ms`, `${m.p99} ms ${m.p99 < TARGET_PAGE_MS ? '✓' : '✗'}`, `${m.max} ms`, `${round(m.bytes / 1024)} KiB`, `< ${TARGET_PAGE_MS} ms p99`]);
      }
      t = performance.now();
      const csvResponse = await fetch(`${base}/admin/comptes.csv`, { headers: { cookie } });
      const csv = await csvResponse.text();
      const csvMs = round(performance.now() - t);
      ok('CSV')(csvResponse.status, csv);
      const lines = csv.trimEnd().split(/\r?\n/);
      rows.push(['CSV export of every account', `${csvMs} ms ${csvMs < TARGET_CSV_MS ? '✓' : '✗'}`, '', '', `${round(csv.length / MB)} MiB, ${lines.length - 1} rows`, `< ${TARGET_CSV_MS} ms`]);
      const widths = [46, 14, 14, 12, 26, 16];
      const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
      console.log(`\n${line(['', 'p50', 'p99', 'max', 'size', 'target'])}`);
      for (const row of rows) console.log(line(row));
      console.log(`\nCSV rows parse back: ${lines.length - 1 === ACCOUNTS ? 'yes' : `no (${lines.length - 1} for ${ACCOUNTS})`}; load average ${round(os.loadavg()[0]!, 2)} on ${os.cpus().length} CPUs`);
    } finally {
      await webmel.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
