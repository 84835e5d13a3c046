import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { serveEnv } from '../helpers/serve-env.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const CLI = path.resolve('dist/src/cli/main.js');
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** No demo académie; npm must not look for its own updates. */
const serverEnv = (dataDir: string) => serveEnv(dataDir, { WEBMEL_DEMO: '0', npm_config_update_notifier: 'false' });

interface Running {
  ports: number[];
  http: number;
  /** Every log line the server wrote, the listening line included. */
  log: string[];
  exited: Promise<number | null>;
}

/** Reads the ports from the `listening` line, then keeps collecting the log. */
async function listening(child: ChildProcess): Promise<Running> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log: string[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      log.push(line);
      if (!line.startsWith('{')) return; // npm's own lines
      const entry = JSON.parse(line) as { msg?: string; smtp: number; imap: number; submission: number; http: number };
      if (entry.msg === 'listening') resolve({ ports: [entry.smtp, entry.imap, entry.submission, entry.http], http: entry.http, log, exited });
    });
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

async function within<T>(ms: number, promise: Promise<T>): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function serve(): ChildProcess {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const temp = makeTempDir();
  cleanups.push(temp.cleanup);
  const child = spawn(process.execPath, [CLI, 'serve'], { env: serverEnv(temp.dir), stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => child.kill('SIGKILL'));
  return child;
}

/**
 * `npm start` as package.json writes it, in a copy of the project whose build step does
 * nothing (the tests run on the build `npm test` made; rebuilding here would rewrite dist/
 * under the other tests' feet). In its own process group, like a terminal's job.
 */
function npmStart(): ChildProcess {
  const project = makeTempDir('webmel-npm-start-');
  const data = makeTempDir();
  cleanups.push(project.cleanup, data.cleanup);
  const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  fs.writeFileSync(path.join(project.dir, 'package.json'), JSON.stringify({ name: 'webmel-start', private: true, type: 'module', scripts: { build: 'true', start: scripts.start } }));
  fs.symlinkSync(path.resolve('dist'), path.join(project.dir, 'dist'));
  const npm = spawn('npm', ['start'], { cwd: project.dir, env: serverEnv(data.dir), stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  // Whatever the test saw, nothing of this job outlives it.
  cleanups.push(() => {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return npm;
}

describe('webmel serve', () => {
  it('closes every listener and exits 0 on SIGTERM', async () => {
    const child = serve();
    const server = await listening(child);
    child.kill('SIGTERM');
    expect(await within(5_000, server.exited)).toBe(0);
    expect(await Promise.all(server.ports.map(refused))).toEqual(server.ports.map(() => true));
    expect(server.log.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('exits at once on a second signal while the first waits for an open connection', async () => {
    const child = serve();
    const server = await listening(child);
    // A webmail request still arriving makes the clean stop wait for it. Its headers are read
    // before the signal (the server's « 100 Continue » says so): a connection the server has
    // not yet read from is idle, and rightly closed at once.
    const client = net.connect(server.http, '127.0.0.1');
    cleanups.push(() => client.destroy());
    client.on('error', () => {});
    await new Promise((resolve) => client.once('connect', resolve));
    const continued = new Promise((resolve) => client.on('data', (chunk: Buffer) => chunk.toString('latin1').startsWith('HTTP/1.1 100') && resolve(true)));
    client.write('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\nExpect: 100-continue\r\n\r\n');
    expect(await within(2_000, continued)).toBe(true);
    child.kill('SIGINT');
    expect(await within(1_200, server.exited)).toBe('still running');
    child.kill('SIGINT');
    expect(await within(2_000, server.exited)).toBe(130);
  });
});

describe('webmel serve on a new data folder', () => {
  it('creates the demo académie and says what its annuaire holds, in one line', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const child = spawn(process.execPath, [CLI, 'serve'], {
      env: serveEnv(temp.dir, { WEBMEL_DEMO: '1', npm_config_update_notifier: 'false' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const server = await listening(child);
    for (let waited = 0; !stderr.includes('WEBMEL_DEMO=0') && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toContain('Académie de démonstration créée (ac-test.fr)');
    expect(stderr.split('\n').filter((line) => line.startsWith('Annuaire de démonstration'))).toEqual([
      expect.stringMatching(/^Annuaire de démonstration : \d+ structures, \d+ personnes \(données fictives\)\.$/),
    ]);
    child.kill('SIGTERM');
    expect(await within(5_000, server.exited)).toBe(0);
  });
});

describe('npm start', () => {
  it('stops the server when npm itself receives SIGTERM (no node left listening)', async () => {
    const npm = npmStart();
    const server = await listening(npm);
    npm.kill('SIGTERM');
    expect(await within(5_000, server.exited)).not.toBe('still running');
    expect(await Promise.all(server.ports.map(refused))).toEqual(server.ports.map(() => true));
    expect(server.log.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('stops cleanly on Ctrl+C, which reaches the server from the terminal and again through npm', async () => {
    const npm = npmStart();
    const server = await listening(npm);
    process.kill(-npm.pid!, 'SIGINT');
    expect(await within(5_000, server.exited)).not.toBe('still running');
    expect(await Promise.all(server.ports.map(refused))).toEqual(server.ports.map(() => true));
    expect(server.log.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });
});
