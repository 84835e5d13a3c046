/**
 * Runs `webmel serve` as a child process for a benchmark, so that the server's CPU and memory
 * are measured apart from the load generator. Reads the ports from the `listening` line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');

export interface ServerProcess {
  child: ChildProcess;
  dataDir: string;
  ports: Record<string, number>;
  /** Resident memory of the server now, in MiB (Linux VmRSS). */
  rssMb(): number;
  /** Peak resident memory of the server so far, in MiB (Linux VmHWM). */
  peakRssMb(): number;
  /** CPU time the server has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

function memoryMb(child: ChildProcess, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export interface ServerProcessOptions {
  /** The server's entry script and its arguments (default: `webmel serve`). */
  command?: string[];
  /** A data folder to use and keep (default: a temporary one, deleted at stop). */
  dataDir?: string;
}

export async function startServerProcess(env: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'webmel-bench-'));
  // BENCH_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...(options.command ?? [CLI, 'serve'])], {
    env: {
      ...process.env,
      WEBMEL_DATA_DIR: dataDir,
      WEBMEL_SMTP_PORT: '0',
      WEBMEL_IMAP_PORT: '0',
      WEBMEL_SUBMISSION_PORT: '0',
      WEBMEL_HTTP_PORT: '0',
      WEBMEL_LISTEN_HOST: '127.0.0.1',
      WEBMEL_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.msg === 'listening') resolve(entry as Record<string, number>);
      } catch {
        // not a log line
      }
    });
  });
  return {
    child,
    dataDir,
    ports,
    rssMb: () => memoryMb(child, 'VmRSS'),
    peakRssMb: () => memoryMb(child, 'VmHWM'),
    cpuSeconds() {
      // /proc/<pid>/stat fields 14 and 15 (utime, stime) in clock ticks (100 per second on Linux).
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
