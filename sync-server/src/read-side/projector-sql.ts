import type { AggregateType } from '@mymedic/shared';
import type { Database, Sql, TransactionSql } from '../db/database';
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

/** Where a page starts and ends, and its events. */
export interface OpenedPage {
  /** The checkpoint: the last position applied. */
  position: number;
  /** How far the model may go now (`reachableHead`). */
  head: number;
  events: LoggedEvent[];
}

/**
 * Opens a model's next page in one round trip: takes the checkpoint's row lock (making
 * the row on first use), finds how far the model may go (as `reachableHead`) and reads up
 * to `limit` of its events from its checkpoint (as `readLog`). Undefined when the model
 * has stopped at a failure. Under a push storm a round trip waits behind the pushes on
 * the server's event loop and on the database's cores (50 to 250 ms each in the push
 * benchmark, docs/read-side.md), so a page pays for each one.
 *
 * One statement, one snapshot: the head and the events are read as they stood when it
 * began, also when it waited for the lock (another process's page), whose rows the
 * model's own statements, later, see. The head moves with its events, so every event up
 * to the head read here is there to be read.
 */
export async function openPage(
  sql: Sql,
  hospitalId: string,
  model: ReadModel,
  limit: number,
): Promise<OpenedPage | undefined> {
  const { rows } = await sql.query<
    { checkpoint: number; status: string | null; head: number } & (
      | (Omit<LoggedEvent, 'stored_at'> & { stored_at: string })
      | { [Key in keyof LoggedEvent]: null }
    )
  >(
    `WITH checkpoint AS MATERIALIZED (
       SELECT c.position, s.status FROM projection_checkpoints AS c
         LEFT JOIN projection_state AS s USING (hospital_id, projection)
        WHERE c.hospital_id = $1 AND c.projection = $2
          FOR UPDATE OF c
     ),
     reach AS MATERIALIZED (
       SELECT least(h.head, (SELECT min(coalesce(a.position, 0)) FROM unnest($3::text[]) AS m(projection)
                               LEFT JOIN projection_checkpoints AS a
                                 ON a.hospital_id = h.hospital_id AND a.projection = m.projection)) AS head
         FROM hospital_heads AS h WHERE h.hospital_id = $1
     )
     SELECT k.position AS checkpoint, k.status, coalesce(r.head, 0) AS head,
            e.position, e.event_id, e.aggregate_type, e.aggregate_id, e.version, e.type,
            e.schema_version, CASE WHEN $6 THEN e.data END AS data,
            ${utcIsoText('e.stored_at')} AS stored_at
       FROM checkpoint AS k
       LEFT JOIN reach AS r ON true
       LEFT JOIN LATERAL (
         SELECT * FROM event_store
          WHERE hospital_id = $1 AND position > k.position AND position <= r.head
            AND aggregate_type = ANY($4::text[]) AND k.status IS DISTINCT FROM 'failed'
          ORDER BY position
          LIMIT $5
       ) AS e ON true
      ORDER BY e.position`,
    [
      hospitalId,
      model.name,
      `{${(model.after ?? []).join(',')}}`,
      `{${[...model.reads].join(',')}}`,
      limit,
      model.readsData ?? true,
    ],
    // Planned once per connection: over the log's partitions, planning it cost more than
    // running it.
    { prepareAs: 'projector_open_page' },
  );
  const first = rows[0];
  if (!first) {
    await sql.query(
      `INSERT INTO projection_checkpoints (hospital_id, projection) VALUES ($1, $2)
       ON CONFLICT DO NOTHING`,
      [hospitalId, model.name],
    );
    return openPage(sql, hospitalId, model, limit);
  }
  if (first.status === 'failed') return undefined;
  const events: LoggedEvent[] = [];
  for (const { checkpoint: _checkpoint, status: _status, head: _head, ...event } of rows)
    if (event.position !== null) events.push({ ...event, stored_at: isoInstant(event.stored_at) });
  return { position: first.checkpoint, head: first.head, events };
}

/**
 * Moves a model's checkpoint after its page and forgets the failures up to there, in the
 * transaction's last statement, sent with its COMMIT in one round trip.
 */
export async function moveCheckpoint(
  sql: TransactionSql,
  hospitalId: string,
  projection: string,
  position: number,
) {
  await sql.queryAndCommit(
    `WITH moved AS (
       UPDATE projection_checkpoints SET position = $3, updated_at = now()
        WHERE hospital_id = $1 AND projection = $2
     )
     DELETE FROM projection_errors WHERE hospital_id = $1 AND projection = $2 AND position <= $3`,
    [hospitalId, projection, position],
  );
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
 * The statement commits with its transaction, in one round trip.
 */
export async function passIdleModels(
  sql: TransactionSql,
  hospitalId: string,
  models: readonly ReadModel[],
): Promise<Set<string>> {
  const { rows } = await sql.queryAndCommit<{ projection: string }>(
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

/** Where each model stands in one hospital (`Projector.lag`). */
export async function hospitalLags(
  sql: Sql,
  hospitalId: string,
  models: readonly ReadModel[],
): Promise<ProjectionLag[]> {
  const { rows } = await sql.query<
    Omit<ProjectionLag, 'events_behind' | 'hospital_id'> & { oldest: string | null }
  >(
    `SELECT m.projection, coalesce(c.position, 0) AS position, h.head,
            coalesce(s.status, 'live') AS status, s.detail,
            ${utcIsoText('e.stored_at')} AS oldest,
            CASE WHEN e.stored_at IS NULL THEN 0
                 ELSE extract(epoch FROM now() - e.stored_at)::float8 END AS seconds_behind
       FROM unnest($2::text[], $3::text[]) AS m(projection, types)
       JOIN hospital_heads AS h ON h.hospital_id = $1
       LEFT JOIN projection_checkpoints AS c
         ON c.hospital_id = $1 AND c.projection = m.projection
       LEFT JOIN projection_state AS s ON s.hospital_id = $1 AND s.projection = m.projection
       LEFT JOIN LATERAL (
         SELECT stored_at FROM event_store
          WHERE hospital_id = $1 AND position > coalesce(c.position, 0) AND position <= h.head
            AND aggregate_type = ANY(string_to_array(m.types, ','))
          ORDER BY position LIMIT 1
       ) AS e ON true`,
    [
      hospitalId,
      `{${models.map((model) => model.name).join(',')}}`,
      `{${models.map((model) => `"${[...model.reads].join(',')}"`).join(',')}}`,
    ],
  );
  return rows.map((row) => ({
    hospital_id: hospitalId,
    projection: row.projection,
    status: row.status,
    position: row.position,
    head: row.head,
    events_behind: row.head - row.position,
    seconds_behind: row.oldest ? Math.max(0, row.seconds_behind) : 0,
    detail: row.detail,
  }));
}
