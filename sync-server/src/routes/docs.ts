import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const file = (name: string) => readFileSync(new URL(`./docs/${name}`, import.meta.url), 'utf8');

/**
 * GET /docs: a page a person can browse, drawn in the browser from /openapi.json (the
 * same document integrations read). Plain files of its own, so the page needs nothing
 * from outside the server and keeps to its content security policy.
 */
export function docsPage(app: FastifyInstance) {
  const page = { html: file('page.html'), js: file('page.js'), css: file('page.css') };
  const options = { schema: { hide: true } };
  app.get('/docs', options, (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page.html),
  );
  app.get('/docs/page.js', options, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(page.js),
  );
  app.get('/docs/page.css', options, (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(page.css),
  );
}
