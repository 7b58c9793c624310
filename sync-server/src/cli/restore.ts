import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { restoreBackup } from '../operations/backup';

/**
 * `pnpm restore FILE`: brings a server back from a backup into an empty database (a new
 * DATA_DIR, or a new PostgreSQL database), then rebuilds every read model from the
 * log and snapshots the long streams (docs/operations.md, "Restore"). Start the server
 * afterwards.
 */
const given = process.argv[2];
// Relative to where `pnpm restore` was typed, not to this package.
const file = given && resolve(process.env.INIT_CWD ?? process.cwd(), given);
if (!file || !existsSync(file)) {
  console.error(file ? `No file ${file}` : 'Usage: pnpm restore FILE');
  process.exit(2);
}
const config = loadConfig();
const { database } = await openDatabase({ ...config, logLevel: 'silent' });
try {
  const { rows, rebuilt, snapshots } = await restoreBackup(database, file, {
    snapshotEvery: config.snapshotEvery,
  });
  console.log(
    `Restored ${Object.entries(rows)
      .map(([table, count]) => `${table} ${count}`)
      .join(', ')}; rebuilt ${Object.entries(rebuilt)
      .map(([name, events]) => `${name} from ${events} events`)
      .join(', ')}; ${snapshots} snapshot(s) of long streams`,
  );
} catch (error) {
  console.error(`Restore failed, nothing restored: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
