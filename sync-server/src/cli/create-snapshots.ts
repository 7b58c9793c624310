import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { createSnapshots } from '../operations/snapshots';

/**
 * `pnpm create-snapshots [--fresh]`: snapshots the streams long enough to need one
 * (SNAPSHOT_FREQUENCY events past their last); `--fresh` remakes every snapshot, after
 * a release that changed how an aggregate folds. On the embedded database, stop the
 * server first (one process opens it at a time).
 */
const config = { ...loadConfig(), logLevel: 'silent' as const };
const { database } = await openDatabase(config);
try {
  const written = await createSnapshots(database, {
    every: config.snapshotEvery,
    fresh: process.argv.includes('--fresh'),
  });
  console.log(`Wrote ${written} snapshot(s) (every ${config.snapshotEvery} events)`);
} finally {
  await database.close();
}
