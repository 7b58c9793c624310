import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['fake-indexeddb/auto'],
    // The reliability suite runs on its own: `pnpm test:reliability`.
    exclude: [...configDefaults.exclude, '**/*.rel.test.ts'],
  },
});
