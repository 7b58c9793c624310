import { defineConfig } from 'vitest/config';

/** The reliability suite (`*.rel.test.ts`): long runs against a real server process. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.rel.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    testTimeout: 60 * 60_000,
    hookTimeout: 120_000,
  },
});
