import type { AggregateType } from '@mymedic/shared';
import type { Database, Sql } from '../db/database';
import { utcIsoText, isoInstant } from '../db/times';
import { asSignIn } from '../db/tenant';
import type { ProjectionLag } from './lag';
import type { LoggedEvent, ReadModel } from './read-model';

// The projector's statements: its checkpoints, states and the log it reads.

/**
 * Takes the checkpoint's row lock (making the row on first use) and says where the
 * model stands; undefined when it has stopped at a failure.
 */
export async function lockCheckpoint(
  sql: Sql,
  hospitalId: string,
  projection: string,
  options: { evenIfStopped?: boolean } = {},
): Promise<number | undefined> {
  await sql.query(
    `INSERT INTO projection_checkpoints (hospital_id, projection) VALUES ($1, $2)
     ON CONFLICT DO NOTHING`,
    [hospitalId, projection],
  );
  const { rows } = await sql.query<{ position: number; status: string | null }>(
    `SELECT c.position, s.status FROM projection_checkpoints AS c
       LEFT JOIN projection_state AS s USING (hospital_id, projection)
      WHERE c.hospital_id = $1 AND c.projection = $2
        FOR UPDATE OF c`,
    [hospitalId, projection],
  );
  const row = rows[0]!;
  if (row.status === 'failed' && !options.evenIfStopped) return undefined;
  return row.position;
}

/**
 * How far a model may go now: the hospital's head, or less where a read model it reads
 * (`after`) stands behind it. Those move their checkpoints with their rows, so the rows
 * read in this transaction hold at least every event up to there.
 */
export async function reachableHead(
  sql: Sql,
  hospitalId: string,
  model: ReadModel,
): Promise<number> {
  const { rows } = await sql.query<{ head: number }>(
    `SELECT least(h.head, (SELECT min(coalesce(c.position, 0)) FROM unnest($2::text[]) AS a(projection)
                             LEFT JOIN projection_checkpoints AS c
                               ON c.hospital_id = h.hospital_id AND c.projection = a.projection)) AS head
       FROM hospital_heads AS h WHERE h.hospital_id = $1`,
    [hospitalId, `{${(model.after ?? []).join(',')}}`],
  );
  return rows[0]?.head ?? 0;
}

/**
 * SQL states that say nothing about the event being applied: another transaction got in
 * the way (serialization failure, deadlock, a lock not available), or the connection or
 * the server went (classes 08 and 57P, too many connections).
 */
const passingSqlStates = new Set(['40001', '40P01', '55P03', '53300', '57P01', '57P02', '57P03']);

export function isPassingFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (passingSqlStates.has(code) || code.startsWith('08')) return true;
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /^Connection terminated/.test(message);
}

export async function setStatus(
  sql: Sql,
  hospitalId: string,
  projection: string,
  status: ProjectionLag['status'],
  detail: string | null,
) {
  await sql.query(
    `INSERT INTO projection_state (hospital_id, projection, status, detail) VALUES ($1, $2, $3, $4)
     ON CONFLICT (hospital_id, projection) DO UPDATE SET
       status = EXCLUDED.status, detail = EXCLUDED.detail, since = now()`,
    [hospitalId, projection, status, detail],
  );
}

export async function listHospitals(database: Database) {
  const { rows } = await asSignIn(database, (sql) =>
    sql.query<{ hospital_id: string }>(
      'SELECT hospital_id FROM hospital_heads ORDER BY hospital_id',
    ),
  );
  return rows.map((row) => row.hospital_id);
}

/** The events of the given aggregate types after a position and up to the head. */
export async function readLog(
  sql: Sql,
  hospitalId: string,
  types: AggregateType[],
  after: number,
  head: number,
  limit: number,
): Promise<LoggedEvent[]> {
  const { rows } = await sql.query<LoggedEvent>(
    `SELECT position, event_id, aggregate_type, aggregate_id, version, type, schema_version, data,
            ${utcIsoText('stored_at')} AS stored_at
       FROM event_store
      WHERE hospital_id = $1 AND position > $2 AND position <= $3
        AND aggregate_type = ANY($4::text[])
      ORDER BY position
      LIMIT $5`,
    [hospitalId, after, head, `{${types.join(',')}}`, limit],
  );
  return rows.map((row) => ({ ...row, stored_at: isoInstant(row.stored_at) }));
}

/**
 * Moves to the head, in one statement, the checkpoint of every given live model with no
 * event of its own types up to there (a burst of registrations leaves visits, vitals,
 * notes... nothing to do), and says which models have nothing to apply: those, and those
 * already at the head. Each would otherwise cost a transaction of its own per round.
 * The update takes the checkpoints' row locks as a page does, so a process applying a
 * page (or a rebuild) is waited for, and the row is checked again once it has moved.
 * Only for models that read no other's rows (`after`): theirs stand where those do.
 */
export async function passIdleModels(
  sql: Sql,
  hospitalId: string,
  models: readonly ReadModel[],
): Promise<Set<string>> {
  const { rows } = await sql.query<{ projection: string }>(
    `WITH m AS (
       SELECT projection, string_to_array(types, ',') AS types, h.head
         FROM unnest($2::text[], $3::text[]) AS m(projection, types)
         JOIN hospital_heads AS h ON h.hospital_id = $1
     ),
     moved AS (
       UPDATE projection_checkpoints AS c SET position = m.head, updated_at = now()
         FROM m
        WHERE c.hospital_id = $1 AND c.projection = m.projection AND c.position < m.head
          AND NOT EXISTS (SELECT 1 FROM projection_state AS s
                           WHERE s.hospital_id = $1 AND s.projection = c.projection
                             AND s.status <> 'live')
          AND NOT EXISTS (SELECT 1 FROM event_store AS e
                           WHERE e.hospital_id = $1 AND e.position > c.position
                             AND e.position <= m.head AND e.aggregate_type = ANY(m.types))
       RETURNING c.projection
     )
     SELECT projection FROM moved
     UNION
     SELECT m.projection FROM m
       JOIN projection_checkpoints AS c ON c.hospital_id = $1 AND c.projection = m.projection
      WHERE c.position >= m.head`,
    [
      hospitalId,
      `{${models.map((model) => model.name).join(',')}}`,
      `{${models.map((model) => `"${[...model.reads].join(',')}"`).join(',')}}`,
    ],
  );
  return new Set(rows.map((row) => row.projection));
}
