import {
  withoutUnreadableContent,
  type EventEnvelope,
  type PullResponse,
  type Reader,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';

export interface EventRow {
  event_id: string;
  aggregate_type: EventEnvelope['aggregate_type'];
  aggregate_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  user_id: string;
  device_id: string;
  command_id: string;
  /** Formatted by the database (`utcIsoText`): no driver parses a time on this path. */
  issued_at: string;
  position: number;
  stored_at: string;
}

/**
 * Up to `count` events after a position, in position order, as stored. A hospital's
 * positions are dense (its head row numbers each append, migration 0002), so the next
 * `count` events are exactly those up to `after + count`: the bound keeps the read to
 * them whatever the planner believes. Without it, statistics taken before a clinic's
 * history grew (a new clinic, a fresh import) led PostgreSQL to fetch every event after
 * the position and sort them for each page: 2 s per page of 10,000 at 100,000 events.
 */
export async function eventRowsAfter(sql: Sql, hospitalId: string, after: number, count: number) {
  const { rows } = await sql.query<EventRow>(
    `SELECT event_id, aggregate_type, aggregate_id, version, type, schema_version, data,
              user_id, device_id, command_id, ${utcIsoText('issued_at')} AS issued_at, position,
              ${utcIsoText('stored_at')} AS stored_at
         FROM event_store
        WHERE hospital_id = $1 AND position > $2 AND position <= $2 + $3
        ORDER BY position
        LIMIT $3`,
    [hospitalId, after, count],
  );
  return rows;
}

/** The hospital's head: the position of its newest event, 0 before any. */
export async function headOf(sql: Sql, hospitalId: string) {
  const { rows } = await sql.query<{ head: number }>(
    'SELECT head FROM hospital_heads WHERE hospital_id = $1',
    [hospitalId],
  );
  return rows[0]?.head ?? 0;
}

/**
 * A stored event as a person pulls it: without what they may not read, marked
 * `redacted` (for someone who may not read clinical records its clinical content, for
 * anyone a message is not for, its body). Without a reader (the server's own read
 * models) all of it.
 */
export function envelopeOf(row: EventRow, hospitalId: string, reader?: Reader): EventEnvelope {
  const redacted = reader ? withoutUnreadableContent(row.type, row.data, reader) : null;
  return {
    event_id: row.event_id,
    hospital_id: hospitalId,
    aggregate_type: row.aggregate_type,
    aggregate_id: row.aggregate_id,
    version: row.version,
    type: row.type,
    schema_version: row.schema_version,
    data: redacted ?? row.data,
    meta: {
      user_id: row.user_id,
      device_id: row.device_id,
      command_id: row.command_id,
      issued_at: isoInstant(row.issued_at),
    },
    position: row.position,
    stored_at: isoInstant(row.stored_at),
    ...(redacted ? { redacted: true as const } : {}),
  };
}

/**
 * The events after a position, in position order, one page at a time, as `reader` may
 * read them (`envelopeOf`).
 */
export async function pullEvents(
  sql: Sql,
  hospitalId: string,
  after: number,
  limit: number,
  reader?: Reader,
): Promise<PullResponse> {
  const rows = await eventRowsAfter(sql, hospitalId, after, limit + 1);
  const head = await headOf(sql, hospitalId);
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => envelopeOf(row, hospitalId, reader)),
    head: Math.max(head, page.at(-1)?.position ?? 0),
    has_more: rows.length > limit,
  };
}
