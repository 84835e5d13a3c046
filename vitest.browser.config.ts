import { defineConfig } from 'vitest/config';

// Browser scenarios (Playwright + Debian's Chromium): `npm run test:browser`, after `npm test`.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One Chromium at a time: the scenarios are heavy and the CI machine is small.
    fileParallelism: false,
  },
});
