import { defineConfig } from 'vitest/config';

// Pure logic only: no cluster, runs in a second or two.
export default defineConfig({
  test: { include: ['test/unit/**/*.test.ts'] },
});
