/**
 * CPU time the hypervisor gave to other guests while a benchmark ran ("steal", /proc/stat).
 * This machine is a virtual one: when its host is busy, a third of the CPU can go elsewhere and
 * every rate drops with it. Printed beside the figures, so that two runs can be compared.
 */
import fs from 'node:fs';

function cpuTimes(): { steal: number; total: number } {
  // First line: cpu user nice system idle iowait irq softirq steal guest guest_nice (clock ticks).
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { steal: fields[7] ?? 0, total: fields.reduce((sum, value) => sum + value, 0) };
}

/** Starts measuring; the function returned gives the percentage of CPU time stolen since. */
export function measureSteal(): () => number {
  const before = cpuTimes();
  return () => {
    const after = cpuTimes();
    const total = after.total - before.total;
    return total > 0 ? Math.round(((after.steal - before.steal) / total) * 1000) / 10 : 0;
  };
}
