import { z } from 'zod';
import { aggregateTypes } from '../kernel/decider';
import { deviceIdSchema } from './auth';
import { compactPullFormat, compactPullResponseSchema, maxCompactPullLimit } from './compact-pull';
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

/**
 * The ids a push names are written in lower case, the one spelling the store gives back
 * (PostgreSQL prints a uuid in lower case): an id in another spelling is refused, so
 * that the server never compares two spellings of one id.
 */
export const lowerCaseUuid = z.stringFormat(
  'uuid',
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  { message: 'Must be a UUID in lower case' },
);

export const pushedEventSchema = z.strictObject({
  event_id: lowerCaseUuid,
  type: z.string().min(1).max(100),
  schema_version: z.number().int().min(1).max(1000),
  version: z.number().int().min(1),
  data: z.unknown(),
});

export const pushedCommandSchema = z.strictObject({
  command_id: lowerCaseUuid,
  client_seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  type: z.string().min(1).max(100),
  aggregate_type: z.enum(aggregateTypes),
  aggregate_id: lowerCaseUuid,
  expected_version: z.number().int().min(0),
  payload: jsonObject,
  issued_at: z.iso.datetime({ offset: true }),
  events: z.array(pushedEventSchema).max(100),
});
export type PushedCommand = z.infer<typeof pushedCommandSchema>;

export const pushRequestSchema = z.strictObject({
  device_id: deviceIdSchema,
  commands: z.array(pushedCommandSchema).min(1),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

const firstStorableInstant = Date.parse('0001-01-01T00:00:00Z');
const lastStorableInstant = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether PostgreSQL can store this ISO date-time and a pull give it back in the same
 * ISO form. PostgreSQL has no year 0 and refuses offsets past 15:59; an instant past
 * 9999 in UTC would come back with a six-digit year. Offsets are held to 14:00 either
 * way, the widest any time zone uses.
 */
export function isStorableDateTime(text: string) {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const offsetMinutes = offset ? Number(offset[2]) * 60 + Number(offset[3]) : 0;
  const instant = Date.parse(text);
  return (
    Number(text.slice(0, 4)) >= 1 &&
    offsetMinutes <= 14 * 60 &&
    instant >= firstStorableInstant &&
    instant <= lastStorableInstant
  );
}

/** The push contract as the server takes it: with device clocks the event store can hold. */
export const storablePushRequestSchema = pushRequestSchema.superRefine((push, context) => {
  push.commands.forEach((command, index) => {
    if (!isStorableDateTime(command.issued_at)) {
      context.addIssue({
        code: 'custom',
        path: ['commands', index, 'issued_at'],
        message: 'Must be a date and time between the years 1 and 9999, in a real time zone',
      });
    }
  });
});

export const commandStatuses = [
  'accepted',
  'duplicate',
  'rebased',
  'conflict',
  'rejected',
] as const;
export type CommandStatus = (typeof commandStatuses)[number];

/** A value a refusal's sentence names (`RefusalValue`). */
export const refusalValueSchema = z.union([
  z.string(),
  z.number(),
  z.object({ key: z.string() }),
  z.object({ day: z.string() }),
  z.object({ country: z.string(), name: z.string() }),
]);

/**
 * `key` and `values` say the refusal in any language (docs/i18n.md); both are optional:
 * servers before them sent `code` and the English `message` only, and errors meant for
 * programs (a malformed request) may carry none.
 */
export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  key: z.string().optional(),
  values: z.record(z.string(), refusalValueSchema).optional(),
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

/**
 * `format=compact` asks for the second page format (compact-pull.ts), which may hold up
 * to `maxCompactPullLimit` events; without it, pages are as they always were.
 */
export const pullQuerySchema = z
  .strictObject({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(maxCompactPullLimit).default(1000),
    format: z.literal(compactPullFormat).optional(),
  })
  .superRefine((query, context) => {
    if (query.format === undefined && query.limit > maxPullLimit) {
      context.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum: maxPullLimit,
        inclusive: true,
        input: query.limit,
        path: ['limit'],
        message: `Too big: expected number to be <=${maxPullLimit}`,
      });
    }
  });

export const pullResponseSchema = z.object({
  events: z.array(eventEnvelopeSchema),
  head: z.number().int(),
  has_more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** A pull's answer in either format: the first or the compact (compact-pull.ts). */
export const pullPageSchema = z.union([pullResponseSchema, compactPullResponseSchema]);

export const liveMessageSchema = z.object({ head: z.number().int() });

/** Every refusal and failure of the API, whatever the route: `{"error": {code, message, key?, values?, details?}}`. */
export const errorResponseSchema = z.object({ error: errorBodySchema });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
