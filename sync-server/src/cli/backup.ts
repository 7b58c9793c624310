import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { writeBackup } from '../operations/backup';

/**
 * `pnpm backup [FILE]`: one file holding the log, the accounts and the document files
 * (docs/operations.md, "Backup"). The embedded database is opened by one process at a
 * time: stop the server before backing it up; PostgreSQL backs up while it runs.
 */
// Relative to where `pnpm backup` was typed, not to this package.
const file = resolve(
  process.env.INIT_CWD ?? process.cwd(),
  process.argv[2] ?? `mymedic-${new Date().toISOString().replace(/[:.]/g, '-')}.backup.gz`,
);
const { database } = await openDatabase({ ...loadConfig(), logLevel: 'silent' });
try {
  const counts = await writeBackup(database, file);
  console.log(
    `Backed up to ${file}: ${Object.entries(counts)
      .map(([table, rows]) => `${table} ${rows}`)
      .join(', ')}`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
