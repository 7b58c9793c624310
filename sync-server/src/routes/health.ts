import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';
import { summarise } from '../read-side/lag';
import type { Projector } from '../read-side/projector';

/**
 * GET /health: whether the database answers, and where each read model stands (the
 * worst of its hospitals; no hospital is named). A stopped read model makes the server
 * `degraded` but still 200: pushes and pulls go on without it.
 */
export function healthRoutes(
  app: FastifyInstance,
  database: Database,
  projector: Projector,
  version: string,
) {
  app.get('/health', { config: { rateLimit: false } }, async (_request, reply) => {
    let connected = true;
    let projections: ReturnType<typeof summarise> | undefined;
    try {
      await database.query('SELECT 1');
      projections = summarise(projector.models, await projector.lag());
    } catch {
      connected = false;
    }
    const failed = Object.values(projections ?? {}).some((lag) => lag.status === 'failed');
    return reply.status(connected ? 200 : 503).send({
      status: !connected ? 'unhealthy' : failed ? 'degraded' : 'healthy',
      timestamp: new Date().toISOString(),
      uptime: process.uptime(),
      database: connected ? 'connected' : 'disconnected',
      version,
      ...(projections ? { projections } : {}),
    });
  });
}
