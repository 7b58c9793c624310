import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The reliability suite runs on its own: `pnpm test:reliability`.
    exclude: [...configDefaults.exclude, '**/*.rel.test.ts'],
    // At least two files at once: vitest's default on two cores is one, and a file spends
    // much of its time waiting on PostgreSQL and on HTTP round trips, a core left idle.
    // Each worker has a database of its own (worker-databases.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/worker-databases.ts'],
    // A worker's files share its loaded modules instead of loading the server, PGlite and
    // their dependencies afresh for each file (seconds a file). The files mock nothing and
    // close what they start; each still gets its own fresh databases and servers.
    isolate: false,
    setupFiles: ['test/worker-database-url.ts'],
  },
});
