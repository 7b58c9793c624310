import type { AggregateType } from '@mymedic/shared';
import Dexie, { type Transaction } from 'dexie';
import type { LocalEvent } from './local-event';

/**
 * A confirmed event as its stream row keeps it: what the row says once (the aggregate)
 * and what every confirmed event says (confirmed) are left out.
 */
export type StoredEvent = Omit<LocalEvent, 'aggregate_id' | 'aggregate_type' | 'confirmed'>;

/**
 * The confirmed events of one aggregate, in version order: one row per stream, not one
 * per event (docs/client.md, "The local log"). Pending events stay in `events`.
 */
export interface StreamRow {
  aggregate_id: string;
  aggregate_type: AggregateType;
  events: StoredEvent[];
  /** The position of its newest event: the streams the log's newest events are in. */
  last_position: number;
  /** 1 while any of its events is held without its clinical content (indexed, sparse). */
  redacted?: 1;
}

export const storedEvent = ({
  aggregate_id: _aggregateId,
  aggregate_type: _aggregateType,
  confirmed: _confirmed,
  ...stored
}: LocalEvent): StoredEvent => stored;

/** The row's events as the rest of the engine reads them. */
export const eventsOf = (row: StreamRow | undefined): LocalEvent[] =>
  row
    ? row.events.map((event) => ({
        ...event,
        aggregate_id: row.aggregate_id,
        aggregate_type: row.aggregate_type,
        confirmed: 1,
      }))
    : [];

/** The row holding these confirmed events of one aggregate (at least one, version order). */
export function streamRow(
  aggregateId: string,
  aggregateType: AggregateType,
  events: StoredEvent[],
): StreamRow {
  const row: StreamRow = {
    aggregate_id: aggregateId,
    aggregate_type: aggregateType,
    events,
    last_position: events.reduce((newest, event) => Math.max(newest, event.position ?? 0), 0),
  };
  if (events.some((event) => event.redacted === 1)) row.redacted = 1;
  return row;
}

/**
 * A stream's held events with newly pulled ones. A version held already (a page pulled
 * again) takes the new copy; they come after the held ones, so this is a concatenation
 * but for a page pulled out of order.
 */
export function mergeEvents(held: StoredEvent[], pulled: StoredEvent[]): StoredEvent[] {
  const newest = held.at(-1)?.version ?? 0;
  const ascending = pulled.every(
    (event, index) => event.version > (index === 0 ? newest : pulled[index - 1]!.version),
  );
  if (ascending) return held.length === 0 ? pulled : [...held, ...pulled];
  const byVersion = new Map(held.map((event) => [event.version, event]));
  for (const event of pulled) byVersion.set(event.version, event);
  return [...byVersion.values()].sort((left, right) => left.version - right.version);
}

/**
 * Dexie version 8: the confirmed events of a device kept one row each move into their
 * streams' rows, read in aggregate order a few thousand at a time (a tablet may hold a
 * clinic's whole history), each aggregate whole, and leave the events table to the
 * pending ones.
 */
export async function moveConfirmedEventsToStreams(transaction: Transaction, chunk = 5000) {
  const events = transaction.table<LocalEvent>('events');
  const streams = transaction.table<StreamRow>('streams');
  const byStream = events.where('[aggregate_id+version]');
  let after: string | null = null;
  for (;;) {
    const read: LocalEvent[] = await (
      after === null
        ? events.orderBy('[aggregate_id+version]')
        : byStream.above([after, Dexie.maxKey])
    )
      .limit(chunk)
      .toArray();
    if (read.length === 0) break;
    const last = read.at(-1)!.aggregate_id;
    // The last aggregate read may go on past the chunk: it is read again, whole.
    const whole =
      read.length < chunk
        ? read
        : [
            ...read.filter((event) => event.aggregate_id !== last),
            ...(await byStream.between([last, Dexie.minKey], [last, Dexie.maxKey]).toArray()),
          ];
    const grouped = new Map<string, LocalEvent[]>();
    for (const event of whole) {
      if (event.confirmed !== 1) continue;
      const stream = grouped.get(event.aggregate_id);
      if (stream) stream.push(event);
      else grouped.set(event.aggregate_id, [event]);
    }
    await streams.bulkPut(
      [...grouped].map(([aggregateId, stream]) =>
        streamRow(aggregateId, stream[0]!.aggregate_type, stream.map(storedEvent)),
      ),
    );
    after = last;
  }
  await events.where('confirmed').equals(1).delete();
}
