import type { AggregateType } from '@mymedic/shared';
import type { Sql, TransactionSql } from '../db/database';

export interface StreamMove {
  aggregate_id: string;
  aggregate_type: string;
  /** The version the batch was decided on; 0 for a stream the batch creates. */
  old_version: number;
  new_version: number;
}

export interface CommandRecord {
  command_id: string;
  client_seq: number;
  status: 'accepted' | 'rebased';
  /** The outcome to answer again; positions are read back from the log then. */
  outcome: { status: 'accepted' | 'rebased'; events: { event_id: string; version: number }[] };
}

export interface EventRecord {
  /** Its place in the batch, from 1: it takes the position head - count + ordinal. */
  ordinal: number;
  event_id: string;
  aggregate_type: AggregateType;
  aggregate_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  command_id: string;
  issued_at: string;
}

export interface BatchWrite {
  /** Every stream the batch moves, in aggregate_id order (the order row locks are taken in). */
  streams: StreamMove[];
  commands: CommandRecord[];
  /** The events in the order they are numbered. */
  events: EventRecord[];
}

/**
 * Writes a decided batch in one statement and returns the new head; the events take
 * the positions just below it, by ordinal. First, each in the same statement, the
 * optimistic version check (each touched stream moves from the version the batch was
 * decided on, or a new one is inserted; if one falls short the statement fails with a
 * serialization failure before anything is numbered, and the push is retried), the
 * idempotency record and the unpacking of the events; last, the head row's lock (its
 * increment counts the unpacked events, its condition is the check), so that only the
 * events' insert and the commit are serialized. With `commit`, the statement goes with
 * the transaction's COMMIT, and the lock is not held while this process is busy.
 */
export async function writeBatch(
  sql: Sql | TransactionSql,
  hospitalId: string,
  author: { userId: string; deviceId: string },
  batch: BatchWrite,
  commit: boolean,
): Promise<number> {
  const moved = batch.streams.filter((stream) => stream.old_version > 0);
  const created = batch.streams.filter((stream) => stream.old_version === 0);
  const params = [
    hospitalId,
    JSON.stringify(moved),
    JSON.stringify(created),
    JSON.stringify(batch.events),
    author.deviceId,
    JSON.stringify(batch.commands),
    moved.length,
    created.length,
    batch.commands.length,
    author.userId,
  ];
  const { rows } =
    commit && 'queryAndCommit' in sql
      ? await sql.queryAndCommit<{ head: number }>(writeStatement, params, {
          prepareAs: 'mymedic_push_write',
        })
      : await sql.query<{ head: number }>(writeStatement, params, {
          prepareAs: 'mymedic_push_write',
        });
  return rows[0]!.head;
}

const writeStatement = `WITH moved AS (
       UPDATE streams AS s SET version = m.new_version
         FROM jsonb_to_recordset($2::jsonb) AS m(aggregate_id uuid, old_version integer, new_version integer)
        WHERE s.hospital_id = $1 AND s.aggregate_id = m.aggregate_id AND s.version = m.old_version
       RETURNING 1
     ), created AS (
       INSERT INTO streams (hospital_id, aggregate_id, aggregate_type, version)
       SELECT $1, n.aggregate_id, n.aggregate_type, n.new_version
         FROM jsonb_to_recordset($3::jsonb) AS n(aggregate_id uuid, aggregate_type text, new_version integer)
       ON CONFLICT (hospital_id, aggregate_id) DO NOTHING
       RETURNING 1
     ), recorded AS (
       INSERT INTO commands (hospital_id, command_id, device_id, client_seq, status, outcome)
       SELECT $1, c.command_id, $5, c.client_seq, c.status, c.outcome
         FROM jsonb_to_recordset($6::jsonb) AS c(command_id uuid, client_seq bigint, status text, outcome jsonb)
       RETURNING 1
     ), checked AS MATERIALIZED (
       -- Counting the commands too makes their insert run before the head's lock.
       SELECT require_true((SELECT count(*) FROM moved) = $7 AND (SELECT count(*) FROM created) = $8
                           AND (SELECT count(*) FROM recorded) = $9,
                           '40001', 'A stream changed since the batch was read') AS streams_held
     ), numbered AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($4::jsonb) AS e(ordinal integer, event_id uuid,
              aggregate_type text, aggregate_id uuid, version integer, type text,
              schema_version integer, data jsonb, command_id uuid, issued_at timestamptz)
     ), head AS (
       UPDATE hospital_heads SET head = head + (SELECT count(*) FROM numbered)
        WHERE hospital_id = $1 AND (SELECT streams_held FROM checked)
       RETURNING head
     ), inserted AS (
       INSERT INTO event_store (hospital_id, position, event_id, aggregate_type, aggregate_id, version, type,
                                schema_version, data, user_id, device_id, command_id, issued_at)
       SELECT $1::uuid, head.head - (SELECT count(*) FROM numbered) + e.ordinal, e.event_id,
              e.aggregate_type, e.aggregate_id, e.version, e.type, e.schema_version, e.data,
              $10::uuid, $5::text, e.command_id, e.issued_at
         FROM head, numbered AS e
     )
     SELECT (SELECT head FROM head) AS head
      WHERE require_true((SELECT head FROM head) IS NOT NULL, 'P0002', 'No head row for the hospital')`;
