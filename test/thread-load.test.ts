import { describe, expect, it } from 'vitest';
import { asDeferredWork, LOAD_SAMPLE_MS, threadIsBusy } from '../src/thread-load.js';

/** Keeps the thread running code for `ms`, letting timers (the sampler) in every few ms. */
async function spin(ms: number, work: (slice: () => void) => void = (slice) => slice()): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const sliceEnd = Math.min(end, performance.now() + 5);
    work(() => {
      while (performance.now() < sliceEnd) {
        // busy
      }
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the thread load that deferred work steps aside for', () => {
  it('counts the thread busy while it runs code most of the time, and calm once it waits', async () => {
    threadIsBusy();
    await spin(4 * LOAD_SAMPLE_MS);
    expect(threadIsBusy()).toBe(true);
    await idle(3 * LOAD_SAMPLE_MS);
    expect(threadIsBusy()).toBe(false);
  });

  it('does not count the deferred work itself, which would otherwise hold itself back', async () => {
    threadIsBusy();
    await idle(2 * LOAD_SAMPLE_MS);
    await spin(4 * LOAD_SAMPLE_MS, (slice) => asDeferredWork(slice));
    expect(threadIsBusy()).toBe(false);
  });
});
