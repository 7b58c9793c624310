import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyJwt from '@fastify/jwt';
import fastifyRateLimit from '@fastify/rate-limit';
import { rateLimits } from './routes/rate-limits';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { Config } from './config';
import type { Database } from './db/database';
import { clientErrorHandler, registerErrorHandler } from './errors';
import { EventStore } from './event-store/store';
import { HeadNotifier } from './event-store/heads';
import { HeadRelay } from './event-store/head-relay';
import { authenticate } from './plugins/authenticate';
import { jsonSchemasOf, useZodContract } from './plugins/contract';
import { acceptOnlyStorableJson } from './plugins/json-body';
import { batchGuards, serverProjections } from './projections';
import type { AccessClaims } from './auth/sessions';
import type { AccountServices } from './auth/accounts';
import { SessionChecks } from './auth/session-checks';
import { deviceRoutes } from './routes/devices';
import { reminderRoutes } from './routes/reminders';
import { whatsAppWebhookRoutes } from './routes/whatsapp-webhook';
import { emptyWebhookStats, type WebhookStats } from './reminders/whatsapp-receipts';
import { authRoutes } from './routes/auth';
import { fileRoutes } from './routes/files';
import { healthRoutes } from './routes/health';
import { LiveConnections } from './routes/live-connections';
import { syncRoutes } from './routes/sync';
import { recordRoutes } from './routes/records';
import { fhirRoutes } from './routes/fhir';
import { commandRoutes } from './routes/commands';
import { docsPage } from './routes/docs';
import { Metrics } from './plugins/metrics';
import { summarise } from './read-side/lag';
import { Projector } from './read-side/projector';
import { isApiRoute, isNavigation, pageFor, takesPage } from './routes/app-paths';
import { readModels } from './read-side/folded-states';
import { channelNames, configuredChannels, reminderScheduler, ReminderSender } from './reminders';
import { outboxCounts } from './reminders/claims';
import { codeChannels } from './portal/code-channels';
import { portalRoutes } from './portal/routes';
import { portalSignInRoutes } from './portal/sign-in-routes';
import { authenticatePortal, portalAudience, type PortalTokens } from './portal/session';

export interface AppDependencies {
  config: Config;
  database: Database;
  clock?: () => Date;
  /** Keep the read models behind the log (true); off for tests that drive a projector of their own. */
  runProjector?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountServices;
    store: EventStore;
    liveConnections: LiveConnections;
    projector: Projector;
    reminderSender: ReminderSender;
    /** What the WhatsApp webhook recorded, replayed, could not place or ignored. */
    whatsAppWebhook: WebhookStats;
    metrics: Metrics | undefined;
  }
}

/** Builds the whole server: API, live stream and, when built, the client. */
export async function buildApp({
  config,
  database,
  clock = () => new Date(),
  runProjector = config.runProjector,
}: AppDependencies) {
  /** A key of its own for one use, drawn from the server's one secret. */
  const secretFor = (use: string) =>
    createHmac('sha256', config.jwtSecret).update(use).digest('base64url');
  const heads = new HeadNotifier();
  const store = new EventStore(
    database,
    { projections: serverProjections, guards: batchGuards, snapshotEvery: config.snapshotEvery },
    heads,
  );
  const app = Fastify({
    // HTTPS when a certificate is given (TLS_CERT, TLS_KEY), plain HTTP otherwise.
    https: config.tls ? { cert: config.tls.certificate, key: config.tls.key } : null,
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'body.password', 'body.refresh_token'],
            ...(config.environment === 'development'
              ? { transport: { target: 'pino-pretty' } }
              : {}),
          },
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
    trustProxy: config.trustProxy,
    forceCloseConnections: true,
    genReqId: () => crypto.randomUUID(),
    // Refusals made before any route runs (a path part past 100 characters, a URL that
    // is not one) get the API's one error shape too.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.status(tooLong ? 414 : 400).send({
        error: tooLong
          ? { code: 'uri_too_long', message: 'A part of the address is too long' }
          : { code: 'invalid_request', message: 'The address is not valid' },
      });
    },
  }) as unknown as FastifyInstance;
  registerErrorHandler(app);
  acceptOnlyStorableJson(app);
  useZodContract(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        // Without a certificate the server speaks plain http (fine on localhost).
        upgradeInsecureRequests: config.tls ? [] : null,
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
        // A document's photo is shown from the device's own copy (a blob: URL).
        'img-src': ["'self'", 'data:', 'blob:'],
      },
    },
    // Browsers that reached the server over HTTPS keep to it for a year (sent only then:
    // over plain HTTP the header means nothing and would only mislead).
    hsts: config.tls ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
  });
  await app.register(fastifyCors, {
    origin: (origin, callback) => callback(null, !origin || config.corsOrigins.includes(origin)),
    credentials: false,
  });
  await app.register(fastifyRateLimit, rateLimits(config.rateLimitPerMinute));
  // Answers compressed for a client that accepts it (pull pages, FHIR bundles, lists):
  // brotli at quality 4, a fraction of the CPU of its best for most of the gain on JSON;
  // the app's files go precompressed as they are. Bodies sent to us are never inflated:
  // a small compressed body must not become a large one past the body limit's check.
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
    globalDecompression: false,
  });
  await app.register(fastifyJwt, {
    secret: config.jwtSecret,
    sign: {
      algorithm: 'HS256',
      expiresIn: `${config.accessTokenTtlSeconds}s`,
      aud: 'mymedic',
      iss: 'mymedic-sync',
    },
    verify: {
      algorithms: ['HS256'],
      allowedAud: 'mymedic',
      allowedIss: 'mymedic-sync',
      // Without these a token lacking aud, iss or exp would pass the checks above.
      requiredClaims: ['aud', 'iss', 'exp'],
    },
  });

  // Portal tokens (docs/portal.md): their own audience and a key of their own, drawn from
  // the one secret, so that no staff route can take one and no portal route a staff one.
  await app.register(fastifyJwt, {
    namespace: 'portal',
    secret: secretFor('portal tokens'),
    sign: { algorithm: 'HS256', aud: portalAudience, iss: 'mymedic-sync' },
    verify: {
      algorithms: ['HS256'],
      allowedAud: portalAudience,
      allowedIss: 'mymedic-sync',
      requiredClaims: ['aud', 'iss', 'exp'],
    },
  });
  app.decorate('portalTokens', (app.jwt as unknown as { portal: PortalTokens }).portal);

  const services: AccountServices = {
    database,
    store,
    clock,
    sessions: {
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      sessionHours: config.sessionHours,
      signAccessToken: (claims: AccessClaims) => app.jwt.sign(claims),
    },
  };
  app.decorate('accounts', services);
  app.decorate('sessionChecks', new SessionChecks(database, config.authCheckCacheSeconds));
  app.decorate('store', store);
  const liveConnections = new LiveConnections({
    perSession: config.liveMaxPerSession,
    perHospital: config.liveMaxPerHospital,
  });
  app.decorate('liveConnections', liveConnections);
  app.addHook('onClose', (_instance, done) => {
    liveConnections.endAll();
    done();
  });
  // On PostgreSQL other processes may share the database (docs/operations.md, "Several
  // processes"): their heads reach this one's live connections, and this one's theirs.
  if ('url' in config.database && database.kind === 'postgres') {
    const relay = new HeadRelay({
      connectionString: config.database.url,
      database,
      heads,
      onTrouble: (error, what) => app.log.warn({ err: error }, what),
    });
    app.addHook('onReady', async () => {
      await relay.start();
    });
    app.addHook('onClose', async () => {
      await relay.stop();
    });
  }

  // Read models behind the log, woken by every stored batch and each second; reminders last.
  const channels = configuredChannels(config.reminders);
  const projector = new Projector(
    database,
    [...readModels, reminderScheduler({ available: channelNames(channels), clock })],
    {
      pageSize: config.projectorPageSize,
      onPage: (page) => app.log.debug(page, 'projected a page'),
      onFailure: ({ error, outcome, ...where }) => {
        const message = {
          passing: 'a read model met a passing failure; the next round tries again',
          counted: 'a read model could not apply an event; it will try again',
          stopped: 'a read model stopped at an event it cannot apply (projection_errors)',
        }[outcome];
        if (outcome === 'stopped') app.log.error({ err: error, ...where }, message);
        else app.log.warn({ err: error, ...where }, message);
      },
    },
  );
  app.decorate('projector', projector);
  if (runProjector) {
    const stopWaking = store.subscribeAll((hospitalId) => {
      void projector
        .wake(hospitalId)
        .catch((error: unknown) =>
          app.log.error({ err: error, hospitalId }, 'the projector could not catch up'),
        );
    });
    app.addHook('onReady', (done) => {
      projector.start();
      done();
    });
    app.addHook('onClose', async () => {
      stopWaking();
      await projector.stop();
    });
  }
  const whatsAppWebhook = emptyWebhookStats();
  app.decorate('whatsAppWebhook', whatsAppWebhook);
  const metrics: Metrics | undefined = config.metrics
    ? new Metrics(async () => summarise(projector.models, await projector.lag()), {
        outboxCounts: () => outboxCounts(database),
        longestWindowMs: (): number => reminderSender.stats.longestWindowMs,
        webhook: () => whatsAppWebhook,
      })
    : undefined;
  app.decorate('metrics', metrics);
  // Appointment reminders go out from here when a channel is configured. In test mode
  // alone the sender's clock may run ahead of the server's (the fault suite's processes).
  const senderClock =
    config.reminders.senderClockOffsetMs === 0
      ? clock
      : () => new Date(clock().getTime() + config.reminders.senderClockOffsetMs);
  const reminderSender = new ReminderSender(database, store, channels, {
    clock: senderClock,
    sendTimeoutMs: config.reminders.sendTimeoutMs,
    maxAttempts: config.reminders.maxAttempts,
    retryBaseMs: config.reminders.retryBaseMs,
    leaseMarginMs: config.reminders.leaseMarginMs,
    onError: (error) => app.log.error({ err: error }, 'a round of the reminder sender failed'),
    ...(metrics ? { observe: (counted, by) => metrics.reminderCounted(counted, by) } : {}),
  });
  app.decorate('reminderSender', reminderSender);
  if (config.reminders.runSender && channels.length > 0) {
    app.addHook('onReady', (done) => {
      reminderSender.start(config.reminders.intervalMs);
      done();
    });
    app.addHook('onClose', async () => {
      await reminderSender.stop();
    });
  }
  metrics?.register(app);

  // Collects every route registered after it into the OpenAPI document.
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'MyMedic sync server', version: config.version },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    hideUntagged: false,
    transform: ({ schema, url, route }) => {
      // The client's files (served when built) are no part of the API.
      if (!isApiRoute(url) || !schema) return { schema: { hide: true }, url };
      const hooks = [route.onRequest, route.preValidation].flat();
      const signedIn = hooks.includes(authenticate) || hooks.includes(authenticatePortal);
      return {
        schema: { ...jsonSchemasOf(schema), ...(signedIn ? { security: [{ bearer: [] }] } : {}) },
        url,
      };
    },
  });
  const clientBuilt = existsSync(join(config.clientDist, 'index.html'));
  if (clientBuilt) {
    app.addHook('onRequest', async (request, reply) => {
      if (isNavigation(request))
        return reply.header('cache-control', 'no-cache').sendFile(pageFor(request.url));
    });
  }
  await app.register(healthRoutes, { database, projector, version: config.version });
  await app.register(authRoutes, { services, throttle: config.loginThrottle });
  await app.register(deviceRoutes, { database });
  await app.register(reminderRoutes, { available: channelNames(channels) });
  await app.register(whatsAppWebhookRoutes, {
    database,
    store,
    settings: config.reminders.whatsapp,
    clock,
    stats: whatsAppWebhook,
  });
  await app.register(recordRoutes, { database });
  await app.register(fhirRoutes, { database });
  await app.register(commandRoutes, {
    database,
    store,
    refusalsKept: config.refusalsKept,
    clock,
  });
  await app.register(syncRoutes, {
    store,
    keepaliveSeconds: config.liveKeepaliveSeconds,
    refusalsKept: config.refusalsKept,
    liveConnections,
    clock,
  });
  await app.register(fileRoutes, { database, quotaBytes: config.filesQuotaBytesPerHospital });
  await app.register(portalSignInRoutes, {
    signIn: {
      database,
      codeSecret: secretFor('portal codes'),
      clock,
      settings: config.portal,
      channels: codeChannels(channels, config.portal.whatsapp),
    },
    sendTimeoutMs: config.reminders.sendTimeoutMs,
  });
  await app.register(portalRoutes, { database, clock, store, projector });
  // The API's description, generated from the route schemas: public, as the API's shape is.
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  docsPage(app);

  if (clientBuilt) {
    await app.register(fastifyStatic, {
      root: config.clientDist,
      // The build writes brotli and gzip copies of its text files (client/scripts/
      // precompress.ts): sent as they are to a browser that accepts them, with Vary.
      preCompressed: true,
      setHeaders(response, path) {
        if (
          path.endsWith('sw.js') ||
          path.endsWith('index.html') ||
          path.endsWith('portal.html') ||
          path.endsWith('.webmanifest')
        ) {
          response.header('cache-control', 'no-cache');
        } else if (path.includes(`${join(config.clientDist, 'assets')}`)) {
          response.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = isApiRoute(request.url);
    if (clientBuilt && request.method === 'GET' && !isApi && takesPage(request)) {
      // The app's own routes (/patients/..., /portal/visits) all load their page.
      return reply.header('cache-control', 'no-cache').sendFile(pageFor(request.url));
    }
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } });
  });

  return app;
}
