import type { FastifyInstance } from 'fastify';
import {
  maxCommandsPerPush,
  maxPushBytes,
  mayRead,
  pullQuerySchema,
  type PushResponse,
} from '@mymedic/shared';
import { batchRefusalError, HttpError, parseRequest } from '../errors';
import type { EventStore } from '../event-store/store';
import { authenticate } from '../plugins/authenticate';
import type { LiveConnections } from './live-connections';
import { parsePushRequest } from './push-body';

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

export function syncRoutes(app: FastifyInstance, options: SyncRouteOptions) {
  const { store } = options;

  app.post(
    '/sync/push',
    { preHandler: authenticate, bodyLimit: maxPushBytes },
    async (request): Promise<PushResponse> => {
      const receivedAt = options.clock();
      const body = request.body as { commands?: unknown } | null;
      if (Array.isArray(body?.commands) && body.commands.length > maxCommandsPerPush) {
        throw new HttpError(
          413,
          'too_many_commands',
          `At most ${maxCommandsPerPush} commands per push`,
        );
      }
      const push = parsePushRequest(request.body);
      const { auth } = request;
      if (auth.deviceId !== push.device_id) {
        throw new HttpError(403, 'device_mismatch', 'This session belongs to another device');
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

  app.get('/sync/pull', { preHandler: authenticate }, async (request) => {
    const { after, limit } = parseRequest(pullQuerySchema, request.query, 'pull query');
    const readsClinical = mayRead(request.auth.roles, 'clinical');
    return store.pull(request.auth.hospitalId, after, limit, readsClinical);
  });

  // Content-free pokes: the device pulls when the head moves. Read with fetch, so the
  // Authorization header works; a comment line keeps proxies from closing it.
  app.get(
    '/sync/live',
    { preHandler: authenticate, config: { rateLimit: false } },
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
}
