/**
 * `npm run bench:directory [-- --people 1000000 --structures 60000 --concurrency 50 --seconds 20 --data DIR]`:
 * the annuaire at the size of a large académie. Generates the two CSV files, imports them with
 * the CLI (`webmel directory import`, a process of its own, as an admin runs it) and again to
 * time an import that changes nothing, prints the database's growth per person, then searches
 * with realistic queries (names, prefixes of 1 to 4 letters, communes, UAIs, a school, an IEN):
 * in-process against the same index (the server's own cost), over HTTP from C concurrent
 * clients on the annuaire page as htmx asks for it (in a closed loop, then as people typing,
 * one search per debounce), and from the CLI. Talks only to 127.0.0.1.
 * Targets (issue 18): import of the million < 60 s, p99 < 10 ms server-side, < 30 ms over HTTP.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashSecretSync } from '../src/accounts/password.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log/logger.js';
import { createServices } from '../src/services.js';
import { generateAnnuaire, type GeneratedAnnuaire } from './lib/annuaire-generator.js';
import { KeepAliveClient } from './lib/keep-alive-client.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { signIn } from './lib/sign-in.js';
import { argValue, percentile, round } from './lib/stats.js';

const PEOPLE = argValue('people', 1_000_000);
const STRUCTURES = argValue('structures', 60_000);
const CONCURRENCY = argValue('concurrency', 50);
const SECONDS = argValue('seconds', 20);
/** Each query of the set run this many times in-process. */
const REPEAT = argValue('repeat', 20);
const DOMAIN = 'ac-aix-marseille.fr';
const PASSWORD = 'Banc-D-Essai-2024!';
const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, '../src/cli/main.js');

/** `--data DIR` keeps the generated and imported folder (the import takes a minute) and, when it is there, searches it again without importing. */
const dataIndex = process.argv.indexOf('--data');
const KEPT_DIR = dataIndex >= 0 ? path.resolve(process.argv[dataIndex + 1]!) : undefined;
const workDir = KEPT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-annuaire-'));
const reuse = KEPT_DIR !== undefined && fs.existsSync(path.join(KEPT_DIR, 'data', 'webmel.sqlite'));
const dataDir = path.join(workDir, 'data');
const env = { ...process.env, WEBMEL_DATA_DIR: dataDir, WEBMEL_DEMO: '0', WEBMEL_DOMAIN: DOMAIN, WEBMEL_LOG_LEVEL: 'warn' };

interface Run {
  seconds: number;
  peakRssMb: number;
  code: number;
  stdout: string;
}

/** Runs `webmel …` and measures its wall time and peak memory (VmHWM, sampled until it exits). */
function webmel(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakKb = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const sampler = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
      } catch {
        // Exited between two samples.
      }
    }, 100);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peakKb / 1024), code: code ?? -1, stdout });
    });
  });
}

function databaseBytes(): number {
  return ['webmel.sqlite', 'webmel.sqlite-wal'].reduce((sum, name) => {
    const file = path.join(dataDir, name);
    return sum + (fs.existsSync(file) ? fs.statSync(file).size : 0);
  }, 0);
}

function summary(run: Run): string {
  const { added, updated, unchanged, rejected } = JSON.parse(run.stdout) as { added: number; updated: number; unchanged: number; rejected: unknown[] };
  return `${added} added, ${updated} updated, ${unchanged} unchanged, ${rejected.length} rejected`;
}

/** The queries, by kind, as staff type them. */
function querySet(g: GeneratedAnnuaire): Array<{ kind: string; q: string }> {
  const out: Array<{ kind: string; q: string }> = [];
  const pickEvery = <T>(list: readonly T[], n: number) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / n)) === 0).slice(0, n);
  for (const nom of pickEvery(g.sample.noms, 20)) out.push({ kind: 'nom', q: nom.toLowerCase() });
  for (const [i, nom] of pickEvery(g.sample.noms, 20).entries()) out.push({ kind: 'prénom nom', q: `${g.sample.prenoms[i * 3 % g.sample.prenoms.length]} ${nom}` });
  for (const nom of pickEvery(g.sample.noms, 10)) for (let n = 1; n <= 4; n++) out.push({ kind: `préfixe ${n}`, q: nom.slice(0, n).toLowerCase() });
  for (const commune of pickEvery(g.sample.communes, 15)) out.push({ kind: 'commune', q: commune });
  for (const uai of pickEvery(g.sample.uais, 15)) out.push({ kind: 'UAI', q: uai.toLowerCase() });
  for (const [i, ecole] of pickEvery(g.sample.ecoles, 10).entries()) out.push({ kind: 'école commune', q: `ecole ${ecole} ${g.sample.communes[i]}` });
  for (const commune of pickEvery(g.sample.communes, 10)) out.push({ kind: 'ien commune n', q: `ien ${commune} 2` });
  return out;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 2), p99: round(percentile(sorted, 99), 2), max: round(sorted[sorted.length - 1] ?? NaN, 2) };
}

/**
 * The htmx trigger of the annuaire's field (`input changed delay:300ms`): a browser sends a
 * search once the person has stopped typing for 300 ms, so one person's searches are at least
 * that far apart.
 */
const TYPING_PAUSE_MS = 300;

/** CONCURRENCY clients searching for `seconds`, each pausing `pauseMs` between searches; the figures as a line. */
async function httpLoad(server: ServerProcess, cookie: string, queries: ReadonlyArray<{ q: string }>, seconds: number, pauseMs: number): Promise<string> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const cpuBefore = server.cpuSeconds();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const client = new KeepAliveClient('127.0.0.1', server.ports.http!);
      // Typing clients start spread over one pause, as people do not all stop typing at once.
      if (pauseMs > 0) await sleep((pauseMs * i) / CONCURRENCY);
      try {
        while (performance.now() < deadline) {
          const { q } = queries[next++ % queries.length]!;
          const started = performance.now();
          const answer = await client.get(`/annuaire?q=${encodeURIComponent(q)}`, [`Cookie: ${cookie}`, 'HX-Request: true']).catch(() => ({ status: 0 }));
          latencies.push(performance.now() - started);
          if (answer.status !== 200) errors++;
          if (pauseMs > 0) await sleep(pauseMs);
        }
      } finally {
        client.close();
      }
    }),
  );
  const s = stats(latencies);
  const cpuMs = ((server.cpuSeconds() - cpuBefore) * 1000) / latencies.length;
  return `${latencies.length} requests = ${Math.round(latencies.length / seconds)}/s, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, errors ${errors}, server CPU ${round(cpuMs, 2)} ms/request`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function importAll(g: GeneratedAnnuaire): Promise<void> {
  const structures = await webmel(['directory', 'import', g.structuresFile, '--json']);
  console.log(`import structures  ${round(structures.seconds)} s, peak RSS ${structures.peakRssMb} MiB: ${summary(structures)}`);
  const before = databaseBytes();
  const people = await webmel(['directory', 'import', g.peopleFile, '--json']);
  const after = databaseBytes();
  console.log(`import people      ${round(people.seconds)} s = ${Math.round(g.people / people.seconds)} people/s, peak RSS ${people.peakRssMb} MiB: ${summary(people)}`);
  console.log(`database growth    ${Math.round((after - before) / g.people)} bytes per person (${round((after - before) / 2 ** 20)} MiB for ${g.people})`);
  const again = await webmel(['directory', 'import', g.peopleFile, '--json']);
  console.log(`import again       ${round(again.seconds)} s: ${summary(again)}`);
}

async function main(): Promise<void> {
  console.log(`bench:directory  ${PEOPLE} people, ${STRUCTURES} structures, folder ${workDir}`);
  let t = performance.now();
  const g = generateAnnuaire(workDir, { structures: STRUCTURES, people: PEOPLE }, DOMAIN);
  const csvMb = round(fs.statSync(g.peopleFile).size / 2 ** 20);
  console.log(`generated          ${g.structures} structures, ${g.people} people (${csvMb} MiB of CSV) in ${round((performance.now() - t) / 1000)} s`);
  if (reuse) {
    console.log(`import             skipped: searching the folder imported by an earlier run (--data)`);
  } else {
    await importAll(g);
  }

  // In-process: the cost of a search itself, on the index the server reads.
  const config = loadConfig(env);
  const services = createServices(config, silentLogger);
  const queries = querySet(g);
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  for (let round = 0; round < REPEAT; round++) {
    for (const { kind, q } of queries) {
      t = performance.now();
      services.directory.search(q, {}, 20);
      const ms = performance.now() - t;
      if (round === 0) continue; // the first pass warms the page cache
      all.push(ms);
      (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(ms);
    }
  }
  console.log(`\nserver-side search (in-process, ${queries.length} queries × ${REPEAT - 1} after one warm-up pass), ms`);
  console.log(`${'kind'.padEnd(16)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`);
  for (const [kind, values] of [...byKind, ['all', all] as const]) {
    const s = stats(values);
    console.log(`${kind.padEnd(16)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(7)} ${String(s.max).padStart(7)}`);
  }
  const account = services.accounts.byAddress(`banc.annuaire@${DOMAIN}`) ?? services.accounts.create({ prenom: 'Banc', nom: 'Annuaire', numen: '02G2099999BCH' });
  services.accounts.setPasswordHash(account.id, hashSecretSync(PASSWORD), false);
  services.close();

  // Over HTTP: the annuaire's results fragment, as htmx asks for it while someone types.
  const server = await startServerProcess({ WEBMEL_DOMAIN: DOMAIN, WEBMEL_DEMO: '0' }, { command: [path.resolve(here, 'web-server.js')], dataDir });
  try {
    const base = `http://127.0.0.1:${server.ports.http}`;
    const cookie = await signIn(base, account.login, PASSWORD);
    // Warm the server's code and page cache as the in-process pass did, unmeasured.
    await httpLoad(server, cookie, queries, 5, 0);
    const closed = await httpLoad(server, cookie, queries, SECONDS, 0);
    console.log(`\nHTTP GET /annuaire?q=… (htmx fragment), ${CONCURRENCY} clients, ${SECONDS} s each`);
    console.log(`closed loop (each client sends its next search when the last is answered): ${closed}`);
    const typing = await httpLoad(server, cookie, queries, SECONDS, TYPING_PAUSE_MS);
    console.log(`typing (each client waits the page's ${TYPING_PAUSE_MS} ms debounce between searches):   ${typing}`);
    console.log(`server peak RSS ${server.peakRssMb()} MiB`);
  } finally {
    await server.stop();
  }

  // From the CLI: a whole process per search, as a script runs it.
  const cliRuns: number[] = [];
  for (const q of ['martin', 'ecole jean jaures marseille', g.sample.uais[1]!.toLowerCase()]) {
    for (let i = 0; i < 3; i++) {
      const run = await webmel(['directory', 'search', q, '--json']);
      if (run.code !== 0) throw new Error(`webmel directory search ${q} exited ${run.code}`);
      cliRuns.push(run.seconds * 1000);
    }
  }
  const c = stats(cliRuns);
  console.log(`\nCLI webmel directory search … --json: p50 ${Math.round(c.p50)} ms, max ${Math.round(c.max)} ms a run (Node start and database open included)`);
  if (!KEPT_DIR) fs.rmSync(workDir, { recursive: true, force: true });
}

await main();
