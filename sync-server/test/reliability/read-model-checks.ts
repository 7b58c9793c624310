import type { Database } from '../../src/db/database';
import { withTenant } from '../../src/db/tenant';

// What the reliability suites hold the read models to, read straight from the database.

/** Each read model's table, the aggregate its rows fold and the column naming it. */
const tables = [
  { table: 'patients', id: 'patient_id', type: 'patient' },
  { table: 'visits', id: 'visit_id', type: 'visit' },
  { table: 'vitals', id: 'vitals_id', type: 'vitals' },
  { table: 'notes', id: 'note_id', type: 'note' },
  { table: 'prescriptions', id: 'prescription_id', type: 'prescription' },
  { table: 'documents', id: 'document_id', type: 'document' },
] as const;

/** Every row of every read model, per hospital, as text in a fixed order. */
export async function readModelRows(database: Database, hospitalIds: string[]) {
  const rows: Record<string, string[]> = {};
  for (const hospitalId of hospitalIds) {
    await withTenant(database, hospitalId, async (sql) => {
      for (const { table } of tables) {
        const result = await sql.query<{ row: string }>(
          `SELECT to_jsonb(t)::text AS row FROM ${table} AS t WHERE hospital_id = $1 ORDER BY 1`,
          [hospitalId],
        );
        rows[`${hospitalId} ${table}`] = result.rows.map((row) => row.row);
      }
    });
  }
  return rows;
}

/**
 * Against the log itself, per hospital and table: aggregates with no row (missing), rows
 * of no aggregate in the log (extra), rows at another version than their stream's last
 * event (stale or applied twice), and checkpoints short of the head.
 */
export async function readModelFaults(database: Database, hospitalIds: string[]) {
  const faults: string[] = [];
  for (const hospitalId of hospitalIds) {
    await withTenant(database, hospitalId, async (sql) => {
      for (const { table, id, type } of tables) {
        const { rows } = await sql.query<{ missing: number; stale: number; extra: number }>(
          `WITH streams AS (
             SELECT aggregate_id, max(version) AS version FROM event_store
              WHERE hospital_id = $1 AND aggregate_type = $2 GROUP BY aggregate_id)
           SELECT (SELECT count(*) FROM streams s
                     WHERE NOT EXISTS (SELECT 1 FROM ${table} t
                                        WHERE t.hospital_id = $1 AND t.${id} = s.aggregate_id))::int AS missing,
                  (SELECT count(*) FROM streams s JOIN ${table} t
                       ON t.hospital_id = $1 AND t.${id} = s.aggregate_id
                    WHERE t.version <> s.version)::int AS stale,
                  (SELECT count(*) FROM ${table} t
                     WHERE t.hospital_id = $1
                       AND NOT EXISTS (SELECT 1 FROM streams s WHERE s.aggregate_id = t.${id}))::int AS extra`,
          [hospitalId, type],
        );
        const { missing, stale, extra } = rows[0]!;
        if (missing + stale + extra > 0)
          faults.push(
            `${table} of ${hospitalId}: ${missing} missing, ${stale} stale, ${extra} extra`,
          );
      }
      const { rows: behind } = await sql.query<{ projection: string; position: number }>(
        `SELECT c.projection, c.position FROM projection_checkpoints AS c
           JOIN hospital_heads AS h USING (hospital_id)
          WHERE c.hospital_id = $1 AND c.position <> h.head`,
        [hospitalId],
      );
      for (const row of behind)
        faults.push(
          `checkpoint of ${row.projection} in ${hospitalId} at ${row.position}, not the head`,
        );
      const { rows: errors } = await sql.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM projection_errors WHERE hospital_id = $1',
        [hospitalId],
      );
      if (errors[0]!.count > 0)
        faults.push(`${errors[0]!.count} projection errors in ${hospitalId}`);
    });
  }
  return faults;
}
