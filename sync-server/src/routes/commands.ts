import { createHash } from 'node:crypto';
import {
  commandPathSchema,
  foldEvents,
  getCommandDefinition,
  idempotencyKeySchema,
  mayRead,
  prescriptionContentSchema,
  prescriptionSigningText,
  restCommandBodySchema,
  restCommandResponseSchema,
  sha256HexOfText,
  uuidv7,
  withoutUnreadableContent,
  type AggregateType,
  type Reader,
} from '@mymedic/shared';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { clinicPhoneCountry } from '../read-side/queries';
import { batchRefusalError, HttpError, parseRequest, saidOf } from '../errors';
import type { EventStore } from '../event-store/store';
import { authenticate } from '../plugins/authenticate';
import { refusals, requestPart, type ContractRoutes } from '../plugins/contract';

export interface CommandRouteOptions {
  database: Database;
  store: EventStore;
  refusalsKept: number;
  clock: () => Date;
}

const typeOf = (kebab: string) =>
  kebab
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/**
 * The command id of a request with an Idempotency-Key: the same key from the same person
 * names the same command, so a retry is answered from the command's record, never
 * stored twice.
 */
function commandIdOf(hospitalId: string, userId: string, key: string) {
  const hex = createHash('sha256').update(`${hospitalId}\n${userId}\n${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const mrnAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The MRN of a patient registered through the API without one: drawn from the new
 * patient's id (50 of its random bits), so a retry with the same Idempotency-Key
 * registers the same MRN, and unlike any a tablet makes (theirs start with a
 * five-letter device code).
 */
function mrnOf(aggregateId: string) {
  let bits = BigInt(`0x${aggregateId.replace(/-/g, '').slice(-13)}`);
  let code = '';
  for (let index = 0; index < 10; index += 1) {
    code += mrnAlphabet[Number(bits % 32n)];
    bits /= 32n;
  }
  return `API-${code}`;
}

/** The commands that take phone numbers, read in the clinic's country (`country`). */
const takesPhones = new Set(['RegisterPatient', 'UpdatePatientDetails']);

/**
 * The payload as decided. What a tablet works out before sending and a script with curl
 * cannot may be left out: a registration without an MRN gets one (see mrnOf); a
 * registration or an update without `country` has its numbers read in the clinic's; a
 * prescription without its digest is signed as sent, by the signed-in prescriber (the
 * request is theirs, so the content they sent is the content they sign). Anything else,
 * or a payload that does not parse, goes to the decider as it came.
 */
function payloadOf(
  type: string,
  given: Record<string, unknown>,
  aggregateId: string,
  country: string | null,
): Record<string, unknown> {
  const payload = takesPhones.has(type) && !('country' in given) ? { ...given, country } : given;
  if (type === 'RegisterPatient' && !('mrn' in payload))
    return { ...payload, mrn: mrnOf(aggregateId) };
  if (type === 'IssuePrescription' && !('content_sha256' in payload)) {
    const content = prescriptionContentSchema.safeParse(payload);
    if (content.success)
      return {
        ...payload,
        content_sha256: sha256HexOfText(prescriptionSigningText(content.data)),
      };
  }
  return payload;
}

/**
 * A command that only its own route issues (CommandSpec.onlyThrough): `create-user` here
 * would make a user with no password, who could never sign in.
 */
const routeOnlyError = (command: string, route: string) =>
  new HttpError(
    400,
    'use_another_route',
    `${command} is not a command of this route: use ${route}`,
    {
      route,
    },
  );

const refusalStatus = (code: string, status: 'conflict' | 'rejected') =>
  status === 'conflict'
    ? 409
    : code === 'forbidden'
      ? 403
      : code === 'not_found'
        ? 404
        : code === 'illegal_state'
          ? 409
          : 400;

/**
 * `POST /commands/<command>` (docs/api.md): one command, decided by the shared decider
 * on the server's state and stored through the same push as a tablet's (one command,
 * as the signed-in person on their device): there is no second write path. A refused
 * command stores nothing; a version conflict is 409 with the current version (and, for
 * a clinician, the current state).
 */
export const commandRoutes: ContractRoutes<CommandRouteOptions> = (
  app,
  { database, store, refusalsKept, clock },
  done,
) => {
  app.post(
    '/commands/:command',
    {
      preValidation: authenticate,
      schema: {
        params: requestPart('command', commandPathSchema),
        body: requestPart('command', restCommandBodySchema),
        response: { 200: restCommandResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const type = typeOf(request.params.command);
      const definition = getCommandDefinition(type);
      if (!definition)
        throw new HttpError(404, 'unknown_command', `No command ${request.params.command}`);
      if (definition.onlyThrough !== undefined)
        throw routeOnlyError(request.params.command, definition.onlyThrough);
      const { auth } = request;
      const body = request.body;
      const given = request.headers['idempotency-key'];
      const key =
        given === undefined
          ? undefined
          : parseRequest(idempotencyKeySchema, given, 'Idempotency-Key');
      const commandId =
        key === undefined ? uuidv7() : commandIdOf(auth.hospitalId, auth.userId, key);
      if (
        !definition.creates &&
        (body.aggregate_id === undefined || body.expected_version === undefined)
      )
        throw new HttpError(
          400,
          'invalid_request',
          `${type} needs aggregate_id and expected_version`,
        );
      const aggregateId =
        body.aggregate_id ??
        (key === undefined
          ? uuidv7()
          : commandIdOf(auth.hospitalId, auth.userId, `aggregate:${key}`));
      const receivedAt = clock();
      const outcome = await store.push(
        {
          hospitalId: auth.hospitalId,
          actor: { user_id: auth.userId, roles: auth.roles },
          deviceId: auth.deviceId,
        },
        [
          {
            command_id: commandId,
            client_seq: 1,
            type,
            aggregate_type: definition.aggregateType,
            aggregate_id: aggregateId,
            expected_version: definition.creates ? 0 : body.expected_version!,
            payload: payloadOf(
              type,
              body.payload,
              aggregateId,
              takesPhones.has(type)
                ? await withTenant(database, auth.hospitalId, (sql) =>
                    clinicPhoneCountry(sql, auth.hospitalId),
                  )
                : null,
            ),
            issued_at: receivedAt.toISOString(),
          },
        ],
        { receivedAt, refusalsKept },
      );
      if ('refused' in outcome) throw batchRefusalError(outcome);
      // Whose roles or active state this command changed: their next request reads anew.
      for (const event of outcome.stored) {
        if (event.type === 'UserRoleChanged' || event.type === 'UserDeactivated') {
          app.sessionChecks.forgetUser(event.aggregate_id);
        }
      }
      const result = outcome.results[0]!;
      if (result.status === 'conflict' || result.status === 'rejected') {
        const error = result.error!;
        const details: Record<string, unknown> = { ...(error.details ?? {}) };
        if (result.status === 'conflict') {
          const current = await currentOf(
            database,
            auth.hospitalId,
            definition.aggregateType,
            aggregateId,
            { user_id: auth.userId, roles: auth.roles },
          );
          details.current_version = current.version;
          if (mayRead(auth.roles, 'clinical')) details.current = current.state;
        }
        throw new HttpError(
          refusalStatus(error.code, result.status),
          error.code,
          saidOf(error),
          details,
        );
      }
      return {
        success: true as const,
        aggregate_id: aggregateId,
        version: result.events.at(-1)?.version ?? 0,
        status: result.status,
        command_id: commandId,
      };
    },
  );
  done();
};

/**
 * An aggregate's version and state as the server holds them now, folded from what the
 * reader may read of its events (a message's body only for its sender and recipients).
 */
async function currentOf(
  database: Database,
  hospitalId: string,
  aggregateType: AggregateType,
  aggregateId: string,
  reader: Reader,
) {
  const { rows } = await withTenant(database, hospitalId, (sql) =>
    sql.query<{ type: string; schema_version: number; data: unknown }>(
      `SELECT type, schema_version, data FROM event_store
        WHERE hospital_id = $1 AND aggregate_id = $2 ORDER BY version`,
      [hospitalId, aggregateId],
    ),
  );
  const readable = rows.map((row) => {
    const kept = withoutUnreadableContent(row.type, row.data, reader);
    return kept ? { ...row, data: kept, redacted: true } : row;
  });
  return { version: rows.length, state: foldEvents(aggregateType, readable) };
}
