import type { EventEnvelope } from '@mymedic/shared';
import type { Sql } from '../db/database';

/** An event as the append path has just stored it (stored_at is the database's). */
export type StoredEvent = Omit<EventEnvelope, 'stored_at'>;

/**
 * What a read model reads of an event: which aggregate and what happened. The append
 * path projects before the events are numbered, so positions are not among it.
 */
export type ProjectedEvent = Pick<
  EventEnvelope,
  'aggregate_id' | 'type' | 'schema_version' | 'data'
>;

/**
 * A server read model: kept in the append transaction, so it never lags the log, and
 * rebuildable from the log alone (`pnpm rebuild-projections`).
 */
export interface ServerProjection {
  name: string;
  /** The tables it owns, emptied before a rebuild. */
  tables: string[];
  handles: ReadonlySet<string>;
  apply(sql: Sql, hospitalId: string, events: ProjectedEvent[]): Promise<void>;
  /** Runs after a rebuild has replayed one hospital's log, in the same transaction. */
  afterRebuild?(sql: Sql, hospitalId: string): Promise<void>;
}

/** Feeds each projection the events it handles, in order, inside the caller's transaction. */
export async function applyProjections(
  projections: readonly ServerProjection[],
  sql: Sql,
  hospitalId: string,
  events: ProjectedEvent[],
) {
  for (const projection of projections) {
    const relevant = events.filter((event) => projection.handles.has(event.type));
    if (relevant.length > 0) await projection.apply(sql, hospitalId, relevant);
  }
}
