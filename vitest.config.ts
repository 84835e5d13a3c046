import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Each worker process runs its files one after another in one module graph instead of
    // importing the whole server again for each of the ~170 files: `vitest run` went from
    // 4 min 30 s to 2 min 40 s on this 2-core machine. Files therefore share a process: one
    // that changes process-wide state (process.env.TZ, a spy on a library) puts it back.
    isolate: false,
  },
});
