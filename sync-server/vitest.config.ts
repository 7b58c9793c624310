import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The reliability suite runs on its own: `pnpm test:reliability`.
    exclude: [...configDefaults.exclude, '**/*.rel.test.ts'],
    // A worker's files share its loaded modules instead of loading the server, PGlite and
    // their dependencies afresh for each file (seconds a file). The files mock nothing and
    // close what they start; each still gets its own fresh databases and servers.
    isolate: false,
  },
});
