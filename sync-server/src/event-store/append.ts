import {
  currentSchemaVersion,
  getCommandDefinition,
  uuidv7,
  type Actor,
  type CommandResult,
  type DomainEvent,
  type ErrorBody,
} from '@mymedic/shared';
import type { Sql, TransactionSql } from '../db/database';
import { openGuards, type BatchGuard } from './batch-guard';
import { loadBatchState } from './batch-state';
import {
  writeBatch,
  writeRefusals,
  type CommandRecord,
  type EventRecord,
  type StreamMove,
} from './batch-write';
import { advance, decideOnServer, type CommandToAppend, type StreamState } from './decide';
import { clinicTimeZone, readsClinicZone } from './clinic-zone';
import { implausibleIssuedAt } from './issued-at';
import { applyProjections, type ServerProjection, type StoredEvent } from './projection';

/** What the server registers with the event store: its read models and its batch guards. */
export interface Registered {
  projections: readonly ServerProjection[];
  guards: readonly BatchGuard[];
  /** A stream's snapshot is taken again once it has grown this many events past it. */
  snapshotEvery?: number;
}

/** A batch refused as a whole, before any of its commands is decided. */
export interface BatchRefusal {
  /** The pusher's account is deactivated (or gone). */
  refused: 'account_inactive';
}

/** The device the server's own commands are appended as: a reserved id no device may use. */
export const serverDevice = 'server';

export interface Author {
  hospitalId: string;
  actor: Actor;
  deviceId: string;
}

export interface AppendOptions {
  /**
   * Decide as the pusher is now in the users table, not as the access token says: a role
   * changed or an account deactivated since the token was issued takes effect at once.
   */
  actorAsNow?: boolean;
  /**
   * Nothing follows in the caller's transaction: the write goes with its COMMIT, so the
   * head row's lock is released as soon as the database has written.
   */
  commitWithWrite?: boolean;
  /**
   * When the server received the commands: each device clock (`issued_at`) is then held
   * to the plausible range around it (`implausibleIssuedAt`). Commands the server makes
   * itself carry its own clock and are not checked.
   */
  receivedAt?: Date;
  /**
   * Record the batch's conflicts and rejections, keeping the pusher's newest this many:
   * a copy of a refused command is then refused again as it was, never decided anew.
   * Pushes from devices set it; the server's own commands, whose refusal fails their
   * whole transaction, do not.
   */
  refusalsKept?: number;
}

export interface AppendOutcome {
  results: CommandResult[];
  head: number;
  lastClientSeq: number;
  /** Events written by this call, in position order. */
  stored: StoredEvent[];
}

interface Pending {
  command: CommandToAppend;
  decidedStatus: 'accepted' | 'rebased';
  events: DomainEvent[];
  eventIds: string[];
  firstVersion: number;
  result: CommandResult;
}

/**
 * A device may not push a command that only a route of the server's issues (an account
 * needs its password too, which the log never holds): the route appends it itself, as
 * device "server".
 */
function routeOnlyRefusal(command: CommandToAppend, author: Author): ErrorBody | null {
  const route = getCommandDefinition(command.type)?.onlyThrough;
  if (route === undefined || author.deviceId === serverDevice) return null;
  return {
    code: 'use_another_route',
    message: `${command.type} is not pushed: use ${route}`,
    details: { route },
  };
}

/**
 * Appends a batch of commands for one hospital inside the caller's transaction: reads
 * all the batch needs in one statement, decides each command in client_seq order, then
 * writes set-based: the read models, then in one statement the streams' version check,
 * the idempotency record and last, under the head row's lock, the numbered events.
 * A conflict or rejection is recorded too (with `refusalsKept`), and a command already
 * answered, stored or refused, is answered the same again and never decided anew. The
 * registered guards may refuse a decided command (a booking that would double-book a
 * doctor); a deactivated pusher's batch is refused whole.
 */
export async function appendCommands(
  sql: Sql | TransactionSql,
  registered: Registered,
  author: Author,
  commands: CommandToAppend[],
  options: AppendOptions = {},
): Promise<AppendOutcome | BatchRefusal> {
  const { hospitalId } = author;
  const ordered = [...commands].sort((left, right) => left.client_seq - right.client_seq);
  const checkAccount = options.actorAsNow === true && !author.actor.roles.includes('system');
  const batch = await loadBatchState(sql, hospitalId, {
    ...(checkAccount ? { accountOf: author.actor.user_id } : {}),
    commandIds: ordered.map((command) => command.command_id),
    eventIds: ordered.flatMap((command) => command.events?.map((event) => event.event_id) ?? []),
    aggregateIds: [
      ...new Set([
        ...(readsClinicZone(ordered) ? [hospitalId] : []),
        ...registered.guards.flatMap((guard) => guard.reads?.(hospitalId, ordered) ?? []),
        ...ordered.map((command) => command.aggregate_id),
      ]),
    ],
  });
  let actor = author.actor;
  if (checkAccount) {
    if (!batch.account?.active) return { refused: 'account_inactive' };
    actor = { user_id: actor.user_id, roles: batch.account.roles };
  }
  const { processed, usedEventIds, streams } = batch;
  const timeZone = clinicTimeZone(streams.get(hospitalId));
  const guardRefusal = await openGuards(registered.guards, sql, hospitalId, ordered, streams);
  const loadedVersions = new Map([...streams].map(([id, stream]) => [id, stream.version]));

  const pending: Pending[] = [];
  const results: CommandResult[] = [];
  const refusals: CommandRecord[] = [];
  const refuse = (command: CommandToAppend, status: 'conflict' | 'rejected', error: ErrorBody) => {
    results.push({ command_id: command.command_id, status, events: [], error });
    refusals.push({
      command_id: command.command_id,
      client_seq: command.client_seq,
      status,
      outcome: { status, error },
    });
    processed.set(command.command_id, { status, error });
  };
  for (const command of ordered) {
    const earlier = processed.get(command.command_id);
    if (earlier) {
      // A command's answer is final: a copy gets the first answer, whatever changed since.
      results.push(
        'error' in earlier
          ? {
              command_id: command.command_id,
              status: earlier.status,
              events: [],
              error: earlier.error,
            }
          : { command_id: command.command_id, status: 'duplicate', events: earlier.events },
      );
      continue;
    }
    const repeated = command.events?.find((event) => usedEventIds.has(event.event_id));
    if (repeated) {
      refuse(command, 'rejected', {
        code: 'duplicate_event_id',
        message: `Event id ${repeated.event_id} is already used`,
      });
      continue;
    }
    const implausible = options.receivedAt
      ? implausibleIssuedAt(command.issued_at, options.receivedAt)
      : null;
    if (implausible) {
      refuse(command, 'rejected', implausible);
      continue;
    }
    const routeOnly = routeOnlyRefusal(command, author);
    if (routeOnly) {
      refuse(command, 'rejected', routeOnly);
      continue;
    }
    const decision = decideOnServer(command, streams.get(command.aggregate_id), {
      actor,
      hospitalId,
      timeZone,
    });
    if ('error' in decision) {
      refuse(command, decision.status, decision.error);
      continue;
    }
    const refusal = await guardRefusal(command, decision.events);
    if (refusal) {
      refuse(command, refusal.status, refusal.error);
      continue;
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
    processed.set(command.command_id, { status: decision.status, events: result.events });
    results.push(result);
    pending.push({
      command,
      decidedStatus: decision.status,
      events: decision.events,
      eventIds,
      firstVersion: decision.firstVersion,
      result,
    });
  }

  const lastClientSeq = ordered.at(-1)?.client_seq ?? 0;
  // The newest refusals only, when the batch alone holds more than a person keeps.
  const kept = options.refusalsKept ?? 0;
  const recorded = kept > 0 ? refusals.slice(-kept) : [];
  const bound = { kept, recorded: recorded.length };
  const writer = { userId: author.actor.user_id, deviceId: author.deviceId };
  const commit = options.commitWithWrite === true;
  if (pending.length === 0) {
    if (recorded.length > 0) {
      const head = await writeRefusals(sql, hospitalId, writer, recorded, bound, commit);
      return { results, head, lastClientSeq, stored: [] };
    }
    const { rows } = await sql.query<{ head: number }>(
      'SELECT head FROM hospital_heads WHERE hospital_id = $1',
      [hospitalId],
    );
    return { results, head: rows[0]?.head ?? 0, lastClientSeq, stored: [] };
  }

  const records = eventRecords(pending);
  await applyProjections(registered.projections, sql, hospitalId, records);
  await takeSnapshots(sql, hospitalId, streams, loadedVersions, registered.snapshotEvery ?? 100);
  const head = await writeBatch(
    sql,
    hospitalId,
    writer,
    {
      streams: streamMoves(pending, loadedVersions),
      commands: [...commandRecords(pending), ...recorded],
      events: records,
    },
    bound,
    commit,
  );

  const firstPosition = head - records.length + 1;
  const stored = records.map((record): StoredEvent => ({
    event_id: record.event_id,
    hospital_id: hospitalId,
    aggregate_type: record.aggregate_type,
    aggregate_id: record.aggregate_id,
    version: record.version,
    type: record.type,
    schema_version: record.schema_version,
    data: record.data,
    meta: {
      user_id: author.actor.user_id,
      device_id: author.deviceId,
      command_id: record.command_id,
      issued_at: record.issued_at,
    },
    position: firstPosition + record.ordinal - 1,
  }));
  let next = 0;
  for (const item of pending) {
    for (const eventId of item.eventIds) {
      const event = stored[next++]!;
      item.result.events.push({
        event_id: eventId,
        version: event.version,
        position: event.position,
      });
    }
  }
  return { results, head, lastClientSeq, stored };
}

/** The decided events, in the order they are numbered. */
function eventRecords(pending: Pending[]): EventRecord[] {
  const records: EventRecord[] = [];
  for (const item of pending) {
    item.events.forEach((event, index) => {
      records.push({
        ordinal: records.length + 1,
        event_id: item.eventIds[index]!,
        aggregate_type: item.command.aggregate_type,
        aggregate_id: item.command.aggregate_id,
        version: item.firstVersion + index,
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        data: event.data,
        command_id: item.command.command_id,
        issued_at: item.command.issued_at,
      });
    });
  }
  return records;
}

/** Each stream the batch moves, from the version it was decided on, in id order. */
function streamMoves(pending: Pending[], loadedVersions: Map<string, number>): StreamMove[] {
  const moves = new Map<string, StreamMove>();
  for (const { command, events } of pending) {
    const loaded = loadedVersions.get(command.aggregate_id) ?? 0;
    const move = moves.get(command.aggregate_id) ?? {
      aggregate_id: command.aggregate_id,
      aggregate_type: command.aggregate_type,
      old_version: loaded,
      new_version: loaded,
    };
    move.new_version += events.length;
    moves.set(command.aggregate_id, move);
  }
  // Every push takes the streams' row locks in id order, so two never wait crosswise.
  return [...moves.values()]
    .filter((move) => move.new_version !== move.old_version)
    .sort((left, right) => (left.aggregate_id < right.aggregate_id ? -1 : 1));
}

/** The idempotency record of each stored command: what a copy of it is answered. */
function commandRecords(pending: Pending[]): CommandRecord[] {
  return pending.map(({ command, eventIds, firstVersion, decidedStatus }) => ({
    command_id: command.command_id,
    client_seq: command.client_seq,
    status: decidedStatus,
    outcome: {
      status: decidedStatus,
      events: eventIds.map((eventId, index) => ({
        event_id: eventId,
        version: firstVersion + index,
      })),
    },
  }));
}

/**
 * Snapshots the streams this batch moved that have grown `every` events or more past
 * their snapshot (or their start), as decided: the next push folds from there. In the
 * batch's transaction, so a batch retried or refused leaves none behind.
 */

async function takeSnapshots(
  sql: Sql,
  hospitalId: string,
  streams: Map<string, StreamState>,
  loadedVersions: Map<string, number>,
  every: number,
) {
  const due = [...streams]
    .filter(
      ([id, stream]) =>
        stream.version !== (loadedVersions.get(id) ?? 0) &&
        stream.version - (stream.snapshotVersion ?? 0) >= every,
    )
    .map(([aggregate_id, stream]) => ({
      aggregate_id,
      aggregate_type: stream.aggregateType,
      version: stream.version,
      state: stream.state,
    }));
  if (due.length === 0) return;
  await sql.query(
    `INSERT INTO aggregate_snapshots (hospital_id, aggregate_id, aggregate_type, version, state)
     SELECT $1, aggregate_id, aggregate_type, version, state
       FROM jsonb_to_recordset($2::jsonb)
         AS s(aggregate_id uuid, aggregate_type text, version integer, state jsonb)
     ON CONFLICT (hospital_id, aggregate_id) DO UPDATE SET
       version = EXCLUDED.version, state = EXCLUDED.state, taken_at = now()
     WHERE aggregate_snapshots.version < EXCLUDED.version`,
    [hospitalId, JSON.stringify(due)],
  );
}
