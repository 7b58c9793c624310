import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['fake-indexeddb/auto'],
    // The reliability suite runs on its own: `pnpm test:reliability`.
    exclude: [...configDefaults.exclude, '**/*.rel.test.ts'],
    // At least two files at once: vitest's default on two cores is one, which leaves the
    // second core idle. Each file has its own fake IndexedDB and its own servers.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
