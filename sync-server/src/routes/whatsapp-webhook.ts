import {
  whatsAppChallengeSchema,
  whatsAppVerificationQuerySchema,
  whatsAppWebhookResponseSchema,
  whatsAppWebhookSchema,
} from '@mymedic/shared';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database';
import { HttpError } from '../errors';
import type { EventStore } from '../event-store/store';
import { refusals, type ContractRoutes } from '../plugins/contract';
import { findUnacceptableJson } from '../plugins/json-body';
import type { WhatsAppChannelSettings } from '../reminder-config';
import {
  emptyWebhookStats,
  recordWebhook,
  type WebhookStats,
} from '../reminders/whatsapp-receipts';
import {
  readWebhook,
  signatureIsValid,
  verificationChallenge,
} from '../reminders/whatsapp-webhook';

export interface WhatsAppWebhookOptions {
  database: Database;
  store: EventStore;
  /** Absent when WhatsApp is not set up on this server: the webhook answers 404. */
  settings: WhatsAppChannelSettings | null;
  clock: () => Date;
  /** Counts since the server started, for operators and tests. */
  stats: WebhookStats;
}

const notSetUp = () => new HttpError(404, 'not_found', 'WhatsApp is not set up on this server');

/**
 * The WhatsApp Business webhook (docs/reminders.md, "WhatsApp"). GET is Meta's
 * subscription handshake. POST carries message statuses and the patients' replies; its
 * X-Hub-Signature-256 is checked over the body's raw bytes before anything is read, so a
 * body not signed with the app secret gets 401 and nothing is recorded. What names no
 * reminder of ours is answered 200 (Meta would otherwise send it again and again) and
 * counted.
 */
export const whatsAppWebhookRoutes: ContractRoutes<WhatsAppWebhookOptions> = (
  app,
  options,
  done,
) => {
  const { settings } = options;
  // The signature is over the bytes as they came: this scope keeps the body raw until
  // the signature is checked, and parses it only then.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, parsed) =>
    parsed(null, body),
  );

  app.get(
    '/webhooks/whatsapp',
    {
      schema: {
        querystring: whatsAppVerificationQuerySchema,
        response: { 200: whatsAppChallengeSchema, ...refusals },
      },
    },
    (request, reply) => {
      if (!settings) throw notSetUp();
      const challenge = verificationChallenge(request.query, settings.verifyToken);
      if (challenge === null)
        throw new HttpError(403, 'forbidden', 'The verify token is not this server’s');
      void reply.type('text/plain; charset=utf-8');
      return challenge;
    },
  );

  app.post(
    '/webhooks/whatsapp',
    {
      preValidation: async (request: FastifyRequest) => {
        if (!settings) throw notSetUp();
        const raw = request.body;
        if (!Buffer.isBuffer(raw))
          throw new HttpError(400, 'invalid_request', 'The body must be JSON');
        if (!signatureIsValid(settings.appSecret, raw, request.headers['x-hub-signature-256']))
          throw new HttpError(
            401,
            'invalid_signature',
            'X-Hub-Signature-256 is not the signature of this body with the app secret',
          );
        request.body = await parsedJson(parseJson, request, raw);
      },
      schema: {
        body: whatsAppWebhookSchema,
        response: { 200: whatsAppWebhookResponseSchema, ...refusals },
      },
    },
    async (request) => {
      const update = readWebhook(request.body);
      if (!update)
        throw new HttpError(400, 'invalid_request', 'Not a WhatsApp Business Account webhook');
      const counts = emptyWebhookStats();
      await recordWebhook(
        {
          database: options.database,
          store: options.store,
          appSecret: settings!.appSecret,
          clock: options.clock,
          log: request.log,
          stats: counts,
        },
        update,
      );
      for (const key of Object.keys(counts) as (keyof WebhookStats)[])
        options.stats[key] += counts[key];
      return counts;
    },
  );
  done();
};

/** The body parsed as every other route's is: Fastify's safe parser, storable text only. */
function parsedJson(
  parseJson: ReturnType<FastifyRequest['server']['getDefaultJsonParser']>,
  request: FastifyRequest,
  raw: Buffer,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    void parseJson(request, raw.toString('utf8'), (error: Error | null, value?: unknown) => {
      if (error) return reject(new HttpError(400, 'invalid_request', 'The body is not JSON'));
      const problem = findUnacceptableJson(value);
      if (problem) return reject(new HttpError(400, 'invalid_request', problem));
      resolve(value);
    });
  });
}
