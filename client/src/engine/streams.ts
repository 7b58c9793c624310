import type { AggregateType } from '@mymedic/shared';
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
