import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One throwaway PostgreSQL for the run (skipped, with the reason, where none can be started).
    globalSetup: ['test/helpers/pg-global.ts'],
  },
});
