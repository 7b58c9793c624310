import type { AggregateType, ErrorBody } from '@mymedic/shared';
import type { Sql, TransactionSql } from '../db/database';

export interface StreamMove {
  aggregate_id: string;
  aggregate_type: string;
  /** The version the batch was decided on; 0 for a stream the batch creates. */
  old_version: number;
  new_version: number;
}

/** What a copy of a command is answered: its events (positions are read back from the log then), or its refusal. */
export type CommandRecord =
  | {
      command_id: string;
      client_seq: number;
      status: 'accepted' | 'rebased';
      outcome: { status: 'accepted' | 'rebased'; events: { event_id: string; version: number }[] };
    }
  | {
      command_id: string;
      client_seq: number;
      status: 'conflict' | 'rejected';
      outcome: { status: 'conflict' | 'rejected'; error: ErrorBody };
    };

/** How many refusals a person keeps, and how many of them this batch records. */
export interface RefusalBound {
  kept: number;
  recorded: number;
}

/**
 * The parameters that prune the pusher's oldest refusals in the same statement: the
 * rows present before it beyond the newest `kept - recorded` go, so that with the
 * batch's own at most `kept` remain. Nothing is read when the batch refuses nothing.
 */
const pruneParameters = (bound: RefusalBound) => [
  bound.recorded,
  Math.max(bound.kept - bound.recorded, 0),
];

/**
 * Two statements recording one person's refusals at the same moment would each prune from
 * the same snapshot, delete the same oldest row and leave one over the bound. A lock on
 * the person, taken in a statement of its own before the write (whose snapshot then
 * includes whatever the previous holder committed), puts them one after the other. Only
 * a batch that records a refusal takes it: accepted pushes never wait on it.
 */
async function holdPersonsRefusals(sql: Sql | TransactionSql, userId: string, bound: RefusalBound) {
  if (bound.recorded === 0) return;
  await sql.query(`SELECT pg_advisory_xact_lock(hashtextextended('refusals:' || $1, 0))`, [userId]);
}

/** Where each statement has the parameters its shared parts use. */
interface Placeholders {
  hospital: string;
  device: string;
  commands: string;
  user: string;
  recorded: string;
  keep: string;
}

/** Inserts the commands' records (accepted, rebased and refused alike), as the pusher's. */
const recordCommands = (
  p: Placeholders,
) => `INSERT INTO commands (hospital_id, command_id, device_id, client_seq, status, outcome, user_id)
       SELECT ${p.hospital}, c.command_id, ${p.device}, c.client_seq, c.status, c.outcome, ${p.user}::uuid
         FROM jsonb_to_recordset(${p.commands}::jsonb) AS c(command_id uuid, client_seq bigint, status text, outcome jsonb)
       RETURNING 1`;

/** Deletes the pusher's refusals beyond the newest `keep`, when the batch records any. */
const pruneRefusals = (p: Placeholders) => `DELETE FROM commands AS c
        USING (SELECT r.command_id FROM commands AS r
                WHERE r.hospital_id = ${p.hospital} AND r.user_id = ${p.user}::uuid
                  AND r.status IN ('conflict', 'rejected')
                ORDER BY r.processed_at DESC, r.client_seq DESC, r.command_id DESC
               OFFSET ${p.keep}) AS old
        WHERE ${p.recorded} > 0 AND c.hospital_id = ${p.hospital} AND c.command_id = old.command_id
       RETURNING 1`;

const inBatchWrite: Placeholders = {
  hospital: '$1',
  device: '$5',
  commands: '$6',
  user: '$10',
  recorded: '$11',
  keep: '$12',
};

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
 * idempotency record (refusals too, with the pruning of the pusher's oldest past the
 * bound) and the unpacking of the events; last, the head row's lock (its
 * increment counts the unpacked events, its condition is the check), so that only the
 * events' insert and the commit are serialized. With `commit`, the statement goes with
 * the transaction's COMMIT, and the lock is not held while this process is busy.
 */
export async function writeBatch(
  sql: Sql | TransactionSql,
  hospitalId: string,
  author: { userId: string; deviceId: string },
  batch: BatchWrite,
  refusals: RefusalBound,
  commit: boolean,
): Promise<number> {
  await holdPersonsRefusals(sql, author.userId, refusals);
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
    ...pruneParameters(refusals),
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
       ${recordCommands(inBatchWrite)}
     ), pruned AS (
       ${pruneRefusals(inBatchWrite)}
     ), checked AS MATERIALIZED (
       -- Counting the commands too makes their insert (and the pruning) run before the
       -- head's lock.
       SELECT require_true((SELECT count(*) FROM moved) = $7 AND (SELECT count(*) FROM created) = $8
                           AND (SELECT count(*) FROM recorded) = $9 AND (SELECT count(*) FROM pruned) >= 0,
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

/**
 * Records the refusals of a batch that stores nothing else, prunes the pusher's oldest
 * beyond the bound, and returns the head; no stream or head row is locked. With
 * `commit`, the statement goes with the transaction's COMMIT.
 */
export async function writeRefusals(
  sql: Sql | TransactionSql,
  hospitalId: string,
  author: { userId: string; deviceId: string },
  refusals: CommandRecord[],
  bound: RefusalBound,
  commit: boolean,
): Promise<number> {
  await holdPersonsRefusals(sql, author.userId, bound);
  const params = [
    hospitalId,
    author.deviceId,
    JSON.stringify(refusals),
    author.userId,
    ...pruneParameters(bound),
  ];
  const { rows } =
    commit && 'queryAndCommit' in sql
      ? await sql.queryAndCommit<{ head: number }>(refusalStatement, params, {
          prepareAs: 'mymedic_push_refusals',
        })
      : await sql.query<{ head: number }>(refusalStatement, params, {
          prepareAs: 'mymedic_push_refusals',
        });
  return rows[0]?.head ?? 0;
}

const inRefusalWrite: Placeholders = {
  hospital: '$1',
  device: '$2',
  commands: '$3',
  user: '$4',
  recorded: '$5',
  keep: '$6',
};

const refusalStatement = `WITH recorded AS (
       ${recordCommands(inRefusalWrite)}
     ), pruned AS (
       ${pruneRefusals(inRefusalWrite)}
     )
     SELECT (SELECT head FROM hospital_heads WHERE hospital_id = $1) AS head,
            (SELECT count(*) FROM recorded) AS recorded, (SELECT count(*) FROM pruned) AS pruned`;
