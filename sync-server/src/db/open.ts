import { mkdirSync } from 'node:fs';
import type { Config } from '../config';
import { openPglite, openPostgres, type Database } from './database';
import { ensurePartitions, migrate } from './migrate';

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(
  config: Config,
): Promise<{ database: Database; applied: string[] }> {
  let database: Database;
  if ('url' in config.database) {
    database = openPostgres(config.database.url, config.database.poolSize);
  } else {
    if (config.database.dataDir) mkdirSync(config.database.dataDir, { recursive: true });
    database = await openPglite(config.database.dataDir ?? undefined);
  }
  const applied = await migrate(database);
  await ensurePartitions(database);
  return { database, applied };
}
