/** Messages between bench/submit.ts and its server process, lib/submission-host.ts. */

export interface HostReady {
  cmd: 'ready';
  port: number;
  users: Array<{ login: string; address: string }>;
}

export type HostRequest =
  | { cmd: 'queue'; n: number; sizeKb: number; sinkPort: number }
  | { cmd: 'stats' }
  | { cmd: 'stop' };

export interface HostStats {
  cmd: 'stats';
  stored: number;
  cpuSeconds: number;
  peakRssMb: number;
}

export const BENCH_PASSWORD = 'bench-motdepasse';
