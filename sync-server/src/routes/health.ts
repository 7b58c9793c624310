import { healthResponseSchema } from '@mymedic/shared';
import type { Database } from '../db/database';
import type { ContractRoutes } from '../plugins/contract';

export interface HealthRouteOptions {
  database: Database;
  version: string;
}

/** Whether the server and its database answer: for load balancers and uptime checks. */
export const healthRoutes: ContractRoutes<HealthRouteOptions> = (
  app,
  { database, version },
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
      try {
        await database.query('SELECT 1');
      } catch {
        connected = false;
      }
      return reply.status(connected ? 200 : 503).send({
        status: connected ? 'healthy' : 'unhealthy',
        timestamp: new Date().toISOString(),
        uptime: process.uptime(),
        database: connected ? 'connected' : 'disconnected',
        version,
      });
    },
  );
  done();
};
