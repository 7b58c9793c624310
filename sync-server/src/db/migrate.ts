import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

export const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/**
 * Applies the numbered SQL files of migrations/ in order, each in its own transaction,
 * and records them. Safe to run from several processes at once (advisory lock).
 */
export async function migrate(database: Database, directory = migrationsDir): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  await database.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock(7411001)');
    await sql.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await sql.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
        (row) => row.version,
      ),
    );
    for (const file of files) {
      if (done.has(file)) continue;
      const text = await readFile(`${directory}${file}`, 'utf8');
      try {
        await sql.exec(text);
      } catch (error) {
        throw new Error(`Migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      await sql.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}

/** Keeps monthly event partitions made ahead of time. */
export async function ensurePartitions(database: Database, monthsAhead = 3): Promise<number> {
  const { rows } = await database.query<{ created: number }>(
    'SELECT ensure_event_store_partitions($1) AS created',
    [monthsAhead],
  );
  return rows[0]?.created ?? 0;
}
