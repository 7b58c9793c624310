import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/database';
import { ensurePartitions, migrate } from '../src/db/migrate';

declare module 'vitest' {
  interface ProvidedContext {
    /** DATABASE_URL for each test worker, by VITEST_POOL_ID - 1; empty without one. */
    workerDatabases: string[];
  }
}

/**
 * The suite's global setup: with DATABASE_URL, one PostgreSQL database for each test
 * worker, beside DATABASE_URL's and made up to date here, one after another. The files
 * run several at once (vitest.config.ts), and a file that runs a projector or counts
 * rows across tenants must see only its own worker's, as when the files ran one at a
 * time; a worker's files still run one after another on its database.
 */
export default async function setup(project: TestProject) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    project.provide('workerDatabases', []);
    return;
  }
  const workers = project.config.maxWorkers;
  const urls = Array.from({ length: workers }, (_, index) => {
    const url = new URL(base);
    url.pathname = `${url.pathname}_w${index + 1}`;
    return url.toString();
  });
  const names = urls.map((url) => new URL(url).pathname.slice(1));
  const owner = new pg.Client({ connectionString: base });
  await owner.connect();
  const dropAll = async () => {
    for (const name of names) await owner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  await dropAll();
  for (const [index, name] of names.entries()) {
    await owner.query(`CREATE DATABASE ${name}`);
    const database = openPostgres(urls[index]!, 2);
    await migrate(database);
    await ensurePartitions(database);
    await database.close();
  }
  project.provide('workerDatabases', urls);
  return async () => {
    await dropAll();
    await owner.end();
  };
}
