import { defineConfig } from 'vitest/config';

/** The reliability suite (`*.rel.test.ts`): long runs against one real server. */
export default defineConfig({
  test: {
    include: ['test/**/*.rel.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    // One file at a time: each starts servers, kills them and times what follows; on two
    // cores, three at once starved each other (a sender's run stalled whole in CI).
    fileParallelism: false,
  },
});
