import type { EventEnvelope, PushedCommand } from '@mymedic/shared';
import Dexie from 'dexie';
import type { ConflictRecord, LocalDatabase, LocalEvent, PendingCommand } from './db';
import { unpackedEnvelopes, withConfirmed } from './packed';
import { projectionTables } from './projections';
import { eventsOf, mergeEvents, storedEvent, streamRow, type StreamRow } from './streams';

/**
 * The local log: the events this device holds (confirmed and pending), the outbox of
 * commands waiting for the server, the conflicts inbox, the stored files and the meta
 * counters, with the projection rows derived from them. Every write to them goes through
 * one transaction over the same tables, so writes nest (a screen's batch of commands, a
 * conflict's follow-up) and a new aggregate's projection table joins them all at once.
 */
export const writeTables = (db: LocalDatabase) => [
  db.events,
  db.streams,
  db.packed,
  db.outbox,
  db.conflicts,
  db.files,
  db.meta,
  ...projectionTables(db),
];

/** Runs fn in a write transaction over the local log (or inside the one already open). */
export const inWriteTransaction = <T>(db: LocalDatabase, fn: () => Promise<T>): Promise<T> =>
  db.transaction('rw', writeTables(db), fn);

/** These events (or envelopes) by aggregate, each aggregate's in the order given. */
export function byAggregate<Event extends { aggregate_id: string }>(events: Event[]) {
  const grouped = new Map<string, Event[]>();
  for (const event of events) {
    const stream = grouped.get(event.aggregate_id);
    if (stream) stream.push(event);
    else grouped.set(event.aggregate_id, [event]);
  }
  return grouped;
}

/**
 * Runs a reader of the confirmed history in one read transaction over the stream rows,
 * the packed pages and the pending events (or in the caller's, when it holds them): a
 * page moving from packed into its stream rows between two reads would otherwise be
 * missed, or read twice.
 */
const readingLog = <T>(db: LocalDatabase, read: () => Promise<T>): Promise<T> =>
  db.transaction('r?', [db.streams, db.packed, db.events], read);

/** Packed pages read already, by database and key: a packed page never changes. */
const readPages = new WeakMap<LocalDatabase, Map<number, Map<string, LocalEvent[]>>>();

/**
 * The confirmed events still in packed pages (a first sync's history on its way into the
 * stream rows, packed.ts), each page's by aggregate, oldest page first: none once moved.
 * Every reader below adds them, so the history is whole on the device all along.
 */
async function packedPages(db: LocalDatabase): Promise<Map<string, LocalEvent[]>[]> {
  const keys = await db.packed.toCollection().primaryKeys();
  if (keys.length === 0) {
    // The history has moved: the parsed pages are let go with it.
    readPages.delete(db);
    return [];
  }
  let read = readPages.get(db);
  if (!read) readPages.set(db, (read = new Map<number, Map<string, LocalEvent[]>>()));
  for (const key of read.keys()) if (!keys.includes(key)) read.delete(key);
  const missing = keys.filter((key) => !read.has(key));
  for (const page of await db.packed.bulkGet(missing))
    if (page) read.set(page.first, byAggregate(unpackedEnvelopes(page).map(confirmedEvent)));
  return keys.map((key) => read.get(key)!).filter(Boolean);
}

/** These aggregates' confirmed events: their stream rows with what is still packed. */
async function confirmedOf(db: LocalDatabase, rows: (StreamRow | undefined)[], ids: string[]) {
  const pages = await packedPages(db);
  return ids.map((aggregateId, index) =>
    pages.reduce(
      (stream, page) => withConfirmed(stream, page.get(aggregateId)),
      eventsOf(rows[index]),
    ),
  );
}

/** Every confirmed event held here, stream rows and packed pages, in no order. */
async function everyConfirmed(db: LocalDatabase, rows: StreamRow[]): Promise<LocalEvent[]> {
  const pages = await packedPages(db);
  if (pages.length === 0) return rows.flatMap(eventsOf);
  const streams = new Map(rows.map((row) => [row.aggregate_id, eventsOf(row)]));
  for (const page of pages)
    for (const [aggregateId, events] of page)
      streams.set(aggregateId, withConfirmed(streams.get(aggregateId) ?? [], events));
  return [...streams.values()].flat();
}

const byPosition = (left: LocalEvent, right: LocalEvent) =>
  (left.position ?? 0) - (right.position ?? 0);

/**
 * The events of one aggregate as this device sees it: the confirmed ones (its stream
 * row) in version order, then the pending ones (`events`, in client_seq order by version).
 */
export const localStream = (db: LocalDatabase, aggregateId: string): Promise<LocalEvent[]> =>
  readingLog(db, async () => {
    const [row, pending] = await Promise.all([
      db.streams.get(aggregateId),
      db.events
        .where('[aggregate_id+version]')
        .between([aggregateId, Dexie.minKey], [aggregateId, Dexie.maxKey])
        .toArray(),
    ]);
    const [confirmed] = await confirmedOf(db, [row], [aggregateId]);
    return [...confirmed!, ...pending];
  });

/** The confirmed events of these aggregates, each in version order (empty when none). */
export const confirmedStreams = (db: LocalDatabase, aggregateIds: string[]) =>
  readingLog(db, async () => confirmedOf(db, await db.streams.bulkGet(aggregateIds), aggregateIds));

/** Every confirmed event this device holds, in position order (the server's log order). */
export const confirmedLog = (db: LocalDatabase): Promise<LocalEvent[]> =>
  readingLog(db, async () =>
    (await everyConfirmed(db, await db.streams.toArray())).sort(byPosition),
  );

/** The confirmed events after this position, in position order. */
export const confirmedAfter = (db: LocalDatabase, position: number): Promise<LocalEvent[]> =>
  readingLog(db, async () => {
    const rows = await db.streams.where('last_position').above(position).toArray();
    const packed = (await packedPages(db)).flatMap((page) => [...page.values()].flat());
    return [...rows.flatMap(eventsOf), ...packed]
      .filter((event) => (event.position ?? 0) > position)
      .sort(byPosition);
  });

/** The position of the newest confirmed event held here (0 when none). */
export const newestPosition = (db: LocalDatabase) =>
  readingLog(db, async () =>
    Math.max(
      (await db.streams.orderBy('last_position').last())?.last_position ?? 0,
      (await db.packed.orderBy('first').last())?.last ?? 0,
    ),
  );

/** The confirmed events held without their clinical content. */
export const redactedEvents = (db: LocalDatabase) =>
  readingLog(db, async () => [
    ...(await db.streams.where('redacted').equals(1).toArray())
      .flatMap(eventsOf)
      .filter((event) => event.redacted === 1),
    ...(await packedPages(db))
      .flatMap((page) => [...page.values()].flat())
      .filter((event) => event.redacted === 1),
  ]);

/**
 * Moves the events of every packed page into their stream rows, oldest page first, in
 * the caller's write transaction: before anything rewrites stream rows, so that a row
 * rewritten holds its whole history.
 */
export async function unpackAll(db: LocalDatabase) {
  if ((await db.packed.count()) === 0) return;
  for (const page of await db.packed.orderBy('first').toArray()) {
    await appendConfirmed(db, unpackedEnvelopes(page));
    await db.packed.delete(page.first);
    readPages.get(db)?.delete(page.first);
  }
}

/**
 * A first sync's history after its state: moves the packed pages into their stream
 * rows, one page per transaction (the screens and the sync go on between them).
 */
export async function unpackHistory(db: LocalDatabase) {
  for (;;) {
    const moved = await inWriteTransaction(db, async () => {
      const page = await db.packed.orderBy('first').first();
      if (!page) return false;
      await appendConfirmed(db, unpackedEnvelopes(page));
      await db.packed.delete(page.first);
      readPages.get(db)?.delete(page.first);
      return true;
    });
    if (!moved) return;
  }
}

/**
 * Which of these aggregates have pending events in the log (with a command or not). The
 * events table holds only pending events, usually a handful, while a pulled page names
 * up to 10,000 aggregates: one read of its keys and a set beat 10,000 key ranges (Dexie
 * merges `inAnyRange`'s ranges pairwise, quadratic in their number).
 */
export async function aggregatesWithPendingEvents(db: LocalDatabase, aggregateIds: string[]) {
  if (aggregateIds.length === 0) return new Set<string>();
  const wanted = new Set(aggregateIds);
  const keys = (await db.events.orderBy('[aggregate_id+version]').keys()) as unknown as [
    string,
    number,
  ][];
  return new Set(keys.map(([aggregateId]) => aggregateId).filter((id) => wanted.has(id)));
}

export const confirmedVersion = (stream: LocalEvent[]) =>
  stream.filter((event) => event.confirmed === 1).length;

/** A pending command's events as the local log holds them until the server confirms them. */
export const pendingEvents = (command: PushedCommand): LocalEvent[] =>
  command.events.map((event) => ({
    event_id: event.event_id,
    aggregate_type: command.aggregate_type,
    aggregate_id: command.aggregate_id,
    version: event.version,
    type: event.type,
    schema_version: event.schema_version,
    data: event.data,
    command_id: command.command_id,
    confirmed: 0,
    position: null,
    meta: null,
    stored_at: null,
  }));

/** A pulled event as the local log holds it: confirmed, with its position and audit trail. */
export const confirmedEvent = (envelope: EventEnvelope): LocalEvent => ({
  event_id: envelope.event_id,
  aggregate_type: envelope.aggregate_type,
  aggregate_id: envelope.aggregate_id,
  version: envelope.version,
  type: envelope.type,
  schema_version: envelope.schema_version,
  data: envelope.data,
  command_id: envelope.meta.command_id,
  confirmed: 1,
  position: envelope.position,
  meta: envelope.meta,
  stored_at: envelope.stored_at,
  ...(envelope.redacted ? { redacted: 1 as const } : {}),
});

/** The pending commands of one aggregate, in the order they were issued. */
export const pendingCommandsOf = async (db: LocalDatabase, aggregateId: string) =>
  (await db.outbox.where('aggregate_id').equals(aggregateId).toArray()).sort(
    (left, right) => left.client_seq - right.client_seq,
  );

/** Queues a command for the server and appends its events as pending. */
export async function appendPending(db: LocalDatabase, command: PendingCommand) {
  await db.outbox.put(command);
  await db.events.bulkAdd(pendingEvents(command));
}

/** Takes a command out of the outbox, with its pending events. */
export async function dropPending(db: LocalDatabase, commandId: string) {
  await db.outbox.delete(commandId);
  await db.events.where('command_id').equals(commandId).delete();
}

/** Puts a refused command in the conflicts inbox, out of the outbox and the log. */
export async function moveToConflicts(
  db: LocalDatabase,
  command: PendingCommand,
  kind: ConflictRecord['kind'],
  error: ConflictRecord['error'],
  now: string,
) {
  const { acknowledged: _acknowledged, ...sent } = command;
  await dropPending(db, command.command_id);
  await db.conflicts.put({
    command_id: command.command_id,
    command: sent,
    kind,
    error,
    created_at: now,
    resolution: null,
  });
}

/**
 * An inbox entry whose command the log holds after all: the device put it there itself,
 * deciding it again on part of what it lacked (a pulled page before the one that holds
 * it, or a push whose answer was lost), or the server's refusal was pruned past its
 * bound before a late copy arrived (the server answers a refused command's copies with
 * the same refusal while it keeps it). The log has the last word: an entry nobody has
 * settled yet is withdrawn, as there is nothing left to settle.
 */
export async function withdrawStoredConflicts(db: LocalDatabase, commandIds: Set<string>) {
  if ((await db.conflicts.count()) === 0) return;
  const stored = await db.conflicts.bulkGet([...commandIds]);
  await db.conflicts.bulkDelete(
    stored
      .filter((conflict) => conflict !== undefined && conflict.resolution === null)
      .map((conflict) => conflict!.command_id),
  );
}

/** The commands of these ids still waiting for the server (undefined for the others). */
export const pendingCommands = (db: LocalDatabase, commandIds: string[]) =>
  db.outbox.bulkGet(commandIds);

/** The ids of every command waiting for the server: one read, the outbox is usually small. */
export const pendingCommandIds = async (db: LocalDatabase) =>
  new Set(await db.outbox.toCollection().primaryKeys());

/** Which of these aggregates have commands waiting for the server. */
export const aggregatesWithPending = async (db: LocalDatabase, aggregateIds: string[]) =>
  new Set((await db.outbox.where('aggregate_id').anyOf(aggregateIds).keys()) as string[]);

/** The server answered the command (accepted, duplicate, rebased): it waits for the pull. */
export const markAcknowledged = (db: LocalDatabase, commandId: string) =>
  db.outbox.update(commandId, { acknowledged: 1 });

/** Takes a command out of the outbox whose pending events are gone already. */
export const unqueue = (db: LocalDatabase, commandId: string) => db.outbox.delete(commandId);

/** Removes the pending events of a stream (before its commands are decided again). */
export const removePendingEvents = (db: LocalDatabase, stream: LocalEvent[]) =>
  db.events.bulkDelete(
    stream.filter((event) => event.confirmed === 0).map((event) => event.event_id),
  );

/** The confirmed streams an answer changed: each aggregate's confirmed events, in order. */
export type ChangedStreams = Map<string, LocalEvent[]>;

/**
 * Rewrites the stream rows of the aggregates these events belong to, each read once and
 * written once: `change` gets each row's held events and the aggregate's events among
 * these, and returns its new events, or null to leave the row as it is.
 */
async function rewriteStreams(
  db: LocalDatabase,
  envelopes: EventEnvelope[],
  change: (held: StreamRow['events'], arrived: EventEnvelope[]) => StreamRow['events'] | null,
): Promise<ChangedStreams> {
  const grouped = byAggregate(envelopes);
  const ids = [...grouped.keys()];
  const held = await db.streams.bulkGet(ids);
  const rows: StreamRow[] = [];
  ids.forEach((aggregateId, index) => {
    const arrived = grouped.get(aggregateId)!;
    const events = change(held[index]?.events ?? [], arrived);
    if (events) rows.push(streamRow(aggregateId, arrived[0]!.aggregate_type, events));
  });
  await db.streams.bulkPut(rows);
  return new Map(rows.map((row) => [row.aggregate_id, eventsOf(row)]));
}

/** Stores pulled events as confirmed, in their streams' rows. */
export const appendConfirmed = (db: LocalDatabase, envelopes: EventEnvelope[]) =>
  rewriteStreams(db, envelopes, (held, arrived) =>
    mergeEvents(
      held,
      arrived.map((envelope) => storedEvent(confirmedEvent(envelope))),
    ),
  );

/**
 * Puts the full copies of events held without their clinical content in their place;
 * events held whole, or not held, stay as they are. Returns the streams that changed.
 */
export const unredactEvents = (db: LocalDatabase, envelopes: EventEnvelope[]) =>
  rewriteStreams(db, envelopes, (held, arrived) => {
    const full = new Map(arrived.map((envelope) => [envelope.event_id, envelope]));
    let changed = false;
    const events = held.map((event) => {
      const envelope = full.get(event.event_id);
      if (event.redacted !== 1 || !envelope) return event;
      changed = true;
      const { redacted: _redacted, ...rest } = event;
      return { ...rest, data: envelope.data };
    });
    return changed ? events : null;
  });
