import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';

export function healthRoutes(app: FastifyInstance, database: Database, version: string) {
  app.get('/health', { config: { rateLimit: false } }, async (_request, reply) => {
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
  });
}
