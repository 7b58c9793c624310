import type { FastifyError, FastifyInstance } from 'fastify';
import {
  DomainError,
  describeIssues,
  refusal,
  refusalBody,
  type DomainErrorCode,
  type Refusal,
  type RefusalKey,
  type RefusalValues,
} from '@mymedic/shared';
import { z } from 'zod';
import type { BatchRefusal, CommandRefusal } from './event-store/store';

/**
 * An expected failure of a request, with the contract's code and HTTP status. One a
 * person reads (a sign-in's, an account screen's) is said as a refusal, whose key and
 * values the app says in the person's language; one meant for programs is a sentence.
 */
export class HttpError extends Error {
  readonly key: RefusalKey | undefined;
  readonly values: RefusalValues | undefined;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    said: string | Refusal,
    readonly details?: unknown,
    /** Headers the answer carries, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(typeof said === 'string' ? said : said.message);
    this.key = typeof said === 'string' ? undefined : said.key;
    this.values = typeof said === 'string' ? undefined : said.values;
  }
}

/** An HttpError's answer: `{ code, message, key?, values?, details? }`. */
const httpErrorBody = (error: HttpError) => ({
  code: error.code,
  message: error.message,
  ...(error.key ? { key: error.key } : {}),
  ...(error.values ? { values: error.values } : {}),
  ...(error.details ? { details: error.details } : {}),
});

export const domainErrorStatus: Record<DomainErrorCode, number> = {
  validation: 400,
  not_found: 404,
  illegal_state: 409,
  forbidden: 403,
  conflict: 409,
};

/** A batch the event store refused whole, as the answer the pusher gets. */
export function batchRefusalError(refused: BatchRefusal): HttpError {
  switch (refused.refused) {
    case 'account_inactive':
      return new HttpError(403, 'account_inactive', refusal('server.accountInactive'));
  }
}

/**
 * A command the server issued itself and the store refused (its transaction fails): a
 * conflict is 409, a refusal for the actor's roles 403, any other rejection 400.
 */
export function commandRefusalError(refused: CommandRefusal): HttpError {
  const { error } = refused;
  const status = refused.status === 'conflict' ? 409 : error.code === 'forbidden' ? 403 : 400;
  return new HttpError(status, error.code, saidOf(error), error.details);
}

/**
 * A command's refusal as an HttpError says it: with its key and values (made by the
 * shared catalog's `refusal`), so an app says it in the person's language; one without
 * them stays a sentence.
 */
export const saidOf = (error: CommandRefusal['error']): string | Refusal =>
  error.key
    ? {
        key: error.key as RefusalKey,
        ...(error.values ? { values: error.values } : {}),
        message: error.message,
      }
    : error.message;

/** Parses a request part with a zod schema; failures are a 400 naming each field. */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, 'invalid_request', `The ${what} is not valid`, {
    issues: describeIssues(result.error),
  });
}

const fastifyCodes: Record<string, { statusCode: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    statusCode: 400,
    code: 'invalid_json',
    message: 'The body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    statusCode: 400,
    code: 'invalid_json',
    message: 'The body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    statusCode: 413,
    code: 'payload_too_large',
    message: 'The body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    statusCode: 415,
    code: 'unsupported_media_type',
    message: 'Send application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    statusCode: 400,
    code: 'invalid_request',
    message: 'Bad Content-Length',
  },
};

/**
 * The one place errors become responses: `{"error": {code, message, details?}}`. A 5xx
 * never carries internals; it is logged with the request id instead.
 */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.statusCode).send({ error: httpErrorBody(error) });
    }
    if (error instanceof DomainError) {
      return reply.status(domainErrorStatus[error.code]).send({ error: refusalBody(error) });
    }
    const fastifyError = error as FastifyError;
    const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
    if (known) {
      return reply
        .status(known.statusCode)
        .send({ error: { code: known.code, message: known.message } });
    }
    if (fastifyError.statusCode === 429) {
      const said = refusal('server.rateLimited');
      return reply.status(429).send({ error: { code: 'rate_limited', ...said } });
    }
    if (
      fastifyError.statusCode &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      return reply
        .status(fastifyError.statusCode)
        .send({ error: { code: 'invalid_request', message: fastifyError.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', ...refusal('server.internal') } });
  });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (an address and headers
 * over 16 kB, a malformed request line, a client too slow to send its headers): the
 * API's one error shape too, and `Connection: close`, since the socket is closed after
 * it and a client must not send its next request on it.
 */
export function clientErrorHandler(
  error: NodeJS.ErrnoException,
  socket: import('node:net').Socket,
) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'headers_too_large',
          'The address and headers are too large',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive']
        : [400, 'Bad Request', 'invalid_request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
