/**
 * Says in the logs when the disk reserve is reached (warn, once per crossing) and when there is
 * room again (info). It also takes a reading every DISK_WATCH_INTERVAL_MS, so that the crossing is
 * logged even while no mail arrives. Started by the server (app.ts) only: the webmail's thread
 * and the CLI read the reserve without logging it twice.
 */
import type { Logger } from '../log/logger.js';
import type { DiskReading, DiskReserve } from './disk-reserve.js';

export const DISK_WATCH_INTERVAL_MS = 60_000;

export function watchDiskReserve(disk: DiskReserve, log: Logger, intervalMs = DISK_WATCH_INTERVAL_MS): () => void {
  if (disk.minFreeBytes <= 0) return () => {};
  const figures = (reading: DiskReading) => ({ freeBytes: reading.freeBytes, minFreeBytes: reading.minFreeBytes, totalBytes: reading.totalBytes });
  const stopListening = disk.onCrossing((reading) => {
    if (reading.belowReserve) log.warn(figures(reading), 'disk reserve reached: new mail refused until space is freed');
    else log.info(figures(reading), 'disk reserve recovered: new mail accepted again');
  });
  const timer = setInterval(() => disk.reading(), intervalMs);
  timer.unref();
  // At start: a server started on a full disk says so at once.
  disk.reading({ fresh: true });
  return () => {
    clearInterval(timer);
    stopListening();
  };
}
