import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';

/** Far deeper than any body of the API (about ten levels), far shallower than a stack. */
export const maxJsonDepth = 64;

// PostgreSQL text and jsonb hold neither NUL nor half of a UTF-16 surrogate pair.
const halfSurrogatePair = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isUnstorable = (text: string) => text.includes('\u0000') || halfSurrogatePair.test(text);

/**
 * Why a parsed body cannot be taken, or undefined. Walked without recursion, so that
 * no depth of nesting can overflow the stack here or anywhere after.
 */
export function findUnacceptableJson(value: unknown): string | undefined {
  const pending: { item: unknown; depth: number }[] = [{ item: value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { item, depth } = next;
    if (typeof item === 'string') {
      if (isUnstorable(item)) return 'The body holds a NUL character or a broken surrogate pair';
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth > maxJsonDepth) return `The body nests deeper than ${maxJsonDepth} levels`;
    for (const [key, child] of Object.entries(item)) {
      if (isUnstorable(key)) return 'The body holds a NUL character or a broken surrogate pair';
      pending.push({ item: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Fastify's JSON parser (which refuses `__proto__` and `constructor.prototype`), then a
 * 400 for what would fail later as a 500: text PostgreSQL cannot store, and nesting
 * deep enough to overflow a recursive walk such as JSON.stringify.
 */
export function acceptOnlyStorableJson(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body.toString(), (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      const problem = findUnacceptableJson(value);
      if (problem) return done(new HttpError(400, 'invalid_request', problem), undefined);
      done(null, value);
    });
  });
}
