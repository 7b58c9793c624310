import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  isDomainError,
  refusalBody,
  uuidv7,
  type AggregateType,
  type CommandResult,
  type EventEnvelope,
} from '@mymedic/shared';
import type { LocalDatabase, LocalEvent, PendingCommand } from './db';
import { writeMeta } from './db';
import { clinicTimeZone, issuerOf, type Actor } from './execute';
import {
  aggregatesWithPending,
  aggregatesWithPendingEvents,
  appendConfirmed,
  appendPending,
  byAggregate,
  confirmedEvent,
  dropPending,
  markAcknowledged,
  pendingCommandIds,
  pendingCommands,
  removePendingEvents,
  unpackAll,
  unqueue,
  unredactEvents,
  type ChangedStreams,
  inWriteTransaction,
  localStream,
  moveToConflicts,
  pendingCommandsOf,
  pendingEvents,
  withdrawStoredConflicts,
} from './local-log';
import { packedPage, withConfirmed } from './packed';
import { writeProjection, writeProjections } from './projections';

/*
 * Reconciling the server's answers with the local log: push results, pulled pages and
 * the unredacted copies of events, and the rebase of pending commands they call for.
 * Each answer is applied in one write transaction of the local log.
 */

/**
 * Decides the pending commands of one aggregate again on top of what is confirmed now
 * (rebase). A command the decider now refuses goes to the conflicts inbox with both
 * sides, never to the bin. Runs inside the caller's transaction.
 */
async function rebaseAggregate(
  db: LocalDatabase,
  actor: Actor,
  aggregateType: AggregateType,
  aggregateId: string,
  now: string,
) {
  const stream = await localStream(db, aggregateId);
  const confirmed = stream.filter((event) => event.confirmed === 1);
  const pending = await pendingCommandsOf(db, aggregateId);
  await removePendingEvents(db, stream);
  const rebuilt: LocalEvent[] = [...confirmed];
  const timeZone = await clinicTimeZone(db, actor);
  for (const command of pending) {
    try {
      const events = decideCommand(command, foldEvents(aggregateType, rebuilt), {
        hospital_id: actor.hospitalId,
        aggregate_id: aggregateId,
        // Decided again as the person who issued it, not whoever holds the device now.
        actor: issuerOf(command, actor),
        issued_at: command.issued_at,
        time_zone: timeZone,
      });
      if (events.length === 0) {
        // Someone else already made this change: nothing is left to send.
        await unqueue(db, command.command_id);
        continue;
      }
      const redecided: PendingCommand = {
        ...command,
        expected_version: rebuilt.length,
        events: events.map((event, index) => ({
          event_id:
            command.events[index]?.type === event.type ? command.events[index].event_id : uuidv7(),
          type: event.type,
          schema_version: currentSchemaVersion(event.type),
          version: rebuilt.length + 1 + index,
          data: event.data,
        })),
      };
      await appendPending(db, redecided);
      rebuilt.push(...pendingEvents(redecided));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // The server stored this one already (it answered accepted, rebased or duplicate):
      // the refusal only means this device lacks what it was decided on there. It is no
      // conflict; it waits, unshown, for the pull that brings the server's events.
      if (command.acknowledged === 1) continue;
      await moveToConflicts(db, command, 'conflict', refusalBody(error), now);
    }
  }
  await writeProjection(db, aggregateType, aggregateId, rebuilt);
}

/**
 * Discards commands that never reached the server, after the person who issued them
 * confirmed it: their pending events go, and the rest of each aggregate's pending work
 * is decided again without them. Commands the server acknowledged are never discarded.
 */
export async function discardUnsent(db: LocalDatabase, actor: Actor, commandIds: string[]) {
  await inWriteTransaction(db, async () => {
    const touched = new Map<string, AggregateType>();
    for (const command of await pendingCommands(db, commandIds)) {
      if (!command || command.acknowledged === 1) continue;
      await dropPending(db, command.command_id);
      touched.set(command.aggregate_id, command.aggregate_type);
    }
    for (const [aggregateId, aggregateType] of touched)
      await rebaseAggregate(db, actor, aggregateType, aggregateId, new Date().toISOString());
  });
}

/**
 * Applies the server's answer to a push. Accepted, duplicate and rebased commands wait
 * for the pull that confirms them; conflicts and rejections go to the inbox.
 */
export async function applyPushResults(
  db: LocalDatabase,
  actor: Actor,
  results: CommandResult[],
  now = new Date(),
) {
  await inWriteTransaction(db, async () => {
    const touched = new Map<string, AggregateType>();
    for (const result of results) {
      const [command] = await pendingCommands(db, [result.command_id]);
      if (!command) continue;
      if (result.status === 'conflict' || result.status === 'rejected') {
        await moveToConflicts(
          db,
          command,
          result.status,
          result.error ?? { code: result.status, message: result.status },
          now.toISOString(),
        );
        touched.set(command.aggregate_id, command.aggregate_type);
      } else if (result.events.length === 0) {
        // The server holds what the command wanted already: no event will confirm it.
        await dropPending(db, command.command_id);
        touched.set(command.aggregate_id, command.aggregate_type);
      } else {
        await markAcknowledged(db, command.command_id);
      }
    }
    for (const [aggregateId, aggregateType] of touched)
      await rebaseAggregate(db, actor, aggregateType, aggregateId, now.toISOString());
  });
}

/**
 * A first sync storing the clinic's state first and its history after (docs/client.md,
 * "The local log"): each page is kept whole as one packed value and only its projection
 * rows are written, worked out from the streams this round has pulled, held here in
 * memory; the packed pages move into the stream rows afterwards (`unpackHistory`). It
 * holds while the device had no history when the round began and the pages touch no
 * aggregate with work pending here, and up to `limit` events (the memory it takes);
 * past that the packed pages are unpacked at once and the round goes on as any other.
 */
export class PackingRound {
  readonly streams = new Map<string, LocalEvent[]>();
  events = 0;
  active = true;

  constructor(readonly limit = packedEventsLimit) {}
}

/** Events a packing round holds in memory at most (about 600 bytes each). */
export const packedEventsLimit = 200_000;

/**
 * Applies one pulled page, its new cursor and the outbox trim in ONE transaction. A
 * pulled event of one of our commands confirms it; any other touches an aggregate
 * whose pending commands are then decided again. In a packing round, the page may be
 * kept whole instead of written into its stream rows (PackingRound).
 */
export async function applyPulledPage(
  db: LocalDatabase,
  actor: Actor,
  events: EventEnvelope[],
  now = new Date(),
  packing: PackingRound | null = null,
) {
  if (events.length === 0) return;
  await inWriteTransaction(db, async () => {
    const touched = new Map<string, AggregateType>();
    const confirmedCommands = new Set<string>();
    for (const envelope of events) {
      confirmedCommands.add(envelope.meta.command_id);
      touched.set(envelope.aggregate_id, envelope.aggregate_type);
    }
    // Our own commands, now in the log: their pending copies give way to the server's.
    // One read of the outbox's keys, not one per pulled command: it is usually small.
    const waiting = await pendingCommandIds(db);
    for (const commandId of confirmedCommands) {
      if (!waiting.has(commandId)) continue;
      await dropPending(db, commandId);
    }
    await withdrawStoredConflicts(db, confirmedCommands);
    const pending = await withWorkPending(db, [...touched.keys()]);
    // A page may be packed within the round's bound and when no aggregate has work pending.
    const streams =
      packing?.active && packing.events + events.length <= packing.limit && pending.size === 0
        ? await packPage(db, packing, events)
        : null;
    if (packing) packing.active = streams !== null;
    if (!streams) await unpackAll(db);
    await writeMeta(db, 'cursor', events.at(-1)!.position);
    await rebaseTouched(
      db,
      actor,
      touched,
      pending,
      streams ?? (await appendConfirmed(db, events)),
      now.toISOString(),
    );
  });
}

/**
 * Which of these aggregates have work pending here: commands, or pending events without
 * one (which the full rebase clears, as before).
 */
async function withWorkPending(db: LocalDatabase, ids: string[]) {
  const [withCommands, withEvents] = await Promise.all([
    aggregatesWithPending(db, ids),
    aggregatesWithPendingEvents(db, ids),
  ]);
  return new Set([...withCommands, ...withEvents]);
}

/** Keeps the page whole; returns its aggregates' streams as the round has them now. */
async function packPage(db: LocalDatabase, packing: PackingRound, events: EventEnvelope[]) {
  const streams: ChangedStreams = new Map();
  for (const [aggregateId, more] of byAggregate(events.map(confirmedEvent))) {
    const stream = withConfirmed(packing.streams.get(aggregateId) ?? [], more);
    packing.streams.set(aggregateId, stream);
    streams.set(aggregateId, stream);
  }
  await db.packed.put(packedPage(events));
  packing.events += events.length;
  return streams;
}

/**
 * Puts the full events in place of copies pulled without their clinical content (for
 * someone who may read them now), and projects their aggregates again. Only events held
 * here as redacted change; the cursor stays where it is.
 */
export async function applyUnredactedPage(
  db: LocalDatabase,
  actor: Actor,
  events: EventEnvelope[],
  now = new Date(),
) {
  const full = events.filter((envelope) => !envelope.redacted);
  if (full.length === 0) return;
  await inWriteTransaction(db, async () => {
    await unpackAll(db);
    const streams = await unredactEvents(db, full);
    const touched = new Map<string, AggregateType>();
    for (const envelope of full)
      if (streams.has(envelope.aggregate_id))
        touched.set(envelope.aggregate_id, envelope.aggregate_type);
    const pending = await withWorkPending(db, [...touched.keys()]);
    await rebaseTouched(db, actor, touched, pending, streams, now.toISOString());
  });
}

/**
 * Rebases every aggregate a pulled page touched. One with nothing pending here (every
 * one, on a device catching up) only has its row projected again from its confirmed
 * stream, just written, which is what rebaseAggregate would do: those rows are worked
 * out in memory and written in bulk, rather than waiting on IndexedDB once per aggregate.
 */
async function rebaseTouched(
  db: LocalDatabase,
  actor: Actor,
  touched: Map<string, AggregateType>,
  pending: ReadonlySet<string>,
  streams: ChangedStreams,
  now: string,
) {
  await writeProjections(
    db,
    [...touched.keys()]
      .filter((id) => !pending.has(id))
      .map((aggregateId) => ({
        aggregateType: touched.get(aggregateId)!,
        aggregateId,
        stream: streams.get(aggregateId) ?? [],
      })),
  );
  for (const [aggregateId, aggregateType] of touched)
    if (pending.has(aggregateId)) await rebaseAggregate(db, actor, aggregateType, aggregateId, now);
}
