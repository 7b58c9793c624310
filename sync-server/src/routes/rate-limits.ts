import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { isClientFile } from './app-paths';

/**
 * Requests per address and minute. The app's own files are never counted: a new tablet's
 * service worker fetches every one of them at once (over a hundred chunks and language
 * files), and a clinic's tablets share one address behind its router. They are files on
 * disk, sent as built; the API's routes stay limited.
 */
export const rateLimits = (perMinute: number): RateLimitPluginOptions => ({
  max: perMinute,
  timeWindow: '1 minute',
  allowList: (request) => request.method === 'GET' && isClientFile(request.url),
});
