import { defineConfig } from 'vitest/config';

/** The reliability suite (`*.rel.test.ts`): long runs against one real server. */
export default defineConfig({
  test: {
    include: ['test/**/*.rel.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
  },
});
