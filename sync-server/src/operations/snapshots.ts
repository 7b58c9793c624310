import { foldEvents, type AggregateType } from '@mymedic/shared';
import type { Database } from '../db/database';
import { asSignIn, withTenant } from '../db/tenant';

/**
 * `pnpm create-snapshots`: snapshots every stream that has `every` events or more past
 * its snapshot (or its start), hospital by hospital. Pushes take snapshots as streams
 * grow; this catches up streams that grew before snapshots existed, and remakes them
 * all with `fresh` (after a release that changed how an aggregate folds). Returns how
 * many it wrote.
 */
export async function createSnapshots(
  database: Database,
  options: { every: number; fresh?: boolean },
): Promise<number> {
  const { rows: hospitals } = await asSignIn(database, (sql) =>
    sql.query<{ hospital_id: string }>(
      'SELECT hospital_id FROM hospital_heads ORDER BY hospital_id',
    ),
  );
  let written = 0;
  for (const { hospital_id: hospitalId } of hospitals) {
    written += await withTenant(database, hospitalId, async (sql) => {
      if (options.fresh)
        await sql.query('DELETE FROM aggregate_snapshots WHERE hospital_id = $1', [hospitalId]);
      const { rows: due } = await sql.query<{
        aggregate_id: string;
        aggregate_type: AggregateType;
      }>(
        `SELECT st.aggregate_id, st.aggregate_type
           FROM streams AS st
           LEFT JOIN aggregate_snapshots AS s USING (hospital_id, aggregate_id)
          WHERE st.hospital_id = $1 AND st.version - coalesce(s.version, 0) >= $2`,
        [hospitalId, options.every],
      );
      for (const stream of due) {
        const { rows: events } = await sql.query<{
          type: string;
          schema_version: number;
          data: unknown;
          version: number;
        }>(
          `SELECT type, schema_version, data, version FROM event_store
            WHERE hospital_id = $1 AND aggregate_id = $2 ORDER BY version`,
          [hospitalId, stream.aggregate_id],
        );
        await sql.query(
          `INSERT INTO aggregate_snapshots (hospital_id, aggregate_id, aggregate_type, version, state)
           VALUES ($1, $2, $3, $4, $5::jsonb)
           ON CONFLICT (hospital_id, aggregate_id) DO UPDATE SET
             version = EXCLUDED.version, state = EXCLUDED.state, taken_at = now()`,
          [
            hospitalId,
            stream.aggregate_id,
            stream.aggregate_type,
            events.at(-1)!.version,
            JSON.stringify(foldEvents(stream.aggregate_type, events)),
          ],
        );
      }
      return due.length;
    });
  }
  return written;
}
