import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors';

/** Far deeper than any body of the API (about ten levels), far shallower than a stack. */
export const maxJsonDepth = 64;

// PostgreSQL text and jsonb hold neither NUL nor half of a UTF-16 surrogate pair.
const halfSurrogatePair = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isUnstorable = (text: string) => text.includes('\u0000') || halfSurrogatePair.test(text);

/**
 * Why a parsed body cannot be taken, or undefined. Walked without recursion, so that
 * no depth of nesting can overflow the stack here or anywhere after; the walk keeps
 * its values and their depths in two plain stacks, as a push body holds thousands.
 */
export function findUnacceptableJson(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const item = pending.pop();
    const depth = depths.pop()!;
    if (typeof item === 'string') {
      if (isUnstorable(item)) return 'The body holds a NUL character or a broken surrogate pair';
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    if (depth > maxJsonDepth) return `The body nests deeper than ${maxJsonDepth} levels`;
    if (Array.isArray(item)) {
      for (const child of item) {
        pending.push(child);
        depths.push(depth + 1);
      }
      continue;
    }
    const record = item as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      if (isUnstorable(key)) return 'The body holds a NUL character or a broken surrogate pair';
      pending.push(record[key]);
      depths.push(depth + 1);
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
