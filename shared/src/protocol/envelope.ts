import { z } from 'zod';
import { aggregateTypes } from '../kernel/decider';

export const eventMetaSchema = z.object({
  user_id: z.uuid(),
  device_id: z.string().min(1).max(100),
  command_id: z.uuid(),
  issued_at: z.iso.datetime({ offset: true }),
});
export type EventMeta = z.infer<typeof eventMetaSchema>;

/** An event as stored and as pulled. */
export const eventEnvelopeSchema = z.object({
  event_id: z.uuid(),
  hospital_id: z.uuid(),
  aggregate_type: z.enum(aggregateTypes),
  aggregate_id: z.uuid(),
  version: z.number().int().min(1),
  type: z.string().min(1).max(100),
  schema_version: z.number().int().min(1),
  data: z.unknown(),
  meta: eventMetaSchema,
  position: z.number().int().min(1),
  stored_at: z.iso.datetime({ offset: true }),
  /**
   * Set when the event's clinical content was left out for a person who may not read
   * it (the permission table's read rules): `data` then holds only what remains.
   */
  redacted: z.literal(true).optional(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
