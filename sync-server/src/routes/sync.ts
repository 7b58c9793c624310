import { refusal } from '@mymedic/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  liveMessageSchema,
  maxCommandsPerPush,
  maxPushBytes,
  pullQuerySchema,
  pullPageSchema,
  pushResponseSchema,
  type PushResponse,
} from '@mymedic/shared';
import { batchRefusalError, HttpError } from '../errors';
import type { EventStore } from '../event-store/store';
import { authenticate } from '../plugins/authenticate';
import {
  refusals,
  requestPart,
  writtenWithJsonStringify,
  type ContractRoutes,
} from '../plugins/contract';
import type { LiveConnections } from './live-connections';
import { pushBody } from './push-body';

export interface SyncRouteOptions {
  store: EventStore;
  keepaliveSeconds: number;
  /** Refusals kept per person, so that a copy of a refused command is refused again. */
  refusalsKept: number;
  /** Live connections, capped per session and per hospital, ended when the server closes. */
  liveConnections: LiveConnections;
  /** The server's clock: a push's receipt time, which device clocks are held to. */
  clock: () => Date;
}

/** Too many commands is its own refusal (413), made before the body is checked. */
function refuseTooManyCommands(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: HttpError) => void,
) {
  const { body } = request;
  const commands = typeof body === 'object' && body !== null && 'commands' in body && body.commands;
  if (Array.isArray(commands) && commands.length > maxCommandsPerPush) {
    return done(
      new HttpError(413, 'too_many_commands', `At most ${maxCommandsPerPush} commands per push`),
    );
  }
  done();
}

/** Pushing commands, pulling events and the live stream of head positions. */
export const syncRoutes: ContractRoutes<SyncRouteOptions> = (app, options, done) => {
  const { store } = options;

  app.post(
    '/sync/push',
    {
      preValidation: [authenticate, refuseTooManyCommands],
      bodyLimit: maxPushBytes,
      schema: { body: pushBody, response: { 200: pushResponseSchema, ...refusals } },
    },
    async (request): Promise<PushResponse> => {
      const receivedAt = options.clock();
      const push = request.body;
      const { auth } = request;
      if (auth.deviceId !== push.device_id) {
        throw new HttpError(403, 'device_mismatch', refusal('server.otherDevice'));
      }
      const ids = new Set<string>();
      for (const command of push.commands) {
        if (ids.has(command.command_id)) {
          throw new HttpError(
            400,
            'invalid_request',
            `command_id ${command.command_id} appears twice in the batch`,
          );
        }
        ids.add(command.command_id);
      }
      const outcome = await store.push(
        {
          hospitalId: auth.hospitalId,
          actor: { user_id: auth.userId, roles: auth.roles },
          deviceId: push.device_id,
        },
        push.commands,
        { receivedAt, refusalsKept: options.refusalsKept },
      );
      if ('refused' in outcome) throw batchRefusalError(outcome);
      app.metrics?.pushed(
        outcome.results.map((result) => result.status),
        outcome.stored.length,
      );
      // Whose roles or active state this push changed: their next request reads anew.
      for (const event of outcome.stored) {
        if (event.type === 'UserRoleChanged' || event.type === 'UserDeactivated') {
          app.sessionChecks.forgetUser(event.aggregate_id);
        }
      }
      return {
        results: outcome.results,
        last_client_seq: outcome.lastClientSeq,
        head: outcome.head,
      };
    },
  );

  app.get(
    '/sync/pull',
    {
      preValidation: authenticate,
      schema: {
        querystring: requestPart('pull query', pullQuerySchema),
        // A page of events is mostly free-form `data`: JSON.stringify writes it
        // faster than fast-json-stringify (1.86 against 3.03 ms for 1,000 events).
        response: {
          200: writtenWithJsonStringify(pullPageSchema),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const { after, limit, format } = request.query;
      const { hospitalId, userId, roles } = request.auth;
      const reader = { user_id: userId, roles };
      if (format === undefined) return store.pull(hospitalId, after, limit, reader);
      // Streamed, and compressed as it goes for a device that accepts it: a stream is
      // sent as it is, which the reply's typing (the page as an object) cannot say.
      return (reply as FastifyReply)
        .type('application/json; charset=utf-8')
        .send(store.pullCompact(hospitalId, after, limit, reader));
    },
  );

  // Content-free pokes: the device pulls when the head moves. Read with fetch, so the
  // Authorization header works; a comment line keeps proxies from closing it.
  app.get(
    '/sync/live',
    {
      preValidation: authenticate,
      config: { rateLimit: false },
      // A stream of small events, each sent as it happens: never held back to compress.
      compress: false,
      schema: {
        response: {
          200: {
            description: 'A server-sent event `data: {"head": n}` each time the head moves',
            content: { 'text/event-stream': { schema: liveMessageSchema } },
          },
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const { hospitalId, userId, deviceId } = request.auth;
      // Its place is taken before anything is awaited, so a flood cannot pass the caps.
      // Ended before it streams (a newer stream of the session took its place), it only
      // gives the place back.
      let ended = false;
      let end = () => {
        ended = true;
        release();
      };
      const release = options.liveConnections.open(
        hospitalId,
        `${hospitalId}:${userId}:${deviceId ?? ''}`,
        () => end(),
      );
      let head: number;
      try {
        head = await store.head(hospitalId);
      } catch (error) {
        release();
        throw error;
      }
      if (ended) {
        throw new HttpError(
          409,
          'live_connection_replaced',
          'A newer live connection of this session took its place',
        );
      }
      if (request.raw.socket.destroyed) {
        release();
        return reply.hijack();
      }
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (head: number) => raw.write(`data: ${JSON.stringify({ head })}\n\n`);
      send(head);
      const unsubscribe = store.subscribe(hospitalId, send);
      const keepalive = setInterval(
        () => raw.write(': keepalive\n\n'),
        options.keepaliveSeconds * 1000,
      );
      end = () => {
        clearInterval(keepalive);
        unsubscribe();
        release();
        raw.end();
      };
      request.raw.on('close', end);
    },
  );
  done();
};
