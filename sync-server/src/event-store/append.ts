import {
  currentSchemaVersion,
  foldEvents,
  uuidv7,
  type Actor,
  type AggregateType,
  type CommandResult,
  type DomainEvent,
} from '@mymedic/shared';
import { uuidArray, type Sql } from '../db/database';
import { applyServerProjections, type StoredEvent } from '../projections';
import { advance, decideOnServer, type CommandToAppend, type StreamState } from './decide';
import { BatchDiary } from './double-booking';

export interface Author {
  hospitalId: string;
  actor: Actor;
  deviceId: string;
}

export interface AppendOutcome {
  results: CommandResult[];
  head: number;
  lastClientSeq: number;
  /** Events written by this call, in position order. */
  stored: StoredEvent[];
}

/** Another transaction moved a stream between our read and our write: retry the batch. */
export class ConcurrentAppendError extends Error {
  constructor() {
    super('A stream changed concurrently');
  }
}

interface LoadedEventRow {
  aggregate_id: string;
  aggregate_type: AggregateType;
  type: string;
  schema_version: number;
  data: unknown;
}

async function loadStreams(sql: Sql, hospitalId: string, aggregateIds: string[]) {
  const streams = new Map<string, StreamState>();
  if (aggregateIds.length === 0) return streams;
  const { rows } = await sql.query<LoadedEventRow>(
    `SELECT aggregate_id, aggregate_type, type, schema_version, data
       FROM event_store
      WHERE hospital_id = $1 AND aggregate_id = ANY($2::uuid[])
      ORDER BY aggregate_id, version`,
    [hospitalId, uuidArray(aggregateIds)],
  );
  const byAggregate = new Map<string, LoadedEventRow[]>();
  for (const row of rows) {
    const events = byAggregate.get(row.aggregate_id) ?? [];
    events.push(row);
    byAggregate.set(row.aggregate_id, events);
  }
  for (const [aggregateId, events] of byAggregate) {
    const aggregateType = events[0]!.aggregate_type;
    streams.set(aggregateId, {
      aggregateType,
      version: events.length,
      state: foldEvents(aggregateType, events),
    });
  }
  return streams;
}

interface StoredOutcome {
  status: 'accepted' | 'rebased';
  events: CommandResult['events'];
}

/**
 * Appends a batch of commands for one hospital inside the caller's transaction: loads
 * every state the batch needs in one query, decides each command in client_seq order,
 * then writes streams, positions, events and the idempotency record set-based. Nothing
 * is written for conflicts and rejections. A booking that would double-book a doctor
 * (against the read model and the batch's own earlier bookings) is a conflict.
 */
export async function appendCommands(
  sql: Sql,
  author: Author,
  commands: CommandToAppend[],
): Promise<AppendOutcome> {
  const { hospitalId } = author;
  const ordered = [...commands].sort((left, right) => left.client_seq - right.client_seq);
  const commandIds = ordered.map((command) => command.command_id);
  const sentEventIds = ordered.flatMap(
    (command) => command.events?.map((event) => event.event_id) ?? [],
  );

  // One pg connection runs one query at a time: these reads go one after another.
  const processed = await sql.query<{ command_id: string; outcome: StoredOutcome }>(
    'SELECT command_id, outcome FROM commands WHERE hospital_id = $1 AND command_id = ANY($2::uuid[])',
    [hospitalId, uuidArray(commandIds)],
  );
  const streams = await loadStreams(sql, hospitalId, [
    ...new Set(ordered.map((command) => command.aggregate_id)),
  ]);
  const knownEventIds =
    sentEventIds.length === 0
      ? { rows: [] as { event_id: string }[] }
      : await sql.query<{ event_id: string }>(
          'SELECT event_id FROM event_store WHERE hospital_id = $1 AND event_id = ANY($2::uuid[])',
          [hospitalId, uuidArray(sentEventIds)],
        );
  const diary = await BatchDiary.load(sql, hospitalId, ordered, streams);
  const outcomes = new Map(processed.rows.map((row) => [row.command_id, row.outcome]));
  const usedEventIds = new Set(knownEventIds.rows.map((row) => row.event_id));
  const loadedVersions = new Map([...streams].map(([id, stream]) => [id, stream.version]));

  type Pending = {
    command: CommandToAppend;
    events: DomainEvent[];
    eventIds: string[];
    firstVersion: number;
    result: CommandResult;
  };
  const pending: Pending[] = [];
  const results: CommandResult[] = [];
  for (const command of ordered) {
    const earlier = outcomes.get(command.command_id);
    if (earlier) {
      results.push({ command_id: command.command_id, status: 'duplicate', events: earlier.events });
      continue;
    }
    const repeated = command.events?.find((event) => usedEventIds.has(event.event_id));
    if (repeated) {
      results.push({
        command_id: command.command_id,
        status: 'rejected',
        events: [],
        error: {
          code: 'duplicate_event_id',
          message: `Event id ${repeated.event_id} is already used`,
        },
      });
      continue;
    }
    const decision = decideOnServer(
      command,
      streams.get(command.aggregate_id),
      author.actor,
      hospitalId,
    );
    if ('error' in decision) {
      results.push({
        command_id: command.command_id,
        status: decision.status,
        events: [],
        error: decision.error,
      });
      continue;
    }
    if (command.aggregate_type === 'appointment') {
      const clash = await diary.clashFor(command.aggregate_id, decision.events);
      if (clash) {
        results.push({
          command_id: command.command_id,
          status: 'conflict',
          events: [],
          error: await diary.conflictWith(clash),
        });
        continue;
      }
      diary.record(command.aggregate_id, decision.events);
    }
    const eventIds = decision.eventIds ?? decision.events.map(() => uuidv7());
    for (const id of eventIds) usedEventIds.add(id);
    streams.set(
      command.aggregate_id,
      advance(streams.get(command.aggregate_id), command.aggregate_type, decision.events),
    );
    const result: CommandResult = {
      command_id: command.command_id,
      status: decision.status,
      events: [],
    };
    // Within one batch every command is recorded once, even if the body repeats it.
    outcomes.set(command.command_id, { status: decision.status, events: result.events });
    results.push(result);
    pending.push({
      command,
      events: decision.events,
      eventIds,
      firstVersion: decision.firstVersion,
      result,
    });
  }

  const lastClientSeq = ordered.at(-1)?.client_seq ?? 0;
  if (pending.length === 0) {
    const { rows } = await sql.query<{ head: number }>(
      'SELECT head FROM hospital_heads WHERE hospital_id = $1',
      [hospitalId],
    );
    return { results, head: rows[0]?.head ?? 0, lastClientSeq, stored: [] };
  }

  await writeStreams(
    sql,
    hospitalId,
    pending.map((item) => item.command),
    loadedVersions,
    streams,
  );

  const eventCount = pending.reduce((sum, item) => sum + item.events.length, 0);
  // The head row's lock is taken last, so concurrent pushes decide in parallel and only
  // the numbering and commit are serialized.
  const { rows: heads } = await sql.query<{ head: number }>(
    'UPDATE hospital_heads SET head = head + $2 WHERE hospital_id = $1 RETURNING head',
    [hospitalId, eventCount],
  );
  const head = heads[0]?.head;
  if (head === undefined) throw new Error(`No head row for hospital ${hospitalId}`);

  let position = head - eventCount;
  const stored: StoredEvent[] = [];
  for (const item of pending) {
    item.events.forEach((event, index) => {
      position += 1;
      const stamped: StoredEvent = {
        event_id: item.eventIds[index]!,
        hospital_id: hospitalId,
        aggregate_type: item.command.aggregate_type,
        aggregate_id: item.command.aggregate_id,
        version: item.firstVersion + index,
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        data: event.data,
        meta: {
          user_id: author.actor.user_id,
          device_id: author.deviceId,
          command_id: item.command.command_id,
          issued_at: item.command.issued_at,
        },
        position,
      };
      stored.push(stamped);
      item.result.events.push({ event_id: stamped.event_id, version: stamped.version, position });
    });
  }

  if (stored.length > 0) {
    await sql.query(
      `INSERT INTO event_store (hospital_id, position, event_id, aggregate_type, aggregate_id, version, type,
                                schema_version, data, user_id, device_id, command_id, issued_at)
       SELECT $1, e.position, e.event_id, e.aggregate_type, e.aggregate_id, e.version, e.type,
              e.schema_version, e.data, e.user_id, e.device_id, e.command_id, e.issued_at
         FROM jsonb_to_recordset($2::jsonb) AS e(position bigint, event_id uuid, aggregate_type text,
              aggregate_id uuid, version integer, type text, schema_version integer, data jsonb,
              user_id uuid, device_id text, command_id uuid, issued_at timestamptz)`,
      [
        hospitalId,
        JSON.stringify(
          stored.map((event) => ({
            position: event.position,
            event_id: event.event_id,
            aggregate_type: event.aggregate_type,
            aggregate_id: event.aggregate_id,
            version: event.version,
            type: event.type,
            schema_version: event.schema_version,
            data: event.data,
            ...event.meta,
          })),
        ),
      ],
    );
  }
  await sql.query(
    `INSERT INTO commands (hospital_id, command_id, device_id, client_seq, status, outcome)
     SELECT $1, c.command_id, $2, c.client_seq, c.status, c.outcome
       FROM jsonb_to_recordset($3::jsonb) AS c(command_id uuid, client_seq bigint, status text, outcome jsonb)`,
    [
      hospitalId,
      author.deviceId,
      JSON.stringify(
        pending.map((item) => ({
          command_id: item.command.command_id,
          client_seq: item.command.client_seq,
          status: item.result.status,
          outcome: { status: item.result.status, events: item.result.events },
        })),
      ),
    ],
  );
  await applyServerProjections(sql, hospitalId, stored);
  return { results, head, lastClientSeq, stored };
}

/**
 * The optimistic version check: each touched stream moves from the version we loaded
 * to its new one, or the batch is retried. New streams are inserted; an id taken
 * meanwhile makes the insert fall short.
 */
async function writeStreams(
  sql: Sql,
  hospitalId: string,
  commands: CommandToAppend[],
  loadedVersions: Map<string, number>,
  streams: Map<string, StreamState>,
) {
  const touched = [...new Set(commands.map((command) => command.aggregate_id))].sort();
  const moved = touched.filter(
    (id) => loadedVersions.has(id) && streams.get(id)!.version !== loadedVersions.get(id),
  );
  const created = touched.filter((id) => !loadedVersions.has(id) && streams.get(id)!.version > 0);
  if (moved.length > 0) {
    const { rowCount } = await sql.query(
      `UPDATE streams AS s SET version = m.new_version
         FROM jsonb_to_recordset($2::jsonb) AS m(aggregate_id uuid, old_version integer, new_version integer)
        WHERE s.hospital_id = $1 AND s.aggregate_id = m.aggregate_id AND s.version = m.old_version`,
      [
        hospitalId,
        JSON.stringify(
          moved.map((id) => ({
            aggregate_id: id,
            old_version: loadedVersions.get(id),
            new_version: streams.get(id)!.version,
          })),
        ),
      ],
    );
    if (rowCount !== moved.length) throw new ConcurrentAppendError();
  }
  if (created.length > 0) {
    const { rowCount } = await sql.query(
      `INSERT INTO streams (hospital_id, aggregate_id, aggregate_type, version)
       SELECT $1, n.aggregate_id, n.aggregate_type, n.version
         FROM jsonb_to_recordset($2::jsonb) AS n(aggregate_id uuid, aggregate_type text, version integer)
       ON CONFLICT (hospital_id, aggregate_id) DO NOTHING`,
      [
        hospitalId,
        JSON.stringify(
          created.map((id) => ({
            aggregate_id: id,
            aggregate_type: streams.get(id)!.aggregateType,
            version: streams.get(id)!.version,
          })),
        ),
      ],
    );
    if (rowCount !== created.length) throw new ConcurrentAppendError();
  }
}
