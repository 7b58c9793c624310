import { z } from 'zod';
import { aggregateTypes } from '../kernel/decider';
import { eventEnvelopeSchema, eventMetaSchema, type EventEnvelope } from './envelope';

/**
 * The pull's second page format (`GET /sync/pull?format=compact`): each event a JSON
 * array of its fields in this order, with no keys and without the hospital, which the
 * page names once; a 14th element `1` marks a redacted event. The server streams it as
 * it reads the log, so a page may be larger than the first format's.
 */
export const compactPullFormat = 'compact';
export const maxCompactPullLimit = 10_000;

export const compactEventFields = [
  'event_id',
  'aggregate_type',
  'aggregate_id',
  'version',
  'type',
  'schema_version',
  'data',
  'user_id',
  'device_id',
  'command_id',
  'issued_at',
  'position',
  'stored_at',
] as const;

export type CompactEvent = [
  event_id: string,
  aggregate_type: EventEnvelope['aggregate_type'],
  aggregate_id: string,
  version: number,
  type: string,
  schema_version: number,
  data: unknown,
  user_id: string,
  device_id: string,
  command_id: string,
  issued_at: string,
  position: number,
  stored_at: string,
  redacted?: 1,
];

const envelope = eventEnvelopeSchema.shape;
const meta = eventMetaSchema.shape;

export const compactEventSchema = z
  .tuple([
    envelope.event_id,
    z.enum(aggregateTypes),
    envelope.aggregate_id,
    envelope.version,
    envelope.type,
    envelope.schema_version,
    z.unknown(),
    meta.user_id,
    meta.device_id,
    meta.command_id,
    meta.issued_at,
    envelope.position,
    envelope.stored_at,
  ])
  .rest(z.literal(1))
  .refine((row) => row.length <= 14, 'At most one redaction mark');

export const compactPullResponseSchema = z.object({
  format: z.literal(compactPullFormat),
  hospital_id: z.uuid(),
  events: z.array(compactEventSchema),
  head: z.number().int(),
  has_more: z.boolean(),
});
export type CompactPullResponse = z.infer<typeof compactPullResponseSchema>;

/** An envelope as a compact page carries it. */
export function compactEventOf(event: EventEnvelope): CompactEvent {
  const row: CompactEvent = [
    event.event_id,
    event.aggregate_type,
    event.aggregate_id,
    event.version,
    event.type,
    event.schema_version,
    event.data,
    event.meta.user_id,
    event.meta.device_id,
    event.meta.command_id,
    event.meta.issued_at,
    event.position,
    event.stored_at,
  ];
  if (event.redacted) row.push(1);
  return row;
}

/** A compact page as the first format's (a `PullResponse`): the envelopes every device stores. */
export function pullResponseOfCompact(page: CompactPullResponse): {
  events: EventEnvelope[];
  head: number;
  has_more: boolean;
} {
  const hospitalId = page.hospital_id;
  return {
    events: page.events.map((row): EventEnvelope => {
      const [eventId, aggregateType, aggregateId, version, type, schemaVersion, data] = row;
      return {
        event_id: eventId,
        hospital_id: hospitalId,
        aggregate_type: aggregateType,
        aggregate_id: aggregateId,
        version,
        type,
        schema_version: schemaVersion,
        data,
        meta: { user_id: row[7], device_id: row[8], command_id: row[9], issued_at: row[10] },
        position: row[11],
        stored_at: row[12],
        ...(row[13] === 1 ? { redacted: true as const } : {}),
      };
    }),
    head: page.head,
    has_more: page.has_more,
  };
}
