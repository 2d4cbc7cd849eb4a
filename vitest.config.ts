import { defineConfig } from 'vitest/config';

// Integration tests talk to a real local cluster that globalSetup starts once for the run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: one file per core, so the brokers keep some CPU for themselves.
    maxWorkers: 2,
    pool: 'forks',
  },
});
