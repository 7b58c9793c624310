import { z } from 'zod';
import { aggregateTypes } from '../kernel/decider';
import { eventEnvelopeSchema } from './envelope';

export const maxCommandsPerPush = 500;
export const maxPushBytes = 1024 * 1024;
export const maxPullLimit = 5000;

/**
 * The device clocks a push may carry (`issued_at`, which is also when a note or a
 * prescription was signed). No record of this system predates 2020, so an earlier time
 * is a device whose clock was reset; the past bound stays fixed because a device offline
 * for a week (or a month) must still push what it recorded then. The future bound is
 * tight, relative to the server's receipt time: a few hours of time zone or drift
 * mistakes pass, a clock set days ahead does not. A command outside is `rejected`.
 */
export const earliestIssuedAt = '2020-01-01T00:00:00.000Z';
export const maxClockAheadMs = 24 * 60 * 60 * 1000;

const jsonObject = z.record(z.string(), z.unknown());

export const pushedEventSchema = z.strictObject({
  event_id: z.uuid(),
  type: z.string().min(1).max(100),
  schema_version: z.number().int().min(1).max(1000),
  version: z.number().int().min(1),
  data: z.unknown(),
});

export const pushedCommandSchema = z.strictObject({
  command_id: z.uuid(),
  client_seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  type: z.string().min(1).max(100),
  aggregate_type: z.enum(aggregateTypes),
  aggregate_id: z.uuid(),
  expected_version: z.number().int().min(0),
  payload: jsonObject,
  issued_at: z.iso.datetime({ offset: true }),
  events: z.array(pushedEventSchema).max(100),
});
export type PushedCommand = z.infer<typeof pushedCommandSchema>;

export const pushRequestSchema = z.strictObject({
  device_id: z.string().min(1).max(100),
  commands: z.array(pushedCommandSchema).min(1),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const commandStatuses = [
  'accepted',
  'duplicate',
  'rebased',
  'conflict',
  'rejected',
] as const;
export type CommandStatus = (typeof commandStatuses)[number];

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const commandResultSchema = z.object({
  command_id: z.uuid(),
  status: z.enum(commandStatuses),
  events: z.array(
    z.object({ event_id: z.uuid(), version: z.number().int(), position: z.number().int() }),
  ),
  error: errorBodySchema.optional(),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(commandResultSchema),
  last_client_seq: z.number().int(),
  head: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(maxPullLimit).default(1000),
});

export const pullResponseSchema = z.object({
  events: z.array(eventEnvelopeSchema),
  head: z.number().int(),
  has_more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const liveMessageSchema = z.object({ head: z.number().int() });
