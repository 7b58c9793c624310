import { healthResponseSchema } from '@mymedic/shared';
import type { Database } from '../db/database';
import type { ContractRoutes } from '../plugins/contract';
import { summarise } from '../read-side/lag';
import type { Projector } from '../read-side/projector';

export interface HealthRouteOptions {
  database: Database;
  projector: Projector;
  version: string;
}

/**
 * Whether the server and its database answer, for load balancers and uptime checks,
 * and where each read model stands (the worst of its hospitals; no hospital is named).
 * A stopped read model makes the server `degraded`, still 200: pushes and pulls go on
 * without it.
 */
export const healthRoutes: ContractRoutes<HealthRouteOptions> = (
  app,
  { database, projector, version },
  done,
) => {
  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: { response: { 200: healthResponseSchema, 503: healthResponseSchema } },
    },
    async (_request, reply) => {
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
    },
  );
  done();
};
