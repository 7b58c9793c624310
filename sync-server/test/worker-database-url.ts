import { inject } from 'vitest';

// Each test file's DATABASE_URL is its worker's own database (worker-databases.ts).
const workerDatabases = inject('workerDatabases');
if (workerDatabases.length > 0) {
  const url = workerDatabases[Number(process.env.VITEST_POOL_ID) - 1];
  if (!url) throw new Error(`No database for test worker ${process.env.VITEST_POOL_ID}`);
  process.env.DATABASE_URL = url;
}
