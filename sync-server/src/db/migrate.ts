import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

/** The advisory lock under which the schema changes: migrations and partitions. */
const schemaLock = 7411001;

export const migrationsDir = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/**
 * Applies the numbered SQL files of migrations/ in order, each in its own transaction,
 * and records them. Safe to run from several processes at once (advisory lock).
 */
export async function migrate(database: Database, directory = migrationsDir): Promise<string[]> {
  const files = (await readdir(directory)).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  await database.transaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(${schemaLock})`);
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

/**
 * Keeps monthly event partitions made ahead of time. Every process runs it at start and
 * daily; under the migrations' advisory lock, so that processes starting together do not
 * both see a month missing and both make it (the second would fail, and its start with
 * it): the first makes it, the others find it made.
 */
export async function ensurePartitions(database: Database, monthsAhead = 3): Promise<number> {
  return database.transaction(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(${schemaLock})`);
    const { rows } = await sql.query<{ created: number }>(
      'SELECT ensure_event_store_partitions($1) AS created',
      [monthsAhead],
    );
    return rows[0]?.created ?? 0;
  });
}
