import { withoutClinicalContent, type EventEnvelope, type PullResponse } from '@mymedic/shared';
import type { Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';

interface EventRow {
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
 * The events after a position, in position order, one page at a time. For a person who
 * may not read clinical records each event comes without its clinical content, marked
 * `redacted`: what happened, to whom, by whom and when, never what was found or given.
 */
export async function pullEvents(
  sql: Sql,
  hospitalId: string,
  after: number,
  limit: number,
  readsClinical = true,
): Promise<PullResponse> {
  const { rows } = await sql.query<EventRow>(
    `SELECT event_id, aggregate_type, aggregate_id, version, type, schema_version, data,
              user_id, device_id, command_id, ${utcIsoText('issued_at')} AS issued_at, position,
              ${utcIsoText('stored_at')} AS stored_at
         FROM event_store
        WHERE hospital_id = $1 AND position > $2
        ORDER BY position
        LIMIT $3`,
    [hospitalId, after, limit + 1],
  );
  const heads = await sql.query<{ head: number }>(
    'SELECT head FROM hospital_heads WHERE hospital_id = $1',
    [hospitalId],
  );
  const page = rows.slice(0, limit);
  return {
    events: page.map((row): EventEnvelope => {
      const redacted = readsClinical ? null : withoutClinicalContent(row.type, row.data);
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
    }),
    head: Math.max(heads.rows[0]?.head ?? 0, page.at(-1)?.position ?? 0),
    has_more: rows.length > limit,
  };
}
