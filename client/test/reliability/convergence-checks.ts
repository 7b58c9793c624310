import { mayRead, uuidv7, withoutUnreadableContent, type SessionResponse } from '@mymedic/shared';
import type pg from 'pg';
import { expect } from 'vitest';
import { SyncApi } from '../../src/engine/api';
import { LocalDatabase } from '../../src/engine/db';
import { confirmedLog } from '../../src/engine/local-log';
import { projectionTables } from '../../src/engine/projections';
import { expectedState } from '../../src/engine/rebuild';
import { syncOnce } from '../../src/engine/sync';
import type { Tally } from './tally';
import type { Tablet } from './tablet';

/** One event as the server's event store holds it. */
export interface ServerEvent {
  event_id: string;
  position: number;
  aggregate_id: string;
  version: number;
  type: string;
  data: unknown;
  command_id: string;
}

export interface ServerState {
  events: ServerEvent[];
  head: number;
  streams: Map<string, number>;
  commands: Set<string>;
  appointments: {
    appointment_id: string;
    patient_id: string;
    doctor_id: string;
    starts_at: string;
    duration_minutes: number;
    status: string;
  }[];
}

/** The hospital's log, head, streams, idempotency records and appointments, read straight from PostgreSQL. */
export async function readServerState(client: pg.Client, hospitalId: string): Promise<ServerState> {
  const events = await client.query<ServerEvent>(
    `SELECT event_id::text, position::int AS position, aggregate_id::text, version, type, data,
            command_id::text
       FROM event_store WHERE hospital_id = $1 ORDER BY position`,
    [hospitalId],
  );
  const head = await client.query<{ head: number }>(
    'SELECT head::int AS head FROM hospital_heads WHERE hospital_id = $1',
    [hospitalId],
  );
  const streams = await client.query<{ aggregate_id: string; version: number }>(
    'SELECT aggregate_id::text, version FROM streams WHERE hospital_id = $1',
    [hospitalId],
  );
  const commands = await client.query<{ command_id: string }>(
    'SELECT command_id::text FROM commands WHERE hospital_id = $1',
    [hospitalId],
  );
  const appointments = await client.query<ServerState['appointments'][number]>(
    `SELECT appointment_id::text, patient_id::text, doctor_id::text,
            to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS starts_at,
            duration_minutes, status
       FROM appointments WHERE hospital_id = $1`,
    [hospitalId],
  );
  return {
    events: events.rows,
    head: head.rows[0]?.head ?? 0,
    streams: new Map(streams.rows.map((row) => [row.aggregate_id, row.version])),
    commands: new Set(commands.rows.map((row) => row.command_id)),
    appointments: appointments.rows,
  };
}

/**
 * The server's log is whole: positions dense from 1 to the head, every event once,
 * every stream's versions dense and matching its streams row, every event's command
 * recorded for idempotency.
 */
export function expectWholeLog(server: ServerState) {
  expect(
    server.events.map((event) => event.position),
    'positions are dense from 1 to the head',
  ).toEqual(Array.from({ length: server.head }, (_, index) => index + 1));
  const ids = new Set(server.events.map((event) => event.event_id));
  expect(ids.size, 'every event id is stored once').toBe(server.events.length);
  const versions = new Map<string, number[]>();
  for (const event of server.events)
    versions.set(event.aggregate_id, [...(versions.get(event.aggregate_id) ?? []), event.version]);
  for (const [aggregateId, seen] of versions) {
    expect(
      [...seen].sort((left, right) => left - right),
      `versions of ${aggregateId} are dense`,
    ).toEqual(Array.from({ length: seen.length }, (_, index) => index + 1));
    expect(server.streams.get(aggregateId), `streams row of ${aggregateId}`).toBe(seen.length);
  }
  const unrecorded = server.events.filter((event) => !server.commands.has(event.command_id));
  expect(unrecorded, 'every stored command has its idempotency record').toEqual([]);
}

/**
 * Every result a tablet received as accepted, rebased or duplicate names events the
 * server holds exactly once, at the position and version it said, and the command has
 * no other events there.
 */
export function expectAcknowledgedStored(server: ServerState, tablets: Tablet[]) {
  const byId = new Map(server.events.map((event) => [event.event_id, event]));
  const byCommand = new Map<string, ServerEvent[]>();
  for (const event of server.events)
    byCommand.set(event.command_id, [...(byCommand.get(event.command_id) ?? []), event]);
  let checked = 0;
  for (const tablet of tablets) {
    for (const result of tablet.acknowledged) {
      const stored = byCommand.get(result.command_id) ?? [];
      expect(
        stored.map(({ event_id, version, position }) => ({ event_id, version, position })),
        `${tablet.name}: the events of ${result.status} command ${result.command_id}`,
      ).toEqual(result.events);
      for (const event of result.events) expect(byId.get(event.event_id)).toBeDefined();
      checked += 1;
    }
  }
  return checked;
}

/** Rows of every projection table, by key, without the `pending` flag. */
export async function projectedRows(db: LocalDatabase) {
  const tables: Record<string, unknown[]> = {};
  for (const table of projectionTables(db)) {
    const key = table.schema.primKey.keyPath as string;
    tables[table.name] = (await table.toArray())
      .map((row) => {
        const { pending: _pending, ...rest } = row as Record<string, unknown>;
        return rest;
      })
      .sort((left, right) => String(left[key]).localeCompare(String(right[key])));
  }
  return tables;
}

/**
 * The engine's invariant (docs/client.md): every projection table equals a rebuild
 * from the confirmed log in position order plus the outbox decided in order, and the
 * pending events are exactly that outbox's decisions.
 */
export async function expectInvariant(tablet: Tablet) {
  const expected = await expectedState(tablet.db, tablet.actor);
  for (const table of projectionTables(tablet.db)) {
    const key = table.schema.primKey.keyPath as string;
    const rows = new Map(
      (await table.toArray()).map((row) => [(row as Record<string, unknown>)[key], row]),
    );
    expect(rows, `${tablet.name}: ${table.name} equal a rebuild`).toEqual(
      expected.tables.get(table.name) ?? new Map(),
    );
  }
  const order = (
    left: { aggregate_id: string; version: number },
    right: { aggregate_id: string; version: number },
  ) => left.aggregate_id.localeCompare(right.aggregate_id) || left.version - right.version;
  const pending = (await tablet.db.events.where('confirmed').equals(0).toArray())
    .map(({ aggregate_id, version, type, data, command_id }) => ({
      aggregate_id,
      version,
      type,
      data,
      command_id,
    }))
    .sort(order);
  expect(pending, `${tablet.name}: pending events are the outbox decided in order`).toEqual(
    [...expected.pending].sort(order),
  );
}

/**
 * A tablet's confirmed log is the server's, event for event, as the person on it may
 * read it: a front-desk tablet holds clinical events without their clinical content.
 */
export async function expectSameLog(tablet: Tablet, server: ServerState) {
  const reader = { user_id: tablet.actor.userId, roles: tablet.actor.roles };
  const readable = server.events.map((event) => ({
    ...event,
    data: withoutUnreadableContent(event.type, event.data, reader) ?? event.data,
  }));
  const confirmed = (await confirmedLog(tablet.db))
    .map(({ event_id, position, aggregate_id, version, type, data, command_id }) => ({
      event_id,
      position,
      aggregate_id,
      version,
      type,
      data,
      command_id,
    }))
    .sort((left, right) => (left.position ?? 0) - (right.position ?? 0));
  expect(confirmed, `${tablet.name}: the confirmed log is the server's`).toEqual(readable);
}

/** What became of each command a tablet queued. */
export type Accounting = Pick<Tally, 'stored' | 'conflicts' | 'redundant'>;

/** Commands that, decided again, can come to nothing: the others must be stored or in the inbox. */
const mayComeToNothing = new Set(['UpdatePatientDetails', 'RescheduleAppointment']);

/**
 * Nothing lost, nothing in two places: each command a tablet queued is stored on the
 * server or in the tablet's conflicts inbox (never both), or was dropped because what
 * it wanted had already happened. The outbox holds only what the inbox holds.
 */
export async function expectEveryCommandAccounted(
  tablet: Tablet,
  server: ServerState,
  accounting: Accounting,
) {
  const inbox = await tablet.db.conflicts.toArray();
  const conflicts = new Set(inbox.map((conflict) => conflict.command_id));
  const stored = new Set(server.events.map((event) => event.command_id));
  for (const [commandId, type] of tablet.issued) {
    const inLog = stored.has(commandId);
    const inInbox = conflicts.has(commandId);
    // Never both: a refused command's answer is final (a late copy of its push is refused
    // again), and an entry the device opened itself is withdrawn when the log holds it.
    const settled = inbox.find((entry) => entry.command_id === commandId)?.resolution;
    expect(
      inLog && inInbox,
      `${tablet.name}: ${type} ${commandId} is stored and ${settled ? `settled (${settled.choice})` : 'open'} in the conflicts inbox`,
    ).toBe(false);
    if (inLog) accounting.stored += 1;
    else if (inInbox) accounting.conflicts += 1;
    else {
      expect(
        mayComeToNothing.has(type),
        `${tablet.name}: ${type} ${commandId} was lost (neither stored nor in the inbox)`,
      ).toBe(true);
      accounting.redundant += 1;
    }
  }
  const outbox = await tablet.db.outbox.toCollection().primaryKeys();
  expect(
    outbox.filter((commandId) => !conflicts.has(commandId)),
    `${tablet.name}: the outbox is drained`,
  ).toEqual([]);
}

/**
 * Every check of a healed, quiet run: the server's log is whole; what the tablets were
 * told is in it once; every command is accounted for; every tablet holds the engine
 * invariant, the server's log and, row for row, what a tablet that knows nothing pulls;
 * and the server's appointments read model agrees with the log.
 */
export async function expectConverged(
  inspector: pg.Client,
  serverUrl: string,
  admin: SessionResponse,
  tablets: Tablet[],
  tally: Tally,
) {
  const hospitalId = admin.user.hospital_id;
  const state = await readServerState(inspector, hospitalId);
  expectWholeLog(state);
  tally.acknowledgedChecked += expectAcknowledgedStored(state, tablets);
  for (const tablet of tablets) {
    await expectEveryCommandAccounted(tablet, state, tally);
    await expectInvariant(tablet);
    await expectSameLog(tablet, state);
  }
  tally.serverEvents += state.events.length;

  // What a tablet that knows nothing pulls, as each person may read it: one auditor per
  // read level, signed in as a person of that level.
  const auditors = new Map<
    boolean,
    { db: LocalDatabase; truth: Awaited<ReturnType<typeof projectedRows>> }
  >();
  try {
    for (const tablet of tablets) {
      const level = mayRead(tablet.actor.roles, 'clinical');
      let auditor = auditors.get(level);
      if (!auditor) {
        const db = new LocalDatabase(`convergence-auditor-${uuidv7()}`);
        await syncOnce(db, tablet.api, tablet.actor, `auditor-${uuidv7()}`);
        auditor = { db, truth: await projectedRows(db) };
        auditors.set(level, auditor);
      }
      expect(await projectedRows(tablet.db), `${tablet.name} shows the server's state`).toEqual(
        auditor.truth,
      );
    }
    const adminLevel = mayRead(admin.user.roles, 'clinical');
    let truth = auditors.get(adminLevel)?.truth;
    if (!truth) {
      const db = new LocalDatabase(`convergence-auditor-${uuidv7()}`);
      const actor = { hospitalId, userId: admin.user.user_id, roles: admin.user.roles };
      await syncOnce(db, new SyncApi(serverUrl, admin), actor, `auditor-${uuidv7()}`);
      truth = await projectedRows(db);
      auditors.set(adminLevel, { db, truth });
    }
    expect(
      [...state.appointments].sort((left, right) =>
        left.appointment_id.localeCompare(right.appointment_id),
      ),
      "the server's appointments read model",
    ).toEqual(
      (truth.appointments as Record<string, unknown>[]).map((row) => ({
        appointment_id: row.appointment_id,
        patient_id: row.patient_id,
        doctor_id: row.doctor_id,
        starts_at: new Date(row.starts_at as string).toISOString(),
        duration_minutes: row.duration_minutes,
        status: row.status,
      })),
    );
  } finally {
    for (const { db } of auditors.values()) await db.delete();
  }
}
